#!/usr/bin/env bash
# The whole-process comparison of orders-5m: Sluice (BATCH and STREAMING), Flink 2.3 (STREAMING and BATCH, a
# MiniCluster) and Hazelcast Jet 5.7 (an embedded member), each one cold run in a fresh JVM, one after another.
# Every run writes the N orders into a Sluice log inside its own process and runs the query over it (jet-generated:
# its source generates them instead, no log: less work); wall time is the process's, from exec to exit
# (/usr/bin/time), JVM start included. Prints a table of wall seconds and each run's ratio to the
# Sluice runs, and checks that every run printed the same rows and sha256.
#
#   scripts/whole-process.sh [--count N] [--dir D] [--parallelism P]
#
#   --count N        orders (default 10000000)
#   --dir D          scratch directory for the logs and the runs' output, on the disk under test (default: a new
#                    directory under ${TMPDIR:-/tmp}); each log is deleted after its run
#   --parallelism P  Flink's and Jet's parallelism (default: each command's own: Flink 1, Jet the cores); Sluice
#                    runs orders-5m on one thread
set -euo pipefail

SLUICE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COUNT=10000000
SCRATCH=""
PARALLELISM=()
while [ $# -gt 0 ]; do
  case "$1" in
    --count) COUNT="$2"; shift 2 ;;
    --dir) SCRATCH="$2"; shift 2 ;;
    --parallelism) PARALLELISM=(--parallelism "$2"); shift 2 ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "whole-process.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$SCRATCH" ]; then
  SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/sluice-whole-process.XXXXXX")"
fi
mkdir -p "$SCRATCH"
[ -x /usr/bin/time ] || { echo "whole-process.sh: needs /usr/bin/time (GNU time)" >&2; exit 1; }
cd "$SLUICE_HOME"
BENCH_JAR="$SLUICE_HOME/engine-bench/target/sluice-bench.jar"

# Build every jar (and the sluice launcher's class archive) before timing anything: a small run of each, so that no
# timed run includes a Maven build or the archive. Flink's first: its build repackages the examples' jar, which
# makes the launcher's archive stale. The jars' pages are then in the page cache for all of them alike.
echo "preparing (builds the jars if needed; not timed)..." >&2
./sluice flink orders --count 1000 >/dev/null
rm -rf "$SCRATCH/prepare"
./sluice orders --count 1000 --dir "$SCRATCH/prepare" >/dev/null
rm -rf "$SCRATCH/prepare"
java -jar "$BENCH_JAR" jet-orders --count 1000 --generate >/dev/null 2>&1
if [ "$SLUICE_HOME/examples/target/sluice.jar" -nt "$SLUICE_HOME/examples/target/sluice.jsa" ]; then
  echo "whole-process.sh: the launcher's class archive is older than its jar after preparing; the first timed" \
    "Sluice run would make it" >&2
  exit 1
fi

NAMES=()
WALL=()
RSS=()
LAST=()

# run NAME LOGDIR COMMAND...: one timed run; LOGDIR (may be "-") is deleted afterwards
run() {
  local name="$1" logdir="$2"
  shift 2
  echo "$(date -u +%H:%M:%S) $name: $* (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  local out="$SCRATCH/$name.out" timing="$SCRATCH/$name.time"
  if ! /usr/bin/time -f '%e %M' -o "$timing" "$@" >"$out" 2>&1; then
    echo "whole-process.sh: $name failed; its output is in $out" >&2
    exit 1
  fi
  [ "$logdir" = - ] || rm -rf "$logdir"
  NAMES+=("$name")
  WALL+=("$(cut -d' ' -f1 "$timing")")
  RSS+=("$(( $(cut -d' ' -f2 "$timing") / 1024 ))")
  LAST+=("$(grep '^mode=' "$out" | tail -1)")
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
run sluice-batch "$SCRATCH/sluice-batch" ./sluice orders --count "$COUNT" --mode batch --dir "$SCRATCH/sluice-batch"
run sluice-streaming "$SCRATCH/sluice-streaming" \
  ./sluice orders --count "$COUNT" --mode streaming --dir "$SCRATCH/sluice-streaming"
run flink-streaming "$SCRATCH/flink-streaming" ./sluice flink orders --count "$COUNT" --mode streaming \
  --dir "$SCRATCH/flink-streaming" "${PARALLELISM[@]}"
run flink-batch "$SCRATCH/flink-batch" ./sluice flink orders --count "$COUNT" --mode batch \
  --dir "$SCRATCH/flink-batch" "${PARALLELISM[@]}"
run jet "$SCRATCH/jet" java -jar "$BENCH_JAR" jet-orders --count "$COUNT" --dir "$SCRATCH/jet" "${PARALLELISM[@]}"
run jet-generated - java -jar "$BENCH_JAR" jet-orders --count "$COUNT" --generate "${PARALLELISM[@]}"
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }

echo "orders-5m whole process, $COUNT orders, one cold run each; $(nproc) cores; load average $LOAD_BEFORE before," \
  "$LOAD_AFTER after; output in $SCRATCH"
printf '%-17s %8s %12s %15s %19s %9s  %s\n' run wall-s max-rss-MiB x-sluice-batch x-sluice-streaming rows sha256
reference="$(field sha256 "${LAST[0]}")"
agree=yes
for i in "${!NAMES[@]}"; do
  sha="$(field sha256 "${LAST[$i]}")"
  [ "$sha" = "$reference" ] || agree=no
  printf '%-17s %8.2f %12s %15.2f %19.2f %9s  %s\n' "${NAMES[$i]}" "${WALL[$i]}" "${RSS[$i]}" \
    "$(awk -v a="${WALL[$i]}" -v b="${WALL[0]}" 'BEGIN { print a / b }')" \
    "$(awk -v a="${WALL[$i]}" -v b="${WALL[1]}" 'BEGIN { print a / b }')" \
    "$(field rows "${LAST[$i]}")" "${sha:0:16}"
done
# the target: the fastest peer's wall time over each Sluice run's (jet-generated included, though it does less)
fastest=2
for i in 3 4 5; do
  if awk -v a="${WALL[$i]}" -v b="${WALL[$fastest]}" 'BEGIN { exit !(a < b) }'; then fastest=$i; fi
done
echo "fastest peer: ${NAMES[$fastest]} ${WALL[$fastest]} s:" \
  "$(awk -v a="${WALL[$fastest]}" -v b="${WALL[0]}" 'BEGIN { printf "%.2f", a / b }')x sluice-batch," \
  "$(awk -v a="${WALL[$fastest]}" -v b="${WALL[1]}" 'BEGIN { printf "%.2f", a / b }')x sluice-streaming" \
  "(the target: at least 10x)"
if [ "$agree" != yes ]; then
  echo "whole-process.sh: the runs disagree on the sha256 (not the same query?); see $SCRATCH/*.out" >&2
  exit 1
fi

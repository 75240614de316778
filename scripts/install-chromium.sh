#!/usr/bin/env bash
# Installs Debian's chromium, which the report page's browser test (CompareCommandTest) opens headless.
# Needs root or sudo and Debian's package archive; does nothing when a chromium is on the PATH already.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  as_root=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
# a second try: a mirror's hiccup should not fail a whole CI run
for try in 1 2; do
  if "${as_root[@]}" apt-get update -q && "${as_root[@]}" apt-get install -y -q --no-install-recommends chromium; then
    exit 0
  fi
  echo "install-chromium: try $try failed" >&2
  sleep 5
done
exit 1

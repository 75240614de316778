package dev.sluice.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The benchmark jar's entry point, {@code java -jar engine-bench/target/sluice-bench.jar}:
 *
 * <pre>
 *   log [--messages N] [--rounds R] [--latency-messages M] [--dir D]   quick Sluice vs Chronicle side-by-side
 *   jmh [JMH args...]                                                  org.openjdk.jmh.Main with the rest
 *   heap [--events N] [--report-every M]                               streaming state stays flat (run with -Xmx128m)
 *   cold [--events N] [--rounds R] [--modes M,..] [--one-shot-only]    where a cold one-shot orders-5m run's time goes
 *   quantiles [--windows W]                                            quantile sketches' accuracy and bytes per slot
 *   parallel [--events N] [--rounds R] [--runners R,..] [--append-millis T]   orders-5m and appends, 1..4 threads
 *   jet-orders [--count N] [--parallelism P] [--dir D | --generate]    orders-5m on Hazelcast Jet, one JVM
 *   json-cpu [--rounds R] [--millis T]                                 JSON decode/ingest vs databind, per CPU-second
 * </pre>
 *
 * Sets Chronicle's system properties (no analytics) in its static initialiser, before any Chronicle class can
 * load; the jar manifest carries the {@code Add-Opens}/{@code Add-Exports} Chronicle and Agrona need.
 */
@Command(name = "sluice-bench", mixinStandardHelpOptions = true, version = "sluice-bench 0.1.0-SNAPSHOT",
    description = "Sluice's benchmarks: the log side by side with Chronicle Queue 2026.4, engine-core under JMH," +
        " and the streaming heap check.",
    subcommands = {BenchMain.LogCommand.class, BenchMain.JmhCommand.class, BenchMain.HeapCommand.class,
        BenchMain.ColdCommand.class, BenchMain.QuantilesCommand.class, BenchMain.ParallelCommand.class,
        BenchMain.JetOrdersCommand.class, BenchMain.JsonCpuCommand.class})
public final class BenchMain implements Callable<Integer>
{
    static
    {
        BenchFlags.applySystemProperties();
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args)
    {
        final CommandLine commandLine = new CommandLine(new BenchMain());
        // JMH's options (-f 1 -wi 3 -prof gc ...) are not ours: hand them over in order, untouched
        commandLine.getSubcommands().get("jmh").setUnmatchedOptionsArePositionalParams(true);
        System.exit(commandLine.execute(args));
    }

    public Integer call()
    {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "give a command: log, jmh, heap, cold, quantiles, parallel, jet-orders or json-cpu");
    }

    @Command(name = "json-cpu", mixinStandardHelpOptions = true,
        description = {"Times JsonIngestBenchmark's cases by the thread's CPU time (what a " +
            "shared machine's other work does not inflate): events and MB per CPU-second, medians and ratios.",
            "Prints lines like: json-cpu-decode events/cpu-s=<M> (<min>..<max>) MB/cpu-s=<n> " +
                "ratio-to-databindStream=<median> (<min>..<max>)"})
    static final class JsonCpuCommand implements Callable<Integer>
    {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--rounds", paramLabel = "R", defaultValue = "5",
            description = "runs of each case, alternating (default ${DEFAULT-VALUE})")
        int rounds;

        @Option(names = "--millis", paramLabel = "T", defaultValue = "1000",
            description = "wall time of one run of a case, and of its warm-up (default ${DEFAULT-VALUE})")
        long millis;

        public Integer call()
        {
            if (rounds < 1 || millis < 1)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "--rounds " + rounds + " and --millis " +
                    millis + " must both be >= 1; give e.g. --rounds 5 --millis 1000");
            }
            dev.sluice.bench.json.JsonCpuComparison.run(rounds, millis, System.out);
            return 0;
        }
    }

    @Command(name = "log", mixinStandardHelpOptions = true,
        description = {"Quick side-by-side of Sluice and Chronicle Queue without JMH: append and scan throughput at" +
            " 40B and 200B (median of alternating rounds) and one-hop latency at 1M msgs/s.",
            "Prints lines like: log-append-40B sluice=<msgs/s> chronicle=<msgs/s> ratio=<sluice/chronicle>"})
    static final class LogCommand implements Callable<Integer>
    {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--messages", paramLabel = "N", defaultValue = "1000000",
            description = "messages appended and scanned per round and payload size (default ${DEFAULT-VALUE})")
        int messages;

        @Option(names = "--rounds", paramLabel = "R", defaultValue = "5",
            description = "alternating rounds per figure; the median is reported (default ${DEFAULT-VALUE})")
        int rounds;

        @Option(names = "--latency-messages", paramLabel = "M", defaultValue = "1000000",
            description = "messages timed in each one-hop latency run at 1M msgs/s; 0 skips it (default " +
                "${DEFAULT-VALUE})")
        int latencyMessages;

        @Option(names = "--dir", paramLabel = "D",
            description = "where the scratch logs go, deleted afterwards (default: java.io.tmpdir)")
        File dir;

        public Integer call()
        {
            if (messages < 1 || messages > 50_000_000)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "--messages " + messages +
                    " is outside 1..50000000; give e.g. --messages 1000000");
            }
            if (rounds < 1 || rounds > 101)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "--rounds " + rounds +
                    " is outside 1..101; give e.g. --rounds 5");
            }
            if (latencyMessages < 0 || latencyMessages > 100_000_000)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "--latency-messages " +
                    latencyMessages + " is outside 0..100000000; give e.g. --latency-messages 1000000, or 0 to skip");
            }
            if (dir != null)
            {
                System.setProperty("sluice.bench.dir", dir.getAbsolutePath());
            }
            final String missing = missingModuleAccess();
            if (missing != null)
            {
                spec.commandLine().getErr().println("this JVM lacks " + missing + ", which Chronicle Queue needs:" +
                    " run it as java -jar sluice-bench.jar (its manifest adds the flags), or add " +
                    String.join(" ", BenchFlags.all()));
                return 1;
            }
            new dev.sluice.bench.log.LogComparison(messages, rounds, latencyMessages, System.out).run();
            return 0;
        }
    }

    @Command(name = "jmh", mixinStandardHelpOptions = true,
        description = {"Runs JMH (org.openjdk.jmh.Main) with the remaining arguments; forks get the JVM flags" +
            " from @Fork.", "e.g. jmh -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc dev.sluice.bench.log",
            "JMH's own help: jmh -- -h; list benchmarks: jmh -l"})
    static final class JmhCommand implements Callable<Integer>
    {
        @Parameters(arity = "0..*", paramLabel = "JMH-ARGS", description = "passed to JMH as they are")
        List<String> args = new ArrayList<>();

        public Integer call() throws Exception
        {
            org.openjdk.jmh.Main.main(args.toArray(new String[0]));
            return 0;
        }
    }

    @Command(name = "heap", mixinStandardHelpOptions = true,
        description = {"Streams orders-5m (watermark after every event) over N generated orders, no log on disk," +
            " and prints the live heap after a forced GC every M events: state is bounded by the watermark.",
            "Run it with a small heap and the GC log:",
            "  java -Xmx128m -Xlog:gc -jar sluice-bench.jar heap --events 100000000",
            "Prints lines like: heap events=<n> live-after-gc-mib=<MiB> old-gen-mib=<MiB> open-windows=<w> ..."})
    static final class HeapCommand implements Callable<Integer>
    {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--events", paramLabel = "N", defaultValue = "100000000",
            description = "orders to stream (default ${DEFAULT-VALUE})")
        long events;

        @Option(names = "--report-every", paramLabel = "M", defaultValue = "10000000",
            description = "events between heap reports (default ${DEFAULT-VALUE})")
        long reportEvery;

        public Integer call()
        {
            if (events < 1)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "--events " + events +
                    " must be >= 1; give e.g. --events 100000000");
            }
            if (reportEvery < 1)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "--report-every " + reportEvery +
                    " must be >= 1; give e.g. --report-every 10000000");
            }
            new dev.sluice.bench.core.HeapFlatness(events, reportEvery, System.out).run();
            return 0;
        }
    }

    @Command(name = "cold", mixinStandardHelpOptions = true,
        description = {"Times a cold one-shot orders-5m run phase by phase: a log written by a child JVM, opened" +
            " afresh; open, scan (faults, CRC32C, reading), decode, the job warm and cold, into a CSV file.",
            "Round 1 runs in a cold JVM (what a user's process pays); later rounds have the JIT warm.",
            "Prints lines like: phase round=<r> name=<phase> ms=<ms> gc-ms=<ms> events/s=<M>"})
    static final class ColdCommand implements Callable<Integer>
    {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--events", paramLabel = "N", defaultValue = "10000000",
            description = "orders in the log (default ${DEFAULT-VALUE}; 56 bytes of disk each)")
        long events;

        @Option(names = "--rounds", paramLabel = "R", defaultValue = "3",
            description = "rounds of every phase (default ${DEFAULT-VALUE})")
        int rounds;

        @Option(names = "--modes", paramLabel = "M", split = ",", defaultValue = "batch,micro-batch,streaming",
            description = "modes to time (default ${DEFAULT-VALUE})")
        String[] modes;

        @Option(names = "--one-shot-only",
            description = "time only the one-shot runs (file-<mode>), e.g. over large logs")
        boolean oneShotOnly;

        public Integer call()
        {
            if (events < 1 || rounds < 1)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "--events " + events + " and --rounds " +
                    rounds + " must both be >= 1; give e.g. --events 10000000 --rounds 3");
            }
            new dev.sluice.bench.core.ColdRunPhases(events, rounds, modes, oneShotOnly, System.out).run();
            return 0;
        }
    }

    @Command(name = "quantiles", mixinStandardHelpOptions = true,
        description = {"engine-core's quantile sketch and DDSketch on the orders amounts (8000 slots, 1%%): the" +
            " relative error of p50 and p99 per slot and per window, and the heap each keeps per slot.",
            "Speed is QuantileSketchBenchmark's: jmh QuantileSketchBenchmark -prof gc",
            "Prints lines like: accuracy kind=<k> scope=slot quantile=p99 mean-rel-err=<e> max-rel-err=<e> ..."})
    static final class QuantilesCommand implements Callable<Integer>
    {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--windows", paramLabel = "W", defaultValue = "20",
            description = "windows of reset, add and read the memory figure lasts (default ${DEFAULT-VALUE})")
        int windows;

        public Integer call()
        {
            if (windows < 1)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "--windows " + windows +
                    " must be >= 1; give e.g. --windows 20");
            }
            new dev.sluice.bench.core.QuantileSketchFigures(windows, System.out).run();
            return 0;
        }
    }

    /**
     * @return the first module opening that the jar manifest should have given this JVM and did not, or null.
     */
    static String missingModuleAccess()
    {
        final Module unnamed = BenchMain.class.getModule();
        final Module base = Object.class.getModule();
        if (!base.isOpen("java.lang", unnamed))
        {
            return "--add-opens java.base/java.lang=ALL-UNNAMED";
        }
        if (!base.isExported("jdk.internal.misc", unnamed))
        {
            return "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED";
        }
        return null;
    }

    @Command(name = "parallel", mixinStandardHelpOptions = true,
        description = {"The scaling model's figures (engine-bench/SCALING.md) without JMH: orders-5m on one thread and" +
            " on 1, 2 and 4 workers over one log and over partitions, wall and CPU time per event; 40-byte appends" +
            " by one and two producers into their own partitions. Medians of the rounds after the first.",
            "Prints lines like: orders-5m-batch runner=partitions:2 events/s=.. speed-up=.. cpu-ns/event=.."})
    static final class ParallelCommand implements Callable<Integer>
    {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--events", paramLabel = "N", defaultValue = "10000000",
            description = "orders in each log (default ${DEFAULT-VALUE})")
        int events;

        @Option(names = "--rounds", paramLabel = "R", defaultValue = "4",
            description = "rounds of every runner and mode, the first a warm-up (default ${DEFAULT-VALUE})")
        int rounds;

        @Option(names = "--append-millis", paramLabel = "T", defaultValue = "1000",
            description = "how long each append figure appends per round, 0 for none (default ${DEFAULT-VALUE})")
        long appendMillis;

        @Option(names = "--runners", paramLabel = "R,..", defaultValue = dev.sluice.bench.core.ParallelFigures.RUNNERS,
            description = "the orders runners, empty for none (default ${DEFAULT-VALUE}); run one per JVM so that " +
                "each has its own JIT profile")
        String runners;

        @Option(names = "--checkpoints", paramLabel = "DIR",
            description = "also time checkpoints of STREAMING runs every 1M events with their directories in DIR " +
                "(a disk, or /dev/shm to leave the disk out)")
        File checkpoints;

        @Option(names = "--csv", description = "every result into a CSV file, as the cold benchmarks do, instead of " +
            "a sink that drops them")
        boolean csv;

        public Integer call()
        {
            if (events < 1 || rounds < 1 || appendMillis < 0)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "--events and --rounds must be at least" +
                    " 1, --append-millis at least 0");
            }
            new dev.sluice.bench.core.ParallelFigures(events, rounds, Math.max(1, appendMillis), System.out, runners,
                appendMillis > 0, null == checkpoints ? null : checkpoints.toPath()).csv(csv).run();
            return 0;
        }
    }

    @Command(name = "jet-orders", mixinStandardHelpOptions = true,
        description = {"Writes the orders workload into a Sluice log and runs orders-5m over it on Hazelcast Jet 5.7 in" +
            " this JVM (an embedded member on 127.0.0.1), as 'sluice orders' and 'sluice flink orders' do; prints" +
            " the last line 'sluice orders' prints, plus the process's wall time from JVM start:",
            "mode=streaming events=<N> rows=<R> late=<L> sha256=<hex> wallMs=<ms>",
            "The whole-process peer of 'sluice orders' and 'sluice flink orders' (scripts/whole-process.sh)."})
    static final class JetOrdersCommand implements Callable<Integer>
    {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        dev.sluice.examples.OrdersWorkloadOptions workloadOptions;

        @Option(names = "--parallelism", paramLabel = "P",
            description = "Jet's cooperative threads, so the windows' local parallelism (default: the cores, Jet's " +
                "own default)")
        Integer parallelism;

        @Option(names = "--dir", paramLabel = "D",
            description = "Directory of the log: new or empty; kept afterwards (default: a temporary directory " +
                "under -Dsluice.bench.dir or java.io.tmpdir, deleted afterwards)")
        java.nio.file.Path dir;

        @Option(names = "--generate",
            description = "No log: the job's source generates the orders itself (less work than the other runners do)")
        boolean generate;

        public Integer call() throws java.io.IOException
        {
            final int threads = null == parallelism ? Runtime.getRuntime().availableProcessors() : parallelism;
            final dev.sluice.examples.orders.OrdersWorkload workload;
            try
            {
                if (threads < 1)
                {
                    throw new IllegalArgumentException("--parallelism " + threads + " must be at least 1");
                }
                if (generate && null != dir)
                {
                    throw new IllegalArgumentException("--generate writes no log: give --dir or --generate, not both");
                }
                if (null != dir && java.nio.file.Files.isDirectory(dir))
                {
                    try (var entries = java.nio.file.Files.list(dir))
                    {
                        if (entries.findAny().isPresent())
                        {
                            throw new IllegalArgumentException("--dir " + dir + " is not empty: give a new or empty " +
                                "directory for the log");
                        }
                    }
                }
                workload = workloadOptions.workload();
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
            }

            final java.io.PrintWriter out = spec.commandLine().getOut();
            final java.nio.file.Path logDir = generate ? null :
                null == dir ? dev.sluice.bench.log.TempDirs.create("sluice-jet-orders-") : dir;
            try
            {
                if (null != logDir)
                {
                    final long writeStart = System.nanoTime();
                    try (dev.sluice.log.Log log = dev.sluice.log.Log.open(logDir, dev.sluice.log.LogConfig.defaults()))
                    {
                        dev.sluice.examples.orders.OrdersRun.writeLog(log, workload);
                    }
                    out.printf("wrote %d events to %s in %d ms%n", workload.count(), logDir,
                        (System.nanoTime() - writeStart) / 1_000_000);
                    out.flush();
                }
                final dev.sluice.bench.jet.JetOrders5m.Result result =
                    dev.sluice.bench.jet.JetOrders5m.run(workload, threads, logDir);
                final String sha256 = dev.sluice.examples.orders.Orders5m.checksum(result.rows());
                final long wallMs = System.currentTimeMillis() -
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
                out.printf(java.util.Locale.ROOT, "jet parallelism=%d source=%s: member start %d ms, job %d ms, " +
                        "results %d ms%n", threads, null == logDir ? "generated" : "log",
                    result.memberStartNs() / 1_000_000, result.jobNs() / 1_000_000, result.collectNs() / 1_000_000);
                // Jet's event-time windows run on a stream only: a batch source timestamped into one, so "streaming"
                out.println("mode=streaming events=" + result.eventsIn() + " rows=" + result.rows().size() +
                    " late=" + result.eventsLate() + " sha256=" + sha256 + " wallMs=" + wallMs);
                out.flush();
                return 0;
            }
            finally
            {
                if (null != logDir && null == dir)
                {
                    dev.sluice.bench.log.TempDirs.delete(logDir);
                }
            }
        }
    }
}

package dev.sluice.bench.core;

import dev.sluice.bench.log.TempDirs;
import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.ExecutionMode;
import dev.sluice.core.JobReport;
import dev.sluice.core.ParallelJob;
import dev.sluice.core.Parallelism;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.source.LogSource;
import dev.sluice.core.source.PartitionedLogSource;
import dev.sluice.core.source.Source;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersParallelRun;
import dev.sluice.examples.orders.OrdersRun;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.log.Log;
import dev.sluice.log.LogAppender;
import dev.sluice.log.LogConfig;
import dev.sluice.log.PartitionedLog;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The figures of the scaling model ({@code engine-bench/SCALING.md}) without JMH: what orders-5m costs per event on
 * one thread and on P workers, in wall time and in CPU time, and what an append costs with one and two producers.
 * CPU time is the measure that survives a machine shared with other work: a job that needs no more CPU per event
 * on P workers than on one runs P times as fast on P free cores, whatever the wall time here says.
 * <ul>
 *   <li>orders: a 10M-event log and logs of 2 and 4 partitions written once; then rounds in which every runner
 *       ({@code job}: the job on one thread; {@code partitions:P}: P workers over as many partitions, 2 for P = 1;
 *       {@code log:P}: P workers over the one log) runs each mode once, in turn, into a sink that drops the results;
 *       the process's CPU time over the run, so the sink thread, the GC and the JIT are in it. Medians over the
 *       rounds after the first.</li>
 *   <li>appends: 40-byte appends for a fixed time by one thread into one partition, then by two threads each into
 *       its own, each thread's CPU time from its own clock.</li>
 * </ul>
 * Not thread-safe.
 */
public final class ParallelFigures
{
    /** Every runner, in the order they run. */
    public static final String RUNNERS = "job,partitions:1,partitions:2,partitions:4,log:2,log:4";
    private static final ExecutionMode[] MODES = { ExecutionMode.BATCH, ExecutionMode.STREAMING };
    private static final ResultSink DROP = result -> { };

    private final String[] runners;
    private final boolean appendFigures;
    private final Path checkpointRoot;
    /** Every result into a CSV file (the cold benchmarks' sink), instead of a sink that drops them. */
    private boolean csv;
    private final int events;
    private final int rounds;
    private final long appendMillis;
    private final PrintStream out;

    /**
     * @param events       orders in each log.
     * @param rounds       rounds of every runner and mode (the first is a warm-up, not reported).
     * @param appendMillis how long each append figure appends, per round.
     * @param out          where the lines go.
     * @param runners      the runners to measure ({@link #RUNNERS}); one per JVM keeps each one's JIT profile its own.
     * @param appendFigures whether to measure appends too.
     * @param checkpointRoot where to measure checkpoints of STREAMING runs every 1M events (the job, and 1, 2 and 4
     *                       workers over 2, 2 and 4 partitions), or null for none.
     */
    public ParallelFigures(final int events, final int rounds, final long appendMillis, final PrintStream out,
        final String runners, final boolean appendFigures, final Path checkpointRoot)
    {
        this.checkpointRoot = checkpointRoot;
        this.runners = runners.isEmpty() ? new String[0] : runners.split(",");
        this.appendFigures = appendFigures;
        this.events = events;
        this.rounds = rounds;
        this.appendMillis = appendMillis;
        this.out = out;
    }

    /**
     * @return this, with every result written to a CSV file rather than dropped.
     */
    public ParallelFigures csv(final boolean csv)
    {
        this.csv = csv;
        return this;
    }

    public void run()
    {
        out.printf(Locale.ROOT, "# %d cpus, load average %.2f, %s %s%n", Runtime.getRuntime().availableProcessors(),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("java.vm.name"),
            System.getProperty("java.version"));
        final Path dir = TempDirs.create("sluice-parallel-figures-");
        try
        {
            if (runners.length > 0)
            {
                orders(dir);
            }
            if (appendFigures)
            {
                appends(dir);
            }
            if (null != checkpointRoot)
            {
                checkpoints(dir);
            }
        }
        finally
        {
            TempDirs.delete(dir);
        }
    }

    private void orders(final Path dir)
    {
        final OrdersWorkload workload = OrdersWorkload.defaults().withCount(events);
        final String all = String.join(",", runners);
        try (Log one = Log.open(dir.resolve("one"), LogConfig.defaults());
            PartitionedLog two = PartitionedLog.open(dir.resolve("two"), 2, LogConfig.defaults());
            PartitionedLog four = PartitionedLog.open(dir.resolve("four"), 4, LogConfig.defaults()))
        {
            // only the logs the runners read
            if (all.contains("job") || all.contains("log"))
            {
                OrdersRun.completeLog(one, workload);
            }
            if (all.contains("partitions:1") || all.contains("partitions:2"))
            {
                OrdersParallelRun.completePartitionedLog(two, workload);
            }
            if (all.contains("partitions:4"))
            {
                OrdersParallelRun.completePartitionedLog(four, workload);
            }
            final String[] names = runners;
            final long[][][] wallNs = new long[MODES.length][names.length][rounds];
            final long[][][] cpuNs = new long[MODES.length][names.length][rounds];
            // the calling thread is the sink thread of a parallel job (and the whole of a job on one thread)
            final long[][][] callerCpuNs = new long[MODES.length][names.length][rounds];
            final long[][][] results = new long[MODES.length][names.length][rounds];
            final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (int round = 0; round < rounds; round++)
            {
                for (int m = 0; m < MODES.length; m++)
                {
                    for (int r = 0; r < names.length; r++)
                    {
                        final long cpu0 = processCpuNs();
                        final long caller0 = threads.getCurrentThreadCpuTime();
                        final long wall0 = System.nanoTime();
                        final JobReport report;
                        try (dev.sluice.core.sink.TextFileSink csv = dev.sluice.core.sink.TextFileSink.csv(
                            dir.resolve("results.csv")))
                        {
                            report = runOrders(names[r], MODES[m], one, two, four, workload, this.csv ? csv : DROP);
                        }
                        wallNs[m][r][round] = System.nanoTime() - wall0;
                        cpuNs[m][r][round] = processCpuNs() - cpu0;
                        callerCpuNs[m][r][round] = threads.getCurrentThreadCpuTime() - caller0;
                        results[m][r][round] = report.resultsEmitted();
                        if (report.eventsIn() != events)
                        {
                            throw new IllegalStateException(names[r] + " " + MODES[m] + " read " +
                                report.eventsIn() + " events of " + events);
                        }
                    }
                }
            }
            for (int m = 0; m < MODES.length; m++)
            {
                for (int r = 0; r < names.length; r++)
                {
                    final double wall = median(wallNs[m][r]);
                    final double cpu = median(cpuNs[m][r]);
                    out.printf(Locale.ROOT, "orders-5m-%s runner=%s events/s=%.2fM cpu-ns/event=%.1f cpus-used=%.2f " +
                        "caller-cpu-ns/result=%.0f wall-ms=%s%n", OrdersRun.modeName(MODES[m]), names[r],
                        events * 1e3 / wall, cpu / events, cpu / wall,
                        median(callerCpuNs[m][r]) / Math.max(1, median(results[m][r])), millis(wallNs[m][r]));
                }
            }
        }
    }

    private JobReport runOrders(final String runner, final ExecutionMode mode, final Log one,
        final PartitionedLog two, final PartitionedLog four, final OrdersWorkload workload, final ResultSink sink)
    {
        final ExecutionConfig config = ExecutionConfig.of(mode);
        if (runner.equals("job"))
        {
            return Orders5m.define(LogSource.range(one), workload.maxDelayMillis()).sink(sink).build().run(config);
        }
        final int parallelism = Integer.parseInt(runner.substring(runner.indexOf(':') + 1));
        final Source source = runner.startsWith("log") ? LogSource.range(one) :
            PartitionedLogSource.range(parallelism == 4 ? four : two);
        try (ParallelJob job = ParallelJob.create(
            () -> Orders5m.define(source, workload.maxDelayMillis()).sink(sink).build(), config,
            Parallelism.of(parallelism)))
        {
            return job.run();
        }
    }

    private void checkpoints(final Path dir)
    {
        final OrdersWorkload workload = OrdersWorkload.defaults().withCount(events);
        try (Log one = Log.open(dir.resolve("cp-one"), LogConfig.defaults());
            PartitionedLog two = PartitionedLog.open(dir.resolve("cp-two"), 2, LogConfig.defaults());
            PartitionedLog four = PartitionedLog.open(dir.resolve("cp-four"), 4, LogConfig.defaults()))
        {
            OrdersRun.completeLog(one, workload);
            OrdersParallelRun.completePartitionedLog(two, workload);
            OrdersParallelRun.completePartitionedLog(four, workload);
            for (int round = 0; round < rounds; round++)
            {
                for (final String runner : new String[]{ "job", "partitions:1", "partitions:2", "partitions:4" })
                {
                    final Path cpDir = newDirectory(checkpointRoot);
                    try
                    {
                        final ExecutionConfig config = ExecutionConfig.streaming().checkpointing(
                            dev.sluice.core.CheckpointConfig.in(cpDir).identity(Orders5m.NAME, Orders5m.VERSION)
                                .everyRecords(1_000_000)
                                .guarantee(dev.sluice.core.DeliveryGuarantee.AT_LEAST_ONCE));
                        final long wall0 = System.nanoTime();
                        final dev.sluice.core.CheckpointStats stats;
                        long[] aligned = { 0, 0, 0 };
                        if (runner.equals("job"))
                        {
                            try (dev.sluice.core.Job job = Orders5m.define(LogSource.range(one),
                                workload.maxDelayMillis()).sink(DROP).build().newJob(config))
                            {
                                job.run();
                                stats = job.checkpointStats();
                            }
                        }
                        else
                        {
                            final int parallelism = Integer.parseInt(runner.substring(runner.indexOf(':') + 1));
                            final Source source = PartitionedLogSource.range(parallelism == 4 ? four : two);
                            try (ParallelJob job = ParallelJob.create(() -> Orders5m.define(source,
                                workload.maxDelayMillis()).sink(DROP).build(), config, Parallelism.of(parallelism)))
                            {
                                job.run();
                                stats = job.checkpointStats();
                                aligned = job.checkpointAlignments();
                            }
                        }
                        final long wallNs = System.nanoTime() - wall0;
                        if (round > 0)
                        {
                            out.printf(Locale.ROOT, "checkpoints-streaming runner=%s dir=%s taken=%d " +
                                "written-ms-mean=%.2f written-ms-max=%.2f aligned-ms-mean=%.2f aligned-ms-max=%.2f " +
                                "events/s=%.2fM%n", runner, checkpointRoot, stats.taken(),
                                stats.totalNs() / 1e6 / Math.max(1, stats.taken()), stats.maxNs() / 1e6,
                                aligned[1] / 1e6 / Math.max(1, aligned[0]), aligned[2] / 1e6, events * 1e3 / wallNs);
                        }
                    }
                    finally
                    {
                        TempDirs.delete(cpDir);
                    }
                }
            }
        }
    }

    private void appends(final Path dir)
    {
        final long[][] rates = new long[2][rounds];
        final long[][] cpuPerAppend = new long[2][rounds];
        for (int round = 0; round < rounds; round++)
        {
            for (int producers = 1; producers <= 2; producers++)
            {
                final Path logDir = dir.resolve("append-" + round + "-" + producers);
                try (PartitionedLog log = PartitionedLog.open(logDir, 2, LogConfig.defaults()))
                {
                    final long[] appended = new long[producers];
                    final long[] cpu = new long[producers];
                    final Thread[] threads = new Thread[producers];
                    final long endNs = System.nanoTime() + appendMillis * 1_000_000L;
                    for (int p = 0; p < producers; p++)
                    {
                        final int partition = p;
                        threads[p] = new Thread(() ->
                        {
                            final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                            final long cpu0 = mx.getCurrentThreadCpuTime();
                            appended[partition] = appendUntil(log.appender(partition), endNs);
                            cpu[partition] = mx.getCurrentThreadCpuTime() - cpu0;
                        }, "producer-" + p);
                        threads[p].start();
                    }
                    long total = 0;
                    long totalCpu = 0;
                    for (int p = 0; p < producers; p++)
                    {
                        join(threads[p]);
                        total += appended[p];
                        totalCpu += cpu[p];
                    }
                    rates[producers - 1][round] = total * 1000 / appendMillis;
                    cpuPerAppend[producers - 1][round] = totalCpu / Math.max(1, total);
                }
                TempDirs.delete(logDir);
            }
        }
        for (int producers = 1; producers <= 2; producers++)
        {
            out.printf(Locale.ROOT, "append-40B producers=%d appends/s=%.2fM speed-up=%.2f cpu-ns/append=%.1f%n",
                producers, median(rates[producers - 1]) / 1e6, median(rates[producers - 1]) / median(rates[0]),
                median(cpuPerAppend[producers - 1]));
        }
    }

    private static Path newDirectory(final Path root)
    {
        try
        {
            return java.nio.file.Files.createTempDirectory(root, "sluice-parallel-checkpoints-");
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException("cannot make a checkpoint directory in " + root + ": " + ex, ex);
        }
    }

    private static long appendUntil(final LogAppender appender, final long endNs)
    {
        final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(40));
        long n = 0;
        while (true)
        {
            for (int i = 0; i < 1024; i++)
            {
                payload.putLong(0, n);
                if (appender.append(payload, 0, 40) < 0)
                {
                    throw new IllegalStateException("append refused: " + appender.rollFailure());
                }
                n++;
            }
            if (System.nanoTime() >= endNs)
            {
                return n;
            }
        }
    }

    private static void join(final Thread thread)
    {
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

    private static long processCpuNs()
    {
        return ((com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }

    /**
     * @return the median of the rounds after the first (a warm-up), or of all when there is one.
     */
    private static double median(final long[] values)
    {
        final long[] measured = values.length > 1 ? Arrays.copyOfRange(values, 1, values.length) : values.clone();
        Arrays.sort(measured);
        final int n = measured.length;
        return n % 2 == 1 ? measured[n / 2] : (measured[n / 2 - 1] + measured[n / 2]) / 2.0;
    }

    private static String millis(final long[] values)
    {
        final List<String> ms = new ArrayList<>();
        for (int i = 1; i < values.length; i++)
        {
            ms.add(Long.toString(values[i] / 1_000_000));
        }
        return String.join(",", ms);
    }
}

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
    private static final String[] RUNNERS = { "job", "partitions:1", "partitions:2", "partitions:4", "log:2", "log:4" };
    private static final ExecutionMode[] MODES = { ExecutionMode.BATCH, ExecutionMode.STREAMING };
    private static final ResultSink DROP = result -> { };

    private final int events;
    private final int rounds;
    private final long appendMillis;
    private final PrintStream out;

    /**
     * @param events       orders in each log.
     * @param rounds       rounds of every runner and mode (the first is a warm-up, not reported).
     * @param appendMillis how long each append figure appends, per round.
     * @param out          where the lines go.
     */
    public ParallelFigures(final int events, final int rounds, final long appendMillis, final PrintStream out)
    {
        this.events = events;
        this.rounds = rounds;
        this.appendMillis = appendMillis;
        this.out = out;
    }

    public void run()
    {
        out.printf(Locale.ROOT, "# %d cpus, load average %.2f, %s %s%n", Runtime.getRuntime().availableProcessors(),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("java.vm.name"),
            System.getProperty("java.version"));
        final Path dir = TempDirs.create("sluice-parallel-figures-");
        try
        {
            orders(dir);
            appends(dir);
        }
        finally
        {
            TempDirs.delete(dir);
        }
    }

    private void orders(final Path dir)
    {
        final OrdersWorkload workload = OrdersWorkload.defaults().withCount(events);
        try (Log one = Log.open(dir.resolve("one"), LogConfig.defaults());
            PartitionedLog two = PartitionedLog.open(dir.resolve("two"), 2, LogConfig.defaults());
            PartitionedLog four = PartitionedLog.open(dir.resolve("four"), 4, LogConfig.defaults()))
        {
            OrdersRun.completeLog(one, workload);
            OrdersParallelRun.completePartitionedLog(two, workload);
            OrdersParallelRun.completePartitionedLog(four, workload);
            final long[][][] wallNs = new long[MODES.length][RUNNERS.length][rounds];
            final long[][][] cpuNs = new long[MODES.length][RUNNERS.length][rounds];
            for (int round = 0; round < rounds; round++)
            {
                for (int m = 0; m < MODES.length; m++)
                {
                    for (int r = 0; r < RUNNERS.length; r++)
                    {
                        final long cpu0 = processCpuNs();
                        final long wall0 = System.nanoTime();
                        final JobReport report = runOrders(RUNNERS[r], MODES[m], one, two, four, workload);
                        wallNs[m][r][round] = System.nanoTime() - wall0;
                        cpuNs[m][r][round] = processCpuNs() - cpu0;
                        if (report.eventsIn() != events)
                        {
                            throw new IllegalStateException(RUNNERS[r] + " " + MODES[m] + " read " +
                                report.eventsIn() + " events of " + events);
                        }
                    }
                }
            }
            for (int m = 0; m < MODES.length; m++)
            {
                final double jobWall = median(wallNs[m][0]);
                for (int r = 0; r < RUNNERS.length; r++)
                {
                    final double wall = median(wallNs[m][r]);
                    final double cpu = median(cpuNs[m][r]);
                    out.printf(Locale.ROOT, "orders-5m-%s runner=%s events/s=%.2fM speed-up=%.2f cpu-ns/event=%.1f " +
                        "cpus-used=%.2f wall-ms=%s%n", OrdersRun.modeName(MODES[m]), RUNNERS[r], events * 1e3 / wall,
                        jobWall / wall, cpu / events, cpu / wall, millis(wallNs[m][r]));
                }
            }
        }
    }

    private JobReport runOrders(final String runner, final ExecutionMode mode, final Log one,
        final PartitionedLog two, final PartitionedLog four, final OrdersWorkload workload)
    {
        final ExecutionConfig config = ExecutionConfig.of(mode);
        if (runner.equals("job"))
        {
            return Orders5m.define(LogSource.range(one), workload.maxDelayMillis()).sink(DROP).build().run(config);
        }
        final int parallelism = Integer.parseInt(runner.substring(runner.indexOf(':') + 1));
        final Source source = runner.startsWith("log") ? LogSource.range(one) :
            PartitionedLogSource.range(parallelism == 4 ? four : two);
        try (ParallelJob job = ParallelJob.create(
            () -> Orders5m.define(source, workload.maxDelayMillis()).sink(DROP).build(), config,
            Parallelism.of(parallelism)))
        {
            return job.run();
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

package dev.sluice.examples.compare;

import dev.sluice.core.ExecutionMode;
import dev.sluice.examples.orders.OrdersParallelRun;
import dev.sluice.examples.orders.OrdersRun;
import dev.sluice.examples.orders.OrdersRunDirectory;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import dev.sluice.log.PartitionedLog;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The three phases of {@code sluice compare}, in order: throughput (each mode a cold one-shot job over the same log,
 * written first), latency under load (each mode behind a fixed-rate producer), and the rate sweep (each mode at rising
 * rates until it stops keeping up). The throughput and load phases run each mode at each parallelism asked for (1:
 * the job on one thread; P &gt; 1: a {@code ParallelJob} of P workers, in the throughput phase over the same orders
 * in P partitions by key, under load over the one log the producer appends to); the sweep runs at the
 * lowest, so that asking for more parallelisms does not multiply its minutes. Progress goes to a writer, a line per
 * second under load. Not thread-safe.
 */
public final class Comparison
{
    /**
     * What a compare run measured.
     *
     * @param settings      what it was asked for.
     * @param logDir        the throughput log.
     * @param eventsWritten events this run appended to it (0 when an earlier run wrote it).
     * @param writeNs       time spent writing them.
     * @param throughput    one result a mode and parallelism, in the order of {@code settings.modes()}, then of
     *                      {@code settings.parallelisms()}.
     * @param load          one result a mode and parallelism, in that order.
     * @param sweep         per mode, the sweep's steps in rising rate (empty without a sweep).
     * @param totalNs       the whole run.
     * @param loadAverageAtStart the system's load averages when the run started.
     */
    public record Result(
        CompareSettings settings,
        Path logDir,
        long eventsWritten,
        long writeNs,
        List<ThroughputRun.Result> throughput,
        List<LoadResult> load,
        Map<ExecutionMode, List<LoadResult>> sweep,
        long totalNs,
        String loadAverageAtStart)
    {
        /**
         * @return true when every mode's throughput run has the same checksum (with late events they differ by
         * what each mode dropped).
         */
        public boolean checksumsAgree()
        {
            return throughput.stream().map(ThroughputRun.Result::checksum).distinct().count() <= 1;
        }

        /**
         * @return true when, in each mode, the throughput run at every parallelism has the checksum of the lowest
         * (P = 1 when it ran), late events or not: over one log a parallel job judges lateness as one thread does.
         */
        public boolean parallelChecksumsAgree()
        {
            for (final ExecutionMode mode : settings.modes())
            {
                if (throughput.stream().filter(t -> t.mode() == mode).map(ThroughputRun.Result::checksum).distinct()
                    .count() > 1)
                {
                    return false;
                }
            }
            return true;
        }
    }

    private final CompareSettings settings;
    private final PrintWriter progress;

    /**
     * @param settings what to run.
     * @param progress where progress goes.
     */
    public Comparison(final CompareSettings settings, final PrintWriter progress)
    {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * @return what was measured.
     */
    public Result run()
    {
        final long startNs = System.nanoTime();
        final String loadAverage = ComparisonReport.loadAverage();
        final Path dir = CompareDirectory.prepare(settings.dir());
        final OrdersWorkload workload = OrdersWorkload.defaults().withCount(settings.events())
            .withSeed(settings.seed()).withLateEvery(settings.lateEvery());
        final Path logDir = CompareDirectory.logDirectory(dir, workload.count(), workload.seed(),
            workload.lateEvery());
        OrdersRunDirectory.prepare(logDir, workload);
        final long writeStartNs = System.nanoTime();
        final long written;
        try (Log log = Log.open(logDir, LogConfig.defaults()))
        {
            written = OrdersRun.completeLog(log, workload);
        }
        final long writeNs = System.nanoTime() - writeStartNs;
        line("write      %,d events to %s in %s%s", written, logDir, Figures.duration(writeNs),
            written < workload.count() ? " (an earlier run wrote the other " + (workload.count() - written) + ")" :
            "");

        final Map<Integer, Path> logDirs = new LinkedHashMap<>();
        for (final int parallelism : settings.parallelisms())
        {
            logDirs.put(parallelism, parallelism == 1 ? logDir : writePartitioned(dir, workload, parallelism));
        }

        final List<ThroughputRun.Result> throughput = new ArrayList<>();
        for (final ExecutionMode mode : settings.modes())
        {
            for (final int parallelism : settings.parallelisms())
            {
                final ThroughputRun.Result result = ThroughputRun.runInFreshJvm(logDirs.get(parallelism),
                    workload.maxDelayMillis(), mode, parallelism);
                throughput.add(result);
                line("throughput %-11s P=%-2d %,d events in %s: %s events/s, first result after %s, rows=%d " +
                    "sha256=%s", name(mode), parallelism, result.events(), Figures.duration(result.completeNs()),
                    Figures.rate(result.eventsPerSecond()), Figures.duration(result.firstNs()), result.rows(),
                    result.checksum());
            }
        }

        final List<LoadResult> load = new ArrayList<>();
        for (final ExecutionMode mode : settings.modes())
        {
            for (final int parallelism : settings.parallelisms())
            {
                final LoadSpec spec = settings.load().with(mode, settings.load().eventsPerSecond(),
                    settings.load().durationNs()).withParallelism(parallelism);
                final LoadResult result = runLoad(dir, spec, fileName(mode, parallelism), "load", true);
                load.add(result);
                line("load       %-11s P=%-2d event-to-result p50 %s p99 %s p99.99 %s max %s; window-final p99 %s; %s",
                    name(mode), parallelism, p(result.eventToResult(), 50), p(result.eventToResult(), 99),
                    p(result.eventToResult(), 99.99), p(result.eventToResult(), 100), p(result.windowFinal(), 99),
                    result.keptUp() ? "kept up" : "did not keep up");
            }
        }

        final Map<ExecutionMode, List<LoadResult>> sweep = new LinkedHashMap<>();
        for (final ExecutionMode mode : settings.modes())
        {
            final List<LoadResult> steps = new ArrayList<>();
            for (final long rate : settings.sweepRates())
            {
                // no warm-up: the sweep runs in a JVM the runs under load have warmed already
                final LoadSpec spec = settings.load().with(mode, rate, settings.sweepStepNs(mode))
                    .withParallelism(settings.parallelisms().get(0)).withWarmup(0);
                final LoadResult step = runLoad(dir, spec, "sweep-" + name(mode) + "-" + rate, "sweep", false);
                steps.add(step);
                line("sweep      %-11s %s events/s offered: %s", name(mode), Figures.rate(rate),
                    !step.rateOffered() ? "the producer fell behind, the sweep ends here" :
                    step.keptUp() ? "kept up" : "did not keep up (caught up " +
                    Figures.duration(step.catchUpNs()) + " after the producer's end)");
                if (!step.keptUp() || !step.rateOffered())
                {
                    break;
                }
            }
            sweep.put(mode, steps);
        }
        return new Result(settings, logDir, written, writeNs, throughput, load, sweep, System.nanoTime() - startNs,
            loadAverage);
    }

    private LoadResult runLoad(
        final Path dir, final LoadSpec spec, final String name, final String phase, final boolean recount)
    {
        final Path loadDir = CompareDirectory.newLoadDirectory(dir, name);
        try
        {
            return new LoadRun(spec, loadDir, progress, phase, recount).run();
        }
        finally
        {
            CompareDirectory.deleteLoad(loadDir);
        }
    }

    private static String p(final LatencySeries series, final double percentile)
    {
        return series.total().getTotalCount() == 0 ? "-" :
            Figures.duration(percentile >= 100 ? series.total().getMaxValue() :
            series.total().getValueAtPercentile(percentile));
    }

    private void line(final String format, final Object... args)
    {
        progress.println(String.format(Locale.ROOT, format, args));
        progress.flush();
    }

    /**
     * @param mode a mode.
     * @return its command-line name.
     */
    static String name(final ExecutionMode mode)
    {
        return OrdersRun.modeName(mode);
    }

    /**
     * The throughput log of {@code partitions} partitions by (product, region), one writer thread a partition:
     * written once, reused by a later run of the same workload.
     */
    private Path writePartitioned(final Path dir, final OrdersWorkload workload, final int partitions)
    {
        final Path partDir = CompareDirectory.logDirectory(dir, workload.count(), workload.seed(),
            workload.lateEvery(), partitions);
        OrdersRunDirectory.prepare(partDir, workload, partitions);
        final long startNs = System.nanoTime();
        final long written;
        try (PartitionedLog log = PartitionedLog.open(partDir, partitions, LogConfig.defaults()))
        {
            written = OrdersParallelRun.completePartitionedLog(log, workload);
        }
        line("write      %,d events to %s in %s, %d partitions by key%s", written, partDir,
            Figures.duration(System.nanoTime() - startNs), partitions,
            written < workload.count() ? " (an earlier run wrote the other " + (workload.count() - written) + ")" : "");
        return partDir;
    }

    /**
     * @param mode        a mode.
     * @param parallelism a parallelism.
     * @return its name in the report: the mode's at P = 1 (the job on one thread, as a run without
     * {@code --parallelism} has it), with " P=n" after it otherwise.
     */
    static String label(final ExecutionMode mode, final int parallelism)
    {
        return parallelism == 1 ? name(mode) : name(mode) + " P=" + parallelism;
    }

    /**
     * @param mode        a mode.
     * @param parallelism a parallelism.
     * @return the mode's name in file names: as it is at P = 1, with "-pn" after it otherwise.
     */
    static String fileName(final ExecutionMode mode, final int parallelism)
    {
        return parallelism == 1 ? name(mode) : name(mode) + "-p" + parallelism;
    }
}

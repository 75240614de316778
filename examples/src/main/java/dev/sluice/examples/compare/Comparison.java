package dev.sluice.examples.compare;

import dev.sluice.core.ExecutionMode;
import dev.sluice.examples.orders.OrdersRun;
import dev.sluice.examples.orders.OrdersRunDirectory;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;

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
 * rates until it stops keeping up). Progress goes to a writer, a line per second under load. Not thread-safe.
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
     * @param throughput    one result a mode, in the order of {@code settings.modes()}.
     * @param load          one result a mode, in that order.
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

        final List<ThroughputRun.Result> throughput = new ArrayList<>();
        for (final ExecutionMode mode : settings.modes())
        {
            final ThroughputRun.Result result = ThroughputRun.runInFreshJvm(logDir, workload.maxDelayMillis(), mode);
            throughput.add(result);
            line("throughput %-11s %,d events in %s: %s events/s, first result after %s, rows=%d sha256=%s",
                name(mode), result.events(), Figures.duration(result.completeNs()),
                Figures.rate(result.eventsPerSecond()), Figures.duration(result.firstNs()), result.rows(),
                result.checksum());
        }

        final List<LoadResult> load = new ArrayList<>();
        for (final ExecutionMode mode : settings.modes())
        {
            final LoadSpec spec = settings.load().with(mode, settings.load().eventsPerSecond(),
                settings.load().durationNs());
            final LoadResult result = runLoad(dir, spec, name(mode), "load", true);
            load.add(result);
            line("load       %-11s event-to-result p50 %s p99 %s p99.99 %s max %s; window-final p99 %s; %s",
                name(mode), p(result.eventToResult(), 50), p(result.eventToResult(), 99),
                p(result.eventToResult(), 99.99), p(result.eventToResult(), 100), p(result.windowFinal(), 99),
                result.keptUp() ? "kept up" : "did not keep up");
        }

        final Map<ExecutionMode, List<LoadResult>> sweep = new LinkedHashMap<>();
        for (final ExecutionMode mode : settings.modes())
        {
            final List<LoadResult> steps = new ArrayList<>();
            for (final long rate : settings.sweepRates())
            {
                final LoadSpec spec = settings.load().with(mode, rate, settings.sweepStepNs(mode));
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
}

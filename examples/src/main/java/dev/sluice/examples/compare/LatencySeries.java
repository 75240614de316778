package dev.sluice.examples.compare;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A latency histogram over a whole run and its percentiles second by second: what the report's tables, percentile
 * files and "latency over time" chart are drawn from. Filled by one thread; read after the run.
 */
public final class LatencySeries
{
    /**
     * The latencies recorded in one interval.
     *
     * @param endSeconds seconds since the run's start at the interval's end.
     * @param count      latencies recorded.
     * @param p50Ns      median, ns.
     * @param p99Ns      99th percentile, ns.
     * @param maxNs      largest, ns.
     * @param warmup     true when it holds latencies of the warm-up, which the total leaves out.
     */
    public record Interval(double endSeconds, long count, long p50Ns, long p99Ns, long maxNs, boolean warmup)
    {
    }

    private final Histogram total = new Histogram(ResultLatencyRecorder.HIGHEST_TRACKABLE_NS, 3);
    private final List<Interval> intervals = new ArrayList<>();

    /**
     * @param endSeconds seconds since the run's start.
     * @param interval   the latencies of the interval that ends then; added to the total.
     */
    public void add(final double endSeconds, final Histogram interval)
    {
        add(endSeconds, interval, null);
    }

    /**
     * @param endSeconds seconds since the run's start.
     * @param interval   the measured latencies of the interval that ends then; added to the total.
     * @param warmup     the warm-up's latencies of that interval, or null: shown second by second, not added to the
     *                   total (the percentiles).
     */
    public void add(final double endSeconds, final Histogram interval, final Histogram warmup)
    {
        total.add(interval);
        if (null == warmup || warmup.getTotalCount() == 0)
        {
            if (interval.getTotalCount() > 0)
            {
                intervals.add(new Interval(endSeconds, interval.getTotalCount(), interval.getValueAtPercentile(50),
                    interval.getValueAtPercentile(99), interval.getMaxValue(), false));
            }
            return;
        }
        final Histogram both = warmup.copy();
        both.add(interval);
        intervals.add(new Interval(endSeconds, both.getTotalCount(), both.getValueAtPercentile(50),
            both.getValueAtPercentile(99), both.getMaxValue(), true));
    }

    /**
     * @return every latency of the run, ns.
     */
    public Histogram total()
    {
        return total;
    }

    /**
     * @return the intervals that recorded something, in order.
     */
    public List<Interval> intervals()
    {
        return Collections.unmodifiableList(intervals);
    }
}

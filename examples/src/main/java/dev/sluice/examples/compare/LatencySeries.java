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
     */
    public record Interval(double endSeconds, long count, long p50Ns, long p99Ns, long maxNs)
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
        total.add(interval);
        if (interval.getTotalCount() > 0)
        {
            intervals.add(new Interval(endSeconds, interval.getTotalCount(), interval.getValueAtPercentile(50),
                interval.getValueAtPercentile(99), interval.getMaxValue()));
        }
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

package dev.sluice.examples.compare;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.core.sink.TransactionalSink;
import dev.sluice.core.sink.WindowResult;
import dev.sluice.examples.orders.Orders5m;
import org.agrona.concurrent.NanoClock;

/**
 * A sink placed after the queryable view in a pipeline's sinks: a pipeline hands each result to its sinks in the
 * order they were added, so when this one sees a result the view already shows it. It tells a
 * {@link ResultLatencyRecorder} that the result's events are visible or, without one, notes when the first result
 * came.
 *
 * <p>A {@link TransactionalSink} only so that a checkpointed job accepts it: it holds nothing a checkpoint must keep
 * (a compare run never restores). Threading: the job thread (a parallel job's sink thread, the only one that calls
 * its sinks); {@link #firstResultNs()} after the job ended.
 */
final class ResultProbe implements TransactionalSink
{
    private final NanoClock clock;
    private final ResultLatencyRecorder recorder;
    private boolean everyResultFinal;
    private AppendedEventsFeed feed;
    private int ordersField = -1;
    private long firstResultNs;
    private long results;

    /**
     * @param clock    when a result came.
     * @param recorder told of every result, or null.
     */
    ResultProbe(final NanoClock clock, final ResultLatencyRecorder recorder)
    {
        this.clock = clock;
        this.recorder = recorder;
    }

    /**
     * @param everyResultFinal true for a scheduled batch that emits only complete windows; otherwise a result is
     *                         final unless it is a running value ({@link WindowResult#isEarly()}).
     * @return this.
     */
    ResultProbe everyResultFinal(final boolean everyResultFinal)
    {
        this.everyResultFinal = everyResultFinal;
        return this;
    }

    /**
     * @param feed tells the recorder of the events appended before each result: for a parallel job, whose workers
     *             decode records, and not the thread that calls this probe.
     * @return this.
     */
    ResultProbe feedingFrom(final AppendedEventsFeed feed)
    {
        this.feed = feed;
        return this;
    }

    public void onResult(final WindowResult result)
    {
        results++;
        if (null != recorder)
        {
            if (null != feed)
            {
                feed.catchUp();
            }
            if (ordersField < 0)
            {
                ordersField = result.schema().fieldIndex(Orders5m.ORDERS);
            }
            // the recorder reads the clock itself: one clock read a result
            recorder.onResult(result.windowStart(), result.windowEnd(), result.key(),
                result.longValue(ordersField), everyResultFinal || !result.isEarly());
            return;
        }
        if (results == 1)
        {
            firstResultNs = clock.nanoTime();
        }
    }

    /**
     * @return clock time of the first result, 0 when none came or a recorder was told instead.
     */
    long firstResultNs()
    {
        return firstResultNs;
    }

    /**
     * @return results seen, running values included.
     */
    long results()
    {
        return results;
    }

    public void restore(final StateInput mark)
    {
        // nothing kept: see the class comment
    }

    public void snapshot(final long epoch, final StateOutput mark)
    {
        // nothing kept: see the class comment
    }

    public void commit(final long epoch)
    {
        // results are seen as they come
    }

    public void close()
    {
    }
}

package dev.sluice.core.internal;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.core.function.EventTimeFunction;
import dev.sluice.core.sink.EventSink;

/**
 * The end of a pass-through pipeline's chain: each event goes to the event sinks as it comes, in log order. Nothing
 * is windowed, so watermarks fire nothing; with an event-time function the tracker still follows the events, so that
 * the job's report says how far in event time it is. Its state is that watermark and two counters. Not thread-safe:
 * the job thread.
 *
 * @param <T> event type.
 */
public final class PassThroughOperator<T> implements KeyedWindowOperator<T>
{
    private final EventTimeFunction<T> eventTime;
    private WatermarkTracker<T> tracker;
    private final EventSink<T> sink;
    private long watermark = Long.MIN_VALUE;
    private long eventsIn;
    private long eventsOut;

    /**
     * @param eventTime the event time of an event, or null for a pipeline without timestamps.
     * @param tracker   the job's watermark tracker.
     * @param sink      every event sink as one.
     */
    public PassThroughOperator(
        final EventTimeFunction<T> eventTime, final WatermarkTracker<T> tracker, final EventSink<T> sink)
    {
        this.eventTime = eventTime;
        this.tracker = tracker;
        this.sink = sink;
    }

    public void emit(final T event)
    {
        eventsIn++;
        if (null != eventTime)
        {
            tracker.onEvent(event, eventTime.eventTimeMs(event));
        }
        sink.onEvent(event);
        eventsOut++;
    }

    public void onRecord(final long position, final long appendNs)
    {
    }

    public int advanceWatermark(final long newWatermark)
    {
        if (newWatermark > watermark)
        {
            watermark = newWatermark;
        }
        return 0;
    }

    public void flushUpdates()
    {
    }

    public void fireAll()
    {
        advanceWatermark(Long.MAX_VALUE);
    }

    public void emitEarlyResultsIfDue(final long nowNs)
    {
    }

    public void emitEarlyResults()
    {
    }

    public void forEachKey(final java.util.function.LongConsumer consumer)
    {
        // no keys: every event goes straight to the sinks
    }

    public long watermark()
    {
        return watermark;
    }

    public long eventsIn()
    {
        return eventsIn;
    }

    public long eventsLate()
    {
        return 0;
    }

    public long eventsLateAccepted()
    {
        return 0;
    }

    public long windowsFired()
    {
        return 0;
    }

    /**
     * @return events handed to the sinks.
     */
    public long resultsEmitted()
    {
        return eventsOut;
    }

    public long updatesEmitted()
    {
        return 0;
    }

    public long earlyResultsEmitted()
    {
        return 0;
    }

    public int openWindows()
    {
        return 0;
    }

    public void feedEventTimesTo(final WatermarkTracker<T> tracker)
    {
        this.tracker = tracker;
    }

    public void judgeLatenessAgainst(final long inputWatermark)
    {
        // nothing is judged late: every event passes through
    }

    public void absorb(final KeyedWindowOperator<T> other, final java.util.function.LongPredicate keep)
    {
        // no keyed state to split: only the watermark carries over
        watermark = Math.max(watermark, other.watermark());
    }

    public void snapshot(final StateOutput out)
    {
        out.putLong(watermark).putLong(eventsIn).putLong(eventsOut);
    }

    public void restore(final StateInput in)
    {
        watermark = in.getLong();
        eventsIn = in.getLong();
        eventsOut = in.getLong();
    }
}

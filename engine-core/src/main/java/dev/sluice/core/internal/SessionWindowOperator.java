package dev.sluice.core.internal;

import dev.sluice.core.aggregate.AggregateColumn;
import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.core.function.EventTimeFunction;
import dev.sluice.core.function.KeyFunction;
import dev.sluice.core.function.LateEventHandler;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.sink.WindowResult;
import dev.sluice.core.window.SessionWindows;
import org.HdrHistogram.Histogram;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.EpochNanoClock;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The keyed aggregation over {@link SessionWindows}: per key, the open sessions, each a window
 * {@code [start, end)} with one accumulator slot per aggregation.
 * <p>
 * Per event at {@code t}: its own window is {@code [t, t + gap)}; every open session of its key that overlaps it
 * merges with it (their slots merged into one, the others freed), so an event that bridges two sessions
 * joins them. If the merged window ended at or before the watermark, the event is late: counted, given to the side
 * output, and nothing changes (an open session never ended before the watermark, so only an event that merges with
 * none can be late). A session closes when the watermark passes its end: it fires, in the order of end then key,
 * and its slots are freed.
 * <p>
 * Windows that only touch ({@code end == start}) do not merge: an event at a session's end, which a watermark
 * just before it still takes as on time, must start a session of its own in every mode, or a session that
 * fired could be extended after the fact.
 * <p>
 * Invariants: the open sessions of a key never overlap; every open session ends after the watermark; a
 * late event changes no state. Allowed lateness and early results are refused when the pipeline is built. Not
 * thread-safe: the job thread.
 *
 * @param <T> event type.
 */
public final class SessionWindowOperator<T> implements KeyedWindowOperator<T>
{
    private static final int INITIAL_SLOTS = 64;

    private final long gapMs;
    private final KeyFunction<T> keyFunction;
    private final EventTimeFunction<T> eventTimeFunction;
    private final AggregateColumn<T>[] columns;
    private final LateEventHandler<T> lateHandler;
    private final ResultSink sink;
    private final WindowResult result;
    /** Fed every event's time: the job's, or (parallel jobs) the tracker of the input being read. */
    private WatermarkTracker<T> tracker;
    private final EpochNanoClock epochClock;
    private final Histogram latencyNs;
    private final boolean lateChecks;

    private final Long2ObjectHashMap<Sessions> sessionsByKey = new Long2ObjectHashMap<>();
    private final ArrayDeque<Sessions> sessionsPool = new ArrayDeque<>();
    private int[] freeSlots = new int[INITIAL_SLOTS];
    private int freeCount;
    private int nextSlot;
    private int slotCapacity = INITIAL_SLOTS;

    /** No open session ends at or before this (a lower bound, raised when sessions fire). */
    private long minMaxTimestamp = Long.MAX_VALUE;
    private int openSessions;
    private long watermark = Long.MIN_VALUE;
    /**
     * What events are judged late against: the watermark, or an input's above it (see judgeLatenessAgainst). A
     * session that ended at or before it is closed for new events, even while it waits here to fire.
     */
    private long lateWatermark = Long.MIN_VALUE;
    private long position;
    private long appendNs;

    // the sessions one watermark closes, collected before they fire in order
    private long[] dueKeys = new long[64];
    private long[] dueStarts = new long[64];
    private long[] dueEnds = new long[64];
    private int[] dueOrder = new int[64];
    private int[] sortScratch = new int[64];
    private int dueCount;

    private long eventsIn;
    private long eventsLate;
    private long windowsFired;
    private long resultsEmitted;

    /**
     * @param windows           the sessions' gap.
     * @param keyFunction       key of an event.
     * @param eventTimeFunction event time of an event.
     * @param columns           fresh columns that follow the result schema.
     * @param lateHandler       side output for late events, or null to drop them.
     * @param sink              receives results.
     * @param result            flyweight over {@code columns}.
     * @param tracker           the job's watermark tracker; fed every event.
     * @param epochClock        wall clock for latency from append time to emission.
     * @param latencyNs         histogram to record that latency into.
     * @param lateChecks        false in BATCH mode: nothing is late.
     */
    public SessionWindowOperator(
        final SessionWindows windows,
        final KeyFunction<T> keyFunction,
        final EventTimeFunction<T> eventTimeFunction,
        final AggregateColumn<T>[] columns,
        final LateEventHandler<T> lateHandler,
        final ResultSink sink,
        final WindowResult result,
        final WatermarkTracker<T> tracker,
        final EpochNanoClock epochClock,
        final Histogram latencyNs,
        final boolean lateChecks)
    {
        this.gapMs = windows.gapMs();
        this.keyFunction = keyFunction;
        this.eventTimeFunction = eventTimeFunction;
        this.columns = columns;
        this.lateHandler = lateHandler;
        this.sink = sink;
        this.result = result;
        this.tracker = tracker;
        this.epochClock = epochClock;
        this.latencyNs = latencyNs;
        this.lateChecks = lateChecks;
        for (final AggregateColumn<T> column : columns)
        {
            column.ensureCapacity(INITIAL_SLOTS);
        }
    }

    public void onRecord(final long position, final long appendNs)
    {
        this.position = position;
        this.appendNs = appendNs;
    }

    public void emit(final T event)
    {
        eventsIn++;
        final long timestamp = eventTimeFunction.eventTimeMs(event);
        tracker.onEvent(event, timestamp);
        final long key = keyFunction.key(event);
        final long start = timestamp;
        final long end = WatermarkTracker.addSaturated(timestamp, gapMs);

        Sessions sessions = sessionsByKey.get(key);
        long mergedStart = start;
        long mergedEnd = end;
        int overlapping = 0;
        if (null != sessions)
        {
            for (int i = 0; i < sessions.count; i++)
            {
                if (joins(sessions, i, start, end))
                {
                    mergedStart = Math.min(mergedStart, sessions.starts[i]);
                    mergedEnd = Math.max(mergedEnd, sessions.ends[i]);
                    overlapping++;
                }
            }
        }
        if (lateChecks && mergedEnd - 1 <= lateWatermark)
        {
            eventsLate++;
            if (null != lateHandler)
            {
                lateHandler.onLateEvent(event, timestamp, lateWatermark, position);
            }
            return;
        }

        final int slot;
        if (overlapping == 0)
        {
            if (null == sessions)
            {
                sessions = sessionsPool.isEmpty() ? new Sessions() : sessionsPool.poll();
                sessionsByKey.put(key, sessions);
            }
            slot = allocateSlot();
            sessions.add(start, end, slot, appendNs);
            openSessions++;
        }
        else
        {
            slot = mergeInto(sessions, start, end, mergedStart, mergedEnd);
        }
        minMaxTimestamp = Math.min(minMaxTimestamp, mergedEnd - 1);
        final AggregateColumn<T>[] columns = this.columns;
        for (int i = 0; i < columns.length; i++)
        {
            columns[i].add(slot, columns[i].valueOf(event));
        }
    }

    /**
     * Merges the sessions of one key that overlap {@code [start, end)} into the first of them, which becomes
     * {@code [mergedStart, mergedEnd)}.
     *
     * @return the merged session's slot.
     */
    private int mergeInto(
        final Sessions sessions, final long start, final long end, final long mergedStart, final long mergedEnd)
    {
        int target = -1;
        int i = 0;
        while (i < sessions.count)
        {
            if (joins(sessions, i, start, end))
            {
                if (target < 0)
                {
                    target = i;
                    i++;
                    continue;
                }
                final int targetSlot = sessions.slots[target];
                final int otherSlot = sessions.slots[i];
                for (final AggregateColumn<T> column : columns)
                {
                    column.merge(targetSlot, column, otherSlot);
                }
                sessions.appendNs[target] = Math.max(sessions.appendNs[target], sessions.appendNs[i]);
                freeSlots[freeCount++] = otherSlot;
                sessions.remove(i);
                openSessions--;
            }
            else
            {
                i++;
            }
        }
        sessions.starts[target] = mergedStart;
        sessions.ends[target] = mergedEnd;
        sessions.appendNs[target] = Math.max(sessions.appendNs[target], appendNs);
        return sessions.slots[target];
    }

    /**
     * @return true when open session {@code i} overlaps {@code [start, end)} and has not ended by the watermark the
     * event is judged against (always so in a job on one thread, where such a session has fired already).
     */
    private boolean joins(final Sessions sessions, final int i, final long start, final long end)
    {
        return sessions.starts[i] < end && sessions.ends[i] > start && sessions.ends[i] - 1 > lateWatermark;
    }

    public void feedEventTimesTo(final WatermarkTracker<T> tracker)
    {
        this.tracker = tracker;
    }

    public void judgeLatenessAgainst(final long inputWatermark)
    {
        lateWatermark = Math.max(watermark, inputWatermark);
    }

    public void absorb(final KeyedWindowOperator<T> other, final java.util.function.LongPredicate keep)
    {
        final SessionWindowOperator<T> that = (SessionWindowOperator<T>)other;
        watermark = Math.max(watermark, that.watermark);
        lateWatermark = watermark;
        for (final Long2ObjectHashMap<Sessions>.EntryIterator it = that.sessionsByKey.entrySet().iterator();
            it.hasNext(); )
        {
            it.next();
            final long key = it.getLongKey();
            if (!keep.test(key))
            {
                continue;
            }
            final Sessions from = it.getValue();
            Sessions into = sessionsByKey.get(key);
            if (null == into)
            {
                into = new Sessions();
                sessionsByKey.put(key, into);
            }
            for (int i = 0; i < from.count; i++)
            {
                final int slot = allocateSlot();
                for (int c = 0; c < columns.length; c++)
                {
                    columns[c].merge(slot, that.columns[c], from.slots[i]);
                }
                into.add(from.starts[i], from.ends[i], slot, from.appendNs[i]);
                openSessions++;
                minMaxTimestamp = Math.min(minMaxTimestamp, from.ends[i] - 1);
            }
        }
    }

    public int advanceWatermark(final long newWatermark)
    {
        if (newWatermark <= watermark)
        {
            return 0;
        }
        watermark = newWatermark;
        if (newWatermark > lateWatermark)
        {
            lateWatermark = newWatermark;
        }
        if (minMaxTimestamp > newWatermark)
        {
            return 0; // no session has ended
        }
        dueCount = 0;
        long stillOpenMin = Long.MAX_VALUE;
        for (final Long2ObjectHashMap<Sessions>.EntryIterator it = sessionsByKey.entrySet().iterator(); it.hasNext(); )
        {
            it.next();
            final Sessions sessions = it.getValue();
            for (int i = 0; i < sessions.count; i++)
            {
                final long maxTimestamp = sessions.ends[i] - 1;
                if (maxTimestamp <= newWatermark)
                {
                    addDue(it.getLongKey(), sessions.starts[i], sessions.ends[i]);
                }
                else
                {
                    stillOpenMin = Math.min(stillOpenMin, maxTimestamp);
                }
            }
        }
        minMaxTimestamp = stillOpenMin;
        sortDue();
        for (int n = 0; n < dueCount; n++)
        {
            final int d = dueOrder[n];
            fire(dueKeys[d], dueStarts[d], dueEnds[d]);
        }
        final int fired = dueCount;
        dueCount = 0;
        return fired;
    }

    private void fire(final long key, final long start, final long end)
    {
        final Sessions sessions = sessionsByKey.get(key);
        final int i = sessions.indexOf(start);
        final int slot = sessions.slots[i];
        final long latency = epochClock.nanoTime() - sessions.appendNs[i];
        sink.onResult(result.wrap(start, end, key, slot, false));
        resultsEmitted++;
        windowsFired++;
        if (latency >= 0)
        {
            latencyNs.recordValue(Math.min(latency, latencyNs.getHighestTrackableValue()));
        }
        freeSlots[freeCount++] = slot;
        sessions.remove(i);
        openSessions--;
        if (sessions.count == 0)
        {
            sessionsByKey.remove(key);
            sessionsPool.add(sessions);
        }
    }

    public void flushUpdates()
    {
        // no allowed lateness for sessions: a closed session never changes
    }

    public void fireAll()
    {
        advanceWatermark(Long.MAX_VALUE);
    }

    public void emitEarlyResultsIfDue(final long nowNs)
    {
        // early results for sessions are refused when the pipeline is built
    }

    public void emitEarlyResults()
    {
        // early results for sessions are refused when the pipeline is built
    }

    private int allocateSlot()
    {
        final int slot;
        if (freeCount > 0)
        {
            slot = freeSlots[--freeCount];
        }
        else
        {
            if (nextSlot == slotCapacity)
            {
                slotCapacity <<= 1;
                freeSlots = Arrays.copyOf(freeSlots, slotCapacity);
                for (final AggregateColumn<T> column : columns)
                {
                    column.ensureCapacity(slotCapacity);
                }
            }
            slot = nextSlot++;
        }
        for (final AggregateColumn<T> column : columns)
        {
            column.reset(slot);
        }
        return slot;
    }

    private void addDue(final long key, final long start, final long end)
    {
        if (dueCount == dueKeys.length)
        {
            final int capacity = dueCount << 1;
            dueKeys = Arrays.copyOf(dueKeys, capacity);
            dueStarts = Arrays.copyOf(dueStarts, capacity);
            dueEnds = Arrays.copyOf(dueEnds, capacity);
            dueOrder = Arrays.copyOf(dueOrder, capacity);
            sortScratch = Arrays.copyOf(sortScratch, capacity);
        }
        dueKeys[dueCount] = key;
        dueStarts[dueCount] = start;
        dueEnds[dueCount] = end;
        dueOrder[dueCount] = dueCount;
        dueCount++;
    }

    /**
     * Orders the due sessions by end, then key: the order does not depend on the hash map's, so a restored job
     * fires as one that never stopped. A merge sort of indices, in the reused scratch.
     */
    private void sortDue()
    {
        for (int width = 1; width < dueCount; width <<= 1)
        {
            for (int from = 0; from < dueCount; from += width << 1)
            {
                final int mid = Math.min(from + width, dueCount);
                final int to = Math.min(from + (width << 1), dueCount);
                int a = from;
                int b = mid;
                int out = from;
                while (a < mid && b < to)
                {
                    sortScratch[out++] = before(dueOrder[b], dueOrder[a]) ? dueOrder[b++] : dueOrder[a++];
                }
                while (a < mid)
                {
                    sortScratch[out++] = dueOrder[a++];
                }
                while (b < to)
                {
                    sortScratch[out++] = dueOrder[b++];
                }
            }
            final int[] swap = dueOrder;
            dueOrder = sortScratch;
            sortScratch = swap;
        }
    }

    private boolean before(final int x, final int y)
    {
        return dueEnds[x] < dueEnds[y] || (dueEnds[x] == dueEnds[y] && dueKeys[x] < dueKeys[y]);
    }

    public long watermark()
    {
        return watermark;
    }

    public void forEachKey(final java.util.function.LongConsumer consumer)
    {
        for (final Long2ObjectHashMap<Sessions>.KeyIterator it = sessionsByKey.keySet().iterator(); it.hasNext(); )
        {
            consumer.accept(it.nextLong());
        }
    }

    public long eventsIn()
    {
        return eventsIn;
    }

    public long eventsLate()
    {
        return eventsLate;
    }

    public long eventsLateAccepted()
    {
        return 0;
    }

    public long windowsFired()
    {
        return windowsFired;
    }

    public long resultsEmitted()
    {
        return resultsEmitted;
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
        return openSessions;
    }

    /**
     * Layout: watermark, counters, then per key with open sessions its key and sessions (start, end, latest
     * append time, then each column's accumulator).
     */
    public void snapshot(final StateOutput out)
    {
        out.putLong(watermark).putLong(eventsIn).putLong(eventsLate).putLong(windowsFired).putLong(resultsEmitted)
            .putInt(sessionsByKey.size());
        for (final Long2ObjectHashMap<Sessions>.EntryIterator it = sessionsByKey.entrySet().iterator(); it.hasNext(); )
        {
            it.next();
            final Sessions sessions = it.getValue();
            out.putLong(it.getLongKey()).putInt(sessions.count);
            for (int i = 0; i < sessions.count; i++)
            {
                out.putLong(sessions.starts[i]).putLong(sessions.ends[i]).putLong(sessions.appendNs[i]);
                for (final AggregateColumn<T> column : columns)
                {
                    column.snapshot(sessions.slots[i], out);
                }
            }
        }
    }

    public void restore(final StateInput in)
    {
        watermark = in.getLong();
        eventsIn = in.getLong();
        eventsLate = in.getLong();
        windowsFired = in.getLong();
        resultsEmitted = in.getLong();
        lateWatermark = watermark;
        final int keys = in.getCount("keys with open sessions", 12);
        for (int k = 0; k < keys; k++)
        {
            final long key = in.getLong();
            final int count = in.getCount("open sessions of key " + key, 24);
            final Sessions sessions = new Sessions();
            for (int i = 0; i < count; i++)
            {
                final long start = in.getLong();
                final long end = in.getLong();
                final long latestAppendNs = in.getLong();
                final int slot = allocateSlot();
                for (final AggregateColumn<T> column : columns)
                {
                    column.restore(slot, in);
                }
                sessions.add(start, end, slot, latestAppendNs);
                openSessions++;
                minMaxTimestamp = Math.min(minMaxTimestamp, end - 1);
            }
            sessionsByKey.put(key, sessions);
        }
    }

    /**
     * The open sessions of one key, in no order; a handful at most while the stream is in order.
     */
    private static final class Sessions
    {
        long[] starts = new long[2];
        long[] ends = new long[2];
        long[] appendNs = new long[2];
        int[] slots = new int[2];
        int count;

        void add(final long start, final long end, final int slot, final long latestAppendNs)
        {
            if (count == starts.length)
            {
                starts = Arrays.copyOf(starts, count << 1);
                ends = Arrays.copyOf(ends, count << 1);
                appendNs = Arrays.copyOf(appendNs, count << 1);
                slots = Arrays.copyOf(slots, count << 1);
            }
            starts[count] = start;
            ends[count] = end;
            appendNs[count] = latestAppendNs;
            slots[count] = slot;
            count++;
        }

        int indexOf(final long start)
        {
            for (int i = 0; i < count; i++)
            {
                if (starts[i] == start)
                {
                    return i;
                }
            }
            throw new IllegalStateException("no open session starts at " + start);
        }

        void remove(final int i)
        {
            final int last = --count;
            starts[i] = starts[last];
            ends[i] = ends[last];
            appendNs[i] = appendNs[last];
            slots[i] = slots[last];
        }
    }
}

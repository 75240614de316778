package dev.sluice.core.internal;

import dev.sluice.core.aggregate.AggregateColumn;
import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.core.function.EventTimeFunction;
import dev.sluice.core.function.KeyFunction;
import dev.sluice.core.function.LateEventHandler;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.sink.WindowResult;
import dev.sluice.core.window.EarlyResults;
import dev.sluice.core.window.WindowAssigner;
import org.HdrHistogram.Histogram;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.EpochNanoClock;

import java.util.Arrays;

/**
 * The keyed window aggregation at the end of a pipeline's stage chain, for the windows that do not merge
 * (tumbling, hopping, global; sessions are {@link SessionWindowOperator}'s).
 * <p>
 * Per event, and per window it belongs to (one for tumbling and global windows, several for hopping ones): if
 * late checks are on (every mode but BATCH) compare the window's last timestamp with the published watermark: a
 * window with {@code end - 1 + allowedLateness <= watermark} is gone and the event is late for it (an event late
 * for any of its windows is counted once and given to the side output once, with the watermark, from which the
 * windows it missed follow); a window with {@code end - 1 <= watermark} has fired and the event updates it
 * (re-emitted as an update; counted once per event as accepted late). Otherwise fold the event into the
 * (window, key) slot. The watermark only moves through {@link #advanceWatermark}, which fires every window it
 * passes, in start order, keys ascending, and frees the windows past their allowed lateness.
 * <p>
 * Folding is held back in groups of 16 events, so that the cache misses of a group overlap instead of
 * being waited for one event at a time:
 * <pre>
 *   emit: window, key, each column's valueOf --> group #0 .. #15 (the key's line of the window's map is loaded)
 *   group full, or state about to be read --> applyGroup: every (window, key) to its slot, then per column addAll
 * </pre>
 * State is read only after {@link #applyGroup}: before firing or freeing windows, emitting updates and
 * checkpointing; counters and late checks need no state and run per event.
 * <p>
 * BATCH reads its state in bulk and fires at the end of its range; with a state bound ({@code batchStateBound}) it
 * also fires, in bulk, once the state outgrows the bound: it publishes the watermark of the events so far and fires
 * and frees every window that watermark has passed by its allowed lateness, as one read of the state (a distinct
 * count groups its pairs once per such firing). Windows within their lateness stay open, so BATCH emits no updates;
 * from the first such firing on, events are judged late against that watermark as in the other modes. A firing runs
 * only when the oldest window has passed (one that frees nothing would read the state for nothing), and the next
 * one waits for the state to double what the last one left (at least the bound): each firing's read of the state
 * is paid for by the state added since, and the state stays under the larger of the bound and twice what the
 * watermark holds open.
 * <p>
 * Invariants: a late event changes no window state; a window fires once, then only emits updates for keys changed
 * since; state holds only windows the watermark (plus lateness) has not passed. Not thread-safe: the job thread.
 *
 * @param <T> event type.
 */
public final class WindowOperator<T> implements KeyedWindowOperator<T>
{
    private final WindowAssigner windows;
    /** One window per event (tumbling, global): the window of the event before is checked first. */
    private final boolean oneWindowPerEvent;
    private final long[] eventWindowStarts;
    private final KeyFunction<T> keyFunction;
    private final EventTimeFunction<T> eventTimeFunction;
    private final WindowState<T> state;
    private final AggregateColumn<T>[] columns;
    private final long allowedLatenessMs;
    private final LateEventHandler<T> lateHandler;
    private final ResultSink sink;
    private final WindowResult result;
    /** Fed every event's time: the job's, or (parallel jobs) the tracker of the input being read. */
    private WatermarkTracker<T> tracker;
    private final EpochNanoClock epochClock;
    private final Histogram latencyNs;
    private final boolean lateChecks;
    /** BATCH with a state bound: fires passed windows in bulk when the state outgrows the bound; 0: no bound. */
    private final int batchStateBound;
    /** Slots in use, and values held by a bulk column, at which the next bulk firing runs. */
    private long nextBulkFireSlots;
    private long nextBulkFireValues;
    /** Set when a group took the state past the bound: {@link #fireInBulk} runs once the event is done. */
    private boolean bulkFireDue;
    /** Early results: every this many events (0: not counted) and every this much processing time (0: not timed). */
    private final long earlyEveryEvents;
    private final long earlyIntervalNs;
    private final boolean earlyEveryPoll;
    private final boolean early;
    private long eventsSinceEarly;
    private long lastEarlyNs;
    /** Open windows that may hold keys changed since their last early result: a hint, reset when they are emitted. */
    private int earlyDirtyWindows;
    private long earlyResultsEmitted;

    private long watermark = Long.MIN_VALUE;
    /** What events are judged late against: the watermark, or an input's above it (see judgeLatenessAgainst). */
    private long lateWatermark = Long.MIN_VALUE;
    /** The window of the previous event; empty (start above end) until the first. */
    private long lastStart = 1;
    private long lastMaxTimestamp = 0;
    private long position;
    private long appendNs;
    private int dirtyWindows;
    private long[] scratchKeys = new long[64];
    private int scratchCount;
    private final org.agrona.collections.LongLongConsumer keyCollector = this::collectKey;

    /** Events held back: see {@link #accumulate} and {@link #applyGroup}. 32 measured no faster. */
    private static final int GROUP = 16;
    /** GROUP, or 1 when a column folds whole events, which are valid only until the next one is decoded. */
    private final int groupLimit;
    private final WindowBucket[] groupBuckets = new WindowBucket[GROUP];
    private final long[] groupKeys = new long[GROUP];
    private final int[] groupSlots = new int[GROUP];
    private final long[][] groupValues;
    private int groupCount;

    private long eventsIn;
    private long eventsLate;
    private long eventsLateAccepted;
    private long windowsFired;
    private long resultsEmitted;
    private long updatesEmitted;

    /**
     * @param windows           window assigner.
     * @param keyFunction       key of an event.
     * @param eventTimeFunction event time of an event.
     * @param state             fresh state whose columns follow the result schema.
     * @param allowedLatenessMs how long after firing a window still accepts events (re-fired as updates); &gt;= 0.
     * @param lateHandler       side output for late events, or null to drop them.
     * @param sink              receives results.
     * @param result            flyweight over {@code state}'s columns.
     * @param tracker           the job's watermark tracker; fed every event.
     * @param epochClock        wall clock for latency from append time to emission.
     * @param latencyNs         histogram to record that latency into.
     * @param lateChecks        false in BATCH mode: nothing is late (until a state bound fires windows early).
     * @param earlyResults      when open windows emit their running values.
     * @param batchStateBound   BATCH only (lateChecks false): (window, key) slots held before firing the windows the
     *                          watermark has passed in bulk, 3x as many values held by a bulk column; 0 for none.
     */
    public WindowOperator(
        final WindowAssigner windows,
        final KeyFunction<T> keyFunction,
        final EventTimeFunction<T> eventTimeFunction,
        final WindowState<T> state,
        final long allowedLatenessMs,
        final LateEventHandler<T> lateHandler,
        final ResultSink sink,
        final WindowResult result,
        final WatermarkTracker<T> tracker,
        final EpochNanoClock epochClock,
        final Histogram latencyNs,
        final boolean lateChecks,
        final EarlyResults earlyResults,
        final int batchStateBound)
    {
        if (batchStateBound < 0 || (batchStateBound > 0 && lateChecks))
        {
            throw new IllegalArgumentException("batchStateBound=" + batchStateBound + " applies to BATCH only " +
                "(no late checks) and must be >= 0");
        }
        this.windows = windows;
        this.oneWindowPerEvent = windows.maxWindowsPerEvent() == 1;
        this.eventWindowStarts = new long[windows.maxWindowsPerEvent()];
        this.keyFunction = keyFunction;
        this.eventTimeFunction = eventTimeFunction;
        this.state = state;
        this.columns = state.columns();
        this.groupValues = new long[columns.length][GROUP];
        boolean foldsEvents = false;
        for (final AggregateColumn<T> column : columns)
        {
            foldsEvents |= column.foldsEvents();
        }
        this.groupLimit = foldsEvents ? 1 : GROUP;
        this.allowedLatenessMs = allowedLatenessMs;
        this.lateHandler = lateHandler;
        this.sink = sink;
        this.result = result;
        this.tracker = tracker;
        this.epochClock = epochClock;
        this.latencyNs = latencyNs;
        // a bounded BATCH job judges lateness once it has fired windows early (until then its watermark is unset)
        this.lateChecks = lateChecks || batchStateBound > 0;
        this.batchStateBound = batchStateBound;
        this.nextBulkFireSlots = batchStateBound;
        this.nextBulkFireValues = 3L * batchStateBound;
        this.earlyEveryEvents = earlyResults.everyEvents();
        this.earlyIntervalNs = earlyResults.intervalNs();
        this.earlyEveryPoll = earlyResults.isEveryPoll();
        this.early = earlyResults.isEnabled();
    }

    /**
     * Set the record the next events come from (for the side output and latency).
     *
     * @param position log position of the record.
     * @param appendNs its append time, epoch ns.
     */
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
        if (oneWindowPerEvent)
        {
            final long start;
            final long maxTimestamp;
            if (timestamp >= lastStart && timestamp <= lastMaxTimestamp)
            {
                // nearly every event falls in the window of the one before: skip assigning it
                start = lastStart;
                maxTimestamp = lastMaxTimestamp;
            }
            else
            {
                windows.assignWindows(timestamp, eventWindowStarts);
                start = eventWindowStarts[0];
                maxTimestamp = windows.maxTimestamp(start);
                lastStart = start;
                lastMaxTimestamp = maxTimestamp;
            }
            final int outcome = addToWindow(start, maxTimestamp, key, event);
            if (outcome == LATE)
            {
                onLate(event, timestamp);
            }
            else if (outcome == LATE_ACCEPTED)
            {
                eventsLateAccepted++;
            }
            if (earlyEveryEvents > 0 && ++eventsSinceEarly >= earlyEveryEvents)
            {
                emitEarlyResults();
            }
            if (bulkFireDue)
            {
                fireInBulk();
            }
            return;
        }

        final int count = windows.assignWindows(timestamp, eventWindowStarts);
        boolean late = false;
        boolean lateAccepted = false;
        for (int i = 0; i < count; i++)
        {
            final long start = eventWindowStarts[i];
            final int outcome = addToWindow(start, windows.maxTimestamp(start), key, event);
            late |= outcome == LATE;
            lateAccepted |= outcome == LATE_ACCEPTED;
        }
        if (late)
        {
            onLate(event, timestamp);
        }
        if (lateAccepted)
        {
            eventsLateAccepted++;
        }
        if (earlyEveryEvents > 0 && ++eventsSinceEarly >= earlyEveryEvents)
        {
            emitEarlyResults();
        }
        if (bulkFireDue)
        {
            fireInBulk();
        }
    }

    private static final int ON_TIME = 0;
    private static final int LATE = 1;
    private static final int LATE_ACCEPTED = 2;

    /**
     * @return {@link #ON_TIME} when folded into an open window, {@link #LATE_ACCEPTED} when folded into a fired one
     * within allowed lateness (it emits an update), {@link #LATE} when the window is gone (nothing changed).
     */
    private int addToWindow(final long start, final long maxTimestamp, final long key, final T event)
    {
        if (lateChecks && maxTimestamp <= lateWatermark)
        {
            if (WatermarkTracker.addSaturated(maxTimestamp, allowedLatenessMs) <= lateWatermark)
            {
                return LATE;
            }
            if (batchStateBound > 0)
            {
                // bounded BATCH fires only windows past their lateness: this one has not fired, the event is on time
                addOnTime(start, maxTimestamp, key, event);
                return ON_TIME;
            }
            if (maxTimestamp > watermark)
            {
                // late by its input's watermark, but this operator has not fired the window yet: it goes into the
                // window's first result (a job on one thread judges by its own watermark and never comes here)
                addOnTime(start, maxTimestamp, key, event);
                return LATE_ACCEPTED;
            }
            final WindowBucket bucket = state.openBucket(start, maxTimestamp);
            // a window opened by a late event has been passed by the watermark already: it only emits as an update
            bucket.markFired();
            accumulate(bucket, key, event);
            if (bucket.dirtyKeys().isEmpty())
            {
                dirtyWindows++;
            }
            bucket.dirtyKeys().add(key);
            return LATE_ACCEPTED;
        }
        addOnTime(start, maxTimestamp, key, event);
        return ON_TIME;
    }

    private void addOnTime(final long start, final long maxTimestamp, final long key, final T event)
    {
        final WindowBucket bucket = state.openBucket(start, maxTimestamp);
        accumulate(bucket, key, event);
        if (early)
        {
            // an open window's changed keys: what the next early result emits
            if (bucket.dirtyKeys().isEmpty())
            {
                earlyDirtyWindows++;
            }
            bucket.dirtyKeys().add(key);
        }
    }

    /**
     * Early results by processing time or per poll: emit the running values changed since the last early result
     * when the interval has passed, or at once for {@link EarlyResults#everyPoll()}. Called by the job once per duty
     * cycle (micro-batch); nothing when early results are neither timed nor per poll.
     *
     * @param nowNs the job's processing-time clock.
     */
    public void emitEarlyResultsIfDue(final long nowNs)
    {
        if (earlyEveryPoll || (earlyIntervalNs > 0 && nowNs - lastEarlyNs >= earlyIntervalNs))
        {
            lastEarlyNs = nowNs;
            emitEarlyResults();
        }
    }

    /**
     * Emit the running value of every (window, key) of an open window changed since its last early result, as an
     * early result.
     */
    public void emitEarlyResults()
    {
        eventsSinceEarly = 0;
        if (earlyDirtyWindows == 0)
        {
            return;
        }
        applyGroup();
        for (int i = 0; i < state.openWindowCount(); i++)
        {
            final WindowBucket bucket = state.openWindow(i);
            if (!bucket.isFired() && !bucket.dirtyKeys().isEmpty())
            {
                emitDirty(bucket, true);
            }
        }
        earlyDirtyWindows = 0;
    }

    private void onLate(final T event, final long timestamp)
    {
        eventsLate++;
        if (null != lateHandler)
        {
            lateHandler.onLateEvent(event, timestamp, lateWatermark, position);
        }
    }

    /**
     * Hold the event back in the current group: its window, key and each column's value, with the key's line of
     * the window's key map loaded now, so that {@link #applyGroup} finds it in cache.
     */
    private void accumulate(final WindowBucket bucket, final long key, final T event)
    {
        final int n = groupCount;
        groupBuckets[n] = bucket;
        groupKeys[n] = key;
        bucket.keyToSlot().touch(key);
        final AggregateColumn<T>[] columns = this.columns;
        final long[][] groupValues = this.groupValues;
        for (int i = 0; i < columns.length; i++)
        {
            groupValues[i][n] = columns[i].valueOf(event);
        }
        bucket.onAppendTime(appendNs);
        groupCount = n + 1;
        if (n + 1 == groupLimit)
        {
            applyGroup();
        }
    }

    /**
     * Fold the events held back into their slots: first every (window, key) to its slot, allocating new ones,
     * then each column takes the whole group. Runs when a group is full and before anything reads the state.
     */
    public void applyGroup()
    {
        final int n = groupCount;
        if (n == 0)
        {
            return;
        }
        final WindowState<T> state = this.state;
        final int[] groupSlots = this.groupSlots;
        for (int i = 0; i < n; i++)
        {
            groupSlots[i] = state.slot(groupBuckets[i], groupKeys[i]);
        }
        final AggregateColumn<T>[] columns = this.columns;
        for (int i = 0; i < columns.length; i++)
        {
            columns[i].addAll(groupSlots, groupValues[i], n);
        }
        groupCount = 0;
        if (batchStateBound > 0 && (state.slotsInUse() >= nextBulkFireSlots || bulkValuesHeld() >= nextBulkFireValues) &&
            oldestWindowPassed())
        {
            // after the event: firing between its windows would leave it in some and late for others
            bulkFireDue = true;
        }
    }

    /**
     * @return true when the watermark of the events so far has passed the oldest open window by its allowed lateness:
     * a bulk firing would free something (one that frees nothing would read the state for nothing).
     */
    private boolean oldestWindowPassed()
    {
        return state.openWindowCount() > 0 &&
            WatermarkTracker.addSaturated(state.openWindow(0).maxTimestamp(), allowedLatenessMs) <= tracker.candidate();
    }

    private long bulkValuesHeld()
    {
        long most = 0;
        for (final AggregateColumn<T> column : columns)
        {
            most = Math.max(most, column.bulkValuesHeld());
        }
        return most;
    }

    /**
     * Bounded BATCH, the state past its bound: publish the watermark of the events so far, fire and free every window
     * it has passed by the allowed lateness (in start order, keys ascending, as {@link #fireAll} would), and set the
     * next firing at twice the state left (at least the bound).
     */
    private void fireInBulk()
    {
        applyGroup();
        bulkFireDue = false;
        final long newWatermark = tracker.advance();
        if (newWatermark > watermark)
        {
            watermark = newWatermark;
            lateWatermark = Math.max(lateWatermark, newWatermark);
        }
        final int freeBefore = state.freeSlotCount();
        while (state.openWindowCount() > 0)
        {
            final WindowBucket bucket = state.openWindow(0);
            if (WatermarkTracker.addSaturated(bucket.maxTimestamp(), allowedLatenessMs) > watermark)
            {
                break; // windows end in the order they start: no later one has passed either
            }
            fire(bucket);
            state.release(bucket);
        }
        state.columnsDropFreedSince(freeBefore);
        nextBulkFireSlots = Math.max(batchStateBound, 2L * state.slotsInUse());
        nextBulkFireValues = Math.max(3L * batchStateBound, 2L * bulkValuesHeld());
    }

    /**
     * Publish a new watermark: fire the windows it passes and free those past their allowed lateness.
     * A watermark not above the current one changes nothing.
     *
     * @param newWatermark the watermark.
     * @return windows fired by this call.
     */
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
        if (state.openWindowCount() == 0 || state.openWindow(0).maxTimestamp() > newWatermark)
        {
            return 0; // the oldest window has not ended: nothing fires or goes
        }
        applyGroup();
        final int freeBefore = state.freeSlotCount();
        int fired = 0;
        int i = 0;
        while (i < state.openWindowCount())
        {
            final WindowBucket bucket = state.openWindow(i);
            if (bucket.maxTimestamp() > newWatermark)
            {
                break; // windows end in the order they start: no later window has ended either
            }
            if (!bucket.isFired())
            {
                fire(bucket);
                fired++;
            }
            if (WatermarkTracker.addSaturated(bucket.maxTimestamp(), allowedLatenessMs) <= newWatermark)
            {
                if (!bucket.dirtyKeys().isEmpty())
                {
                    emitDirty(bucket, false);
                }
                state.release(bucket);
            }
            else
            {
                i++;
            }
        }
        state.columnsDropFreedSince(freeBefore);
        return fired;
    }

    /**
     * Re-emit every (window, key) changed by events within allowed lateness since it last emitted.
     */
    public void flushUpdates()
    {
        if (dirtyWindows == 0)
        {
            return;
        }
        applyGroup();
        for (int i = 0; i < state.openWindowCount(); i++)
        {
            final WindowBucket bucket = state.openWindow(i);
            // an open window's changed keys wait for their early result; a fired one's are late updates
            if (bucket.isFired() && !bucket.dirtyKeys().isEmpty())
            {
                emitDirty(bucket, false);
            }
        }
        dirtyWindows = 0;
    }

    /**
     * End of input: emit pending updates and fire every open window (the end-of-input watermark).
     */
    public void fireAll()
    {
        flushUpdates();
        advanceWatermark(Long.MAX_VALUE);
    }

    private void fire(final WindowBucket bucket)
    {
        scratchCount = 0;
        bucket.keyToSlot().forEach(keyCollector);
        Arrays.sort(scratchKeys, 0, scratchCount);
        final long start = bucket.start();
        final long end = bucket.maxTimestamp() + 1;
        final long latency = epochClock.nanoTime() - bucket.maxAppendNs();
        for (int k = 0; k < scratchCount; k++)
        {
            final long key = scratchKeys[k];
            final int slot = state.slot(bucket, key);
            emit(start, end, key, slot, latency);
        }
        bucket.markFired();
        if (!bucket.dirtyKeys().isEmpty())
        {
            // keys folded in before this first firing are part of it, not updates
            bucket.dirtyKeys().clear();
        }
        windowsFired++;
    }

    /**
     * Emit every key of {@code bucket} changed since it last emitted: early results of an open window, or updates
     * of a fired one.
     */
    private void emitDirty(final WindowBucket bucket, final boolean earlyResult)
    {
        final LongHashSet dirty = bucket.dirtyKeys();
        scratchCount = 0;
        final LongHashSet.LongIterator it = dirty.iterator();
        while (it.hasNext())
        {
            collectKey(it.nextValue(), 0);
        }
        Arrays.sort(scratchKeys, 0, scratchCount);
        final long start = bucket.start();
        final long end = bucket.maxTimestamp() + 1;
        final long latency = epochClock.nanoTime() - bucket.maxAppendNs();
        for (int k = 0; k < scratchCount; k++)
        {
            final long key = scratchKeys[k];
            if (earlyResult)
            {
                // not marked emitted: the window's final result is its first result, as without early results
                sink.onResult(result.wrapEarly(start, end, key, state.slot(bucket, key)));
                earlyResultsEmitted++;
            }
            else
            {
                emit(start, end, key, state.slot(bucket, key), latency);
            }
        }
        dirty.clear();
    }

    private void emit(final long start, final long end, final long key, final int slot, final long latency)
    {
        final boolean update = state.isEmitted(slot);
        sink.onResult(result.wrap(start, end, key, slot, update));
        state.markEmitted(slot);
        resultsEmitted++;
        if (update)
        {
            updatesEmitted++;
        }
        if (latency >= 0)
        {
            // replays of old records have latencies beyond the range: clamp rather than fail the job
            latencyNs.recordValue(Math.min(latency, latencyNs.getHighestTrackableValue()));
        }
    }

    private void collectKey(final long key, final long ignoredSlot)
    {
        if (scratchCount == scratchKeys.length)
        {
            scratchKeys = Arrays.copyOf(scratchKeys, scratchCount << 1);
        }
        scratchKeys[scratchCount++] = key;
    }

    public long watermark()
    {
        return watermark;
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
        final WindowOperator<T> that = (WindowOperator<T>)other;
        applyGroup();
        that.applyGroup();
        watermark = Math.max(watermark, that.watermark);
        lateWatermark = watermark;
        state.absorb(that.state, keep);
        // a window fired here is fired for every key it holds now; its changed keys are updates to emit
        dirtyWindows = 0;
        for (int i = 0; i < state.openWindowCount(); i++)
        {
            final WindowBucket bucket = state.openWindow(i);
            if (bucket.isFired() && !bucket.dirtyKeys().isEmpty())
            {
                dirtyWindows++;
            }
        }
        if (early)
        {
            earlyDirtyWindows = state.openWindowCount();
        }
    }

    public void forEachKey(final java.util.function.LongConsumer consumer)
    {
        state.forEachKey(consumer);
        for (int i = 0; i < groupCount; i++)
        {
            consumer.accept(groupKeys[i]);
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
        return eventsLateAccepted;
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
        return updatesEmitted;
    }

    /**
     * @return early results emitted: running values of open windows (not counted in {@link #resultsEmitted()}).
     */
    public long earlyResultsEmitted()
    {
        return earlyResultsEmitted;
    }

    public int openWindows()
    {
        return state.openWindowCount();
    }

    public int peakStateSlots()
    {
        return state.peakSlots();
    }

    public WindowState<T> state()
    {
        applyGroup();
        return state;
    }

    /**
     * Write the operator's watermark, counters and all window state into a checkpoint.
     *
     * @param out where to write.
     */
    public void snapshot(final StateOutput out)
    {
        applyGroup();
        out.putLong(watermark).putLong(eventsIn).putLong(eventsLate).putLong(eventsLateAccepted)
            .putLong(windowsFired).putLong(resultsEmitted).putLong(updatesEmitted).putInt(dirtyWindows);
        state.snapshot(out);
        if (early)
        {
            // where the count to the next early result stands: a restored job emits them where this one would
            out.putLong(eventsSinceEarly);
        }
    }

    /**
     * Restore what {@link #snapshot} wrote into this fresh operator.
     *
     * @param in positioned at the operator's bytes.
     */
    public void restore(final StateInput in)
    {
        watermark = in.getLong();
        eventsIn = in.getLong();
        eventsLate = in.getLong();
        eventsLateAccepted = in.getLong();
        windowsFired = in.getLong();
        resultsEmitted = in.getLong();
        updatesEmitted = in.getLong();
        dirtyWindows = in.getInt();
        lateWatermark = watermark;
        state.restore(in);
        if (early)
        {
            eventsSinceEarly = in.getLong();
            // the keys of open windows changed since their last early result came back with the state
            earlyDirtyWindows = state.openWindowCount();
        }
    }
}

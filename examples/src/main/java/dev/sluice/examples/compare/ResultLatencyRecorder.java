package dev.sluice.examples.compare;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayQueue;
import org.agrona.concurrent.NanoClock;

/**
 * Measures, for every event of a {@link FixedRateSchedule}, how long after its due time its effect became visible in
 * a queryable view (event-to-result), and for every (window, key), how long after the window could first be final
 * its final result was emitted (window-final). Both are measured from when things were due, never from when the
 * producer got to them, so a stall of the producer or of the job shows up in full: no coordinated omission.
 *
 * <p>How an event is matched to the result that shows it: every event read by the job is queued under its
 * (window, key) in read order ({@link #onRead}); a result of that (window, key) whose count of events is {@code c}
 * makes the first {@code c} events of the queue visible ({@link #onResult}), each recorded as {@code now - due}. A
 * result only ever counts events already read, and a (window, key) counts its events in read order, so the match is
 * exact in every mode: one event a result when each event shows its running value, a whole micro-batch or scheduled
 * batch at once otherwise. Events never shown (dropped as late) stay queued and are counted by {@link #invisible()}.
 *
 * <pre>
 *   job thread:   decode --> onRead(event, window, key)      queue of (window, key) += event
 *                 view.onResult(row); onResult(row, count)  pop count - shown events: record now - due(event)
 *   other thread: intervalEventToResult(), intervalWindowFinal()  histograms of the last interval
 * </pre>
 *
 * <p>A window could first be final when the stream's clock passed its end plus the watermark bound: from then on a
 * watermark may close it. Window-final latencies are recorded for windows whose moment came before the stream ended
 * ({@link #lastDueNs}), not for those an end-of-input flush fired early.
 *
 * <p>A warm-up ({@link #warmUpUntil}) sends the latencies of events due before its end, and of windows that could be
 * final before it, to histograms of their own ({@link #intervalWarmupEventToResult}): measured the same way, shown
 * second by second, kept out of the run's percentiles.
 *
 * <p>Threading: {@link #onRead} and {@link #onResult} on the job's thread only (single writer); the interval methods
 * from one other thread ({@link SingleWriterRecorder}). Not otherwise thread-safe.
 */
public final class ResultLatencyRecorder
{
    /** Highest latency a histogram tracks: an hour, in ns. */
    public static final long HIGHEST_TRACKABLE_NS = 3_600_000_000_000L;
    private static final int SIGNIFICANT_DIGITS = 3;

    private final FixedRateSchedule schedule;
    private final long watermarkBoundMs;
    private final NanoClock clock;
    private final SingleWriterRecorder eventToResult = new SingleWriterRecorder(HIGHEST_TRACKABLE_NS,
        SIGNIFICANT_DIGITS);
    private final SingleWriterRecorder windowFinal = new SingleWriterRecorder(HIGHEST_TRACKABLE_NS,
        SIGNIFICANT_DIGITS);
    private final SingleWriterRecorder warmupEventToResult = new SingleWriterRecorder(HIGHEST_TRACKABLE_NS,
        SIGNIFICANT_DIGITS);
    private final SingleWriterRecorder warmupWindowFinal = new SingleWriterRecorder(HIGHEST_TRACKABLE_NS,
        SIGNIFICANT_DIGITS);
    /** Events with a smaller number were due in the warm-up; 0 without one. */
    private long firstMeasuredIndex;
    /** Clock time the warm-up ends; Long.MIN_VALUE without one. */
    private long measureFromNs = Long.MIN_VALUE;
    private final Long2ObjectHashMap<Long2ObjectHashMap<Group>> windows = new Long2ObjectHashMap<>();
    private long lastWindowStart = Long.MIN_VALUE;
    private Long2ObjectHashMap<Group> lastWindow;
    // the group of the last event read: with a running value a result, the next result is that group's
    private long lastGroupWindowStart = Long.MIN_VALUE;
    private long lastGroupKey;
    private Group lastGroup;
    private long highestRead = -1;
    // volatile: a parallel run sets it from the thread that ends the job's input, not the one that reads it
    private volatile long lastDueNs = Long.MAX_VALUE;
    private long openGroups;
    private long peakOpenGroups;
    private long shown;
    private long unmatched;
    private long finalAgain;

    /**
     * The pending events of one (window, key), read and not yet shown, oldest first. The oldest is held in a field:
     * where each event shows its running value there is never a second, and no queue is made (one object and one
     * cache miss less per event).
     */
    private static final class Group
    {
        private static final long NONE = Long.MIN_VALUE;
        private long oldest = NONE;
        private LongArrayQueue more;
        long shownCount;
        boolean isFinal;

        void offer(final long index)
        {
            if (oldest == NONE)
            {
                oldest = index;
            }
            else
            {
                if (null == more)
                {
                    more = new LongArrayQueue(NONE);
                }
                more.offerLong(index);
            }
        }

        /**
         * @return the oldest pending event, or {@link #NONE}.
         */
        long poll()
        {
            final long index = oldest;
            oldest = null == more || more.isEmpty() ? NONE : more.pollLong();
            return index;
        }

        int size()
        {
            return oldest == NONE ? 0 : 1 + (null == more ? 0 : more.size());
        }
    }

    /**
     * @param schedule         when each event was due.
     * @param watermarkBoundMs the pipeline's watermark bound: a window could be final this long after its end.
     * @param clock            the clock of "now" when a result is shown; the same as the schedule's.
     */
    public ResultLatencyRecorder(final FixedRateSchedule schedule, final long watermarkBoundMs, final NanoClock clock)
    {
        this.schedule = schedule;
        this.watermarkBoundMs = watermarkBoundMs;
        this.clock = clock;
    }

    /**
     * Sets a warm-up: the latencies of the events due before {@code endNs}, and of the windows that could be final
     * before it, go to the warm-up histograms. Before the job reads its first event.
     *
     * @param endNs clock time the warm-up ends.
     */
    public void warmUpUntil(final long endNs)
    {
        measureFromNs = endNs;
        // the first event due at or after endNs (dueNs rises with the index, and index * 1e9 fits a long below
        // the upper bound): a search, once
        long low = 0;
        long high = Long.MAX_VALUE / 1_000_000_000L;
        while (low < high)
        {
            final long mid = (low + high) >>> 1;
            if (schedule.dueNs(mid) < endNs)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        firstMeasuredIndex = low;
    }

    /**
     * @param lastDueNs when the stream's last event was due: windows that could be final only later are left out
     *                  of the window-final latencies (an end-of-input flush fires them early). Any thread before the
     *                  job thread's next result, e.g. before the drain.
     */
    public void endOfStream(final long lastDueNs)
    {
        this.lastDueNs = lastDueNs;
    }

    /**
     * An event was read by the job. Job thread. An event read again (a re-read range) is ignored.
     *
     * @param index       the event's number in the stream.
     * @param windowStart start of its window.
     * @param key         its key.
     */
    public void onRead(final long index, final long windowStart, final long key)
    {
        if (index <= highestRead)
        {
            return;
        }
        highestRead = index;
        group(windowStart, key, true).offer(index);
    }

    /**
     * A result of (window, key) is visible now. Job thread, after the view holds it.
     *
     * @param windowStart start of the window.
     * @param windowEnd   end of the window, exclusive.
     * @param key         the key.
     * @param count       events the result counts.
     * @param isFinal     true for a final result (not a running value).
     */
    public void onResult(
        final long windowStart, final long windowEnd, final long key, final long count, final boolean isFinal)
    {
        final Group group = group(windowStart, key, false);
        if (null == group)
        {
            unmatched++;
            return;
        }
        final long nowNs = clock.nanoTime();
        for (long i = group.shownCount; i < count; i++)
        {
            final long index = group.poll();
            if (index == Group.NONE)
            {
                unmatched += count - i;
                break;
            }
            (index >= firstMeasuredIndex ? eventToResult : warmupEventToResult)
                .recordValue(clamp(nowNs - schedule.dueNs(index)));
            shown++;
        }
        group.shownCount = Math.max(group.shownCount, count);
        if (isFinal && group.isFinal)
        {
            finalAgain++;
        }
        if (isFinal && !group.isFinal)
        {
            group.isFinal = true;
            openGroups--;
            final long finalAtNs = schedule.nanosAtEpochMs(windowEnd + watermarkBoundMs);
            if (finalAtNs <= lastDueNs)
            {
                (finalAtNs >= measureFromNs ? windowFinal : warmupWindowFinal).recordValue(clamp(nowNs - finalAtNs));
            }
        }
    }

    private Group group(final long windowStart, final long key, final boolean create)
    {
        if (windowStart == lastGroupWindowStart && key == lastGroupKey && null != lastGroup)
        {
            return lastGroup;
        }
        Long2ObjectHashMap<Group> keys = lastWindowStart == windowStart ? lastWindow : windows.get(windowStart);
        if (null == keys)
        {
            if (!create)
            {
                return null;
            }
            keys = new Long2ObjectHashMap<>();
            windows.put(windowStart, keys);
        }
        lastWindowStart = windowStart;
        lastWindow = keys;
        Group group = keys.get(key);
        if (null == group && create)
        {
            group = new Group();
            keys.put(key, group);
            if (++openGroups > peakOpenGroups)
            {
                peakOpenGroups = openGroups;
            }
        }
        if (null != group)
        {
            lastGroupWindowStart = windowStart;
            lastGroupKey = key;
            lastGroup = group;
        }
        return group;
    }

    /**
     * Forget the windows that start before {@code windowStart} whose every group is final with nothing pending.
     * Job thread; bounds the memory of a long run, and so the live heap a collection has to copy. A late event of a
     * forgotten window is still counted by {@link #invisible()}.
     *
     * @param windowStart the oldest window start to keep.
     */
    public void forgetFinalWindowsBefore(final long windowStart)
    {
        final Long2ObjectHashMap<Long2ObjectHashMap<Group>>.KeyIterator it = windows.keySet().iterator();
        while (it.hasNext())
        {
            final long start = it.nextLong();
            if (start >= windowStart)
            {
                continue;
            }
            boolean done = true;
            for (final Group group : windows.get(start).values())
            {
                if (!group.isFinal || group.size() != 0)
                {
                    done = false;
                    break;
                }
            }
            if (done)
            {
                it.remove();
            }
        }
        lastWindowStart = Long.MIN_VALUE;
        lastWindow = null;
        lastGroup = null;
    }

    private static long clamp(final long latencyNs)
    {
        // a result shown before its event was due can only be a clock step: count it as no wait
        return Math.max(0, Math.min(latencyNs, HIGHEST_TRACKABLE_NS));
    }

    /**
     * @param recycle a histogram handed out by an earlier call, or null.
     * @return the event-to-result latencies (ns) recorded since the last call. Reader thread.
     */
    public Histogram intervalEventToResult(final Histogram recycle)
    {
        return eventToResult.getIntervalHistogram(recycle);
    }

    /**
     * @param recycle a histogram handed out by an earlier call, or null.
     * @return the window-final latencies (ns) recorded since the last call. Reader thread.
     */
    public Histogram intervalWindowFinal(final Histogram recycle)
    {
        return windowFinal.getIntervalHistogram(recycle);
    }

    /**
     * @param recycle a histogram handed out by an earlier call, or null.
     * @return the warm-up's event-to-result latencies (ns) recorded since the last call. Reader thread.
     */
    public Histogram intervalWarmupEventToResult(final Histogram recycle)
    {
        return warmupEventToResult.getIntervalHistogram(recycle);
    }

    /**
     * @param recycle a histogram handed out by an earlier call, or null.
     * @return the warm-up's window-final latencies (ns) recorded since the last call. Reader thread.
     */
    public Histogram intervalWarmupWindowFinal(final Histogram recycle)
    {
        return warmupWindowFinal.getIntervalHistogram(recycle);
    }

    /**
     * @return events read and not shown: late events a mode dropped (and any still on their way). Job thread, or
     * after it ended.
     */
    public long invisible()
    {
        long pending = 0;
        for (final Long2ObjectHashMap<Group> keys : windows.values())
        {
            for (final Group group : keys.values())
            {
                pending += group.size();
            }
        }
        return pending;
    }

    /**
     * @return events shown so far. Job thread, or after it ended.
     */
    public long shown()
    {
        return shown;
    }

    /**
     * @return results of a (window, key) no event was read for, or counting more events than were read: 0 unless
     * the recorder is fed wrongly. Job thread, or after it ended.
     */
    public long unmatched()
    {
        return unmatched;
    }

    /**
     * @return final results of a (window, key) that already had one: 0 where each is final once (a scheduled batch
     * publishes each complete window in one run only). Job thread, or after it ended.
     */
    public long finalAgain()
    {
        return finalAgain;
    }

    /**
     * @return the most (window, key) groups read and not yet final at one time: the state the job held. Job thread,
     * or after it ended.
     */
    public long peakOpenGroups()
    {
        return peakOpenGroups;
    }
}

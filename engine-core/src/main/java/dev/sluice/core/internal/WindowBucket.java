package dev.sluice.core.internal;

import org.agrona.collections.LongHashSet;

/**
 * The state of one open window: which slot holds each key's accumulators, whether the window has fired, the keys
 * changed since it fired (allowed lateness), and the newest append time of its input (for latency).
 * Pooled by {@link WindowState}: cleared and reused, never freed in steady state. Not thread-safe.
 */
final class WindowBucket
{
    final KeySlotMap keyToSlot;
    final LongHashSet dirtyKeys = new LongHashSet(8);
    long start;
    long maxTimestamp;
    long maxAppendNs;
    boolean fired;

    WindowBucket(final int expectedKeys)
    {
        keyToSlot = new KeySlotMap(expectedKeys);
    }

    void init(final long start, final long maxTimestamp, final int expectedKeys)
    {
        this.start = start;
        this.maxTimestamp = maxTimestamp;
        this.maxAppendNs = Long.MIN_VALUE;
        this.fired = false;
        keyToSlot.clear(expectedKeys);
        dirtyKeys.clear();
    }

    /**
     * @return window start, inclusive, ms.
     */
    public long start()
    {
        return start;
    }

    /**
     * @return the last event time inside the window: end - 1.
     */
    public long maxTimestamp()
    {
        return maxTimestamp;
    }

    /**
     * @return true once the watermark passed the window and it emitted its first result.
     */
    public boolean isFired()
    {
        return fired;
    }

    public void markFired()
    {
        fired = true;
    }

    /**
     * @return keys whose result changed after the window fired, to be re-emitted as updates.
     */
    public LongHashSet dirtyKeys()
    {
        return dirtyKeys;
    }

    /**
     * @return key to slot map (read-only use).
     */
    public KeySlotMap keyToSlot()
    {
        return keyToSlot;
    }

    public int keyCount()
    {
        return keyToSlot.size();
    }

    /**
     * @param appendNs append time of a record that fed this window.
     */
    public void onAppendTime(final long appendNs)
    {
        if (appendNs > maxAppendNs)
        {
            maxAppendNs = appendNs;
        }
    }

    /**
     * @return the newest append time among the records that fed this window.
     */
    public long maxAppendNs()
    {
        return maxAppendNs;
    }
}

package dev.sluice.core.internal;

import dev.sluice.core.aggregate.AggregateColumn;
import dev.sluice.core.checkpoint.CorruptCheckpointException;
import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * All keyed window state of one job: open windows by start time (a primitive map plus a sorted array of starts),
 * per window a key-to-slot map, and per slot the accumulators of every aggregation in slot-indexed columns.
 * <p>
 * Invariants: a slot belongs to exactly one (window, key) or is on the free list; the open starts are sorted
 * ascending and match the map's keys; released windows return their slots and their bucket to pools, so state
 * is bounded by the open windows (the watermark) and steady state allocates nothing. Everything a checkpoint needs
 * is reachable from here at an event boundary: the open windows, their key-to-slot maps, the slot flags and the
 * columns. Not thread-safe: owned by the job thread.
 *
 * @param <T> event type.
 */
public final class WindowState<T>
{
    private static final byte EMITTED = 1;

    private final AggregateColumn<T>[] columns;
    private final Long2ObjectHashMap<WindowBucket> bucketsByStart = new Long2ObjectHashMap<>();
    private final ArrayDeque<WindowBucket> bucketPool = new ArrayDeque<>();
    private long[] openStarts = new long[8];
    private WindowBucket[] openBuckets = new WindowBucket[8];
    private int openCount;

    private byte[] slotFlags = new byte[16];
    private int[] freeSlots = new int[16];
    private int freeCount;
    private int nextSlot;
    private int slotCapacity;

    private final org.agrona.collections.LongLongConsumer slotFreer = this::freeSlot;
    private WindowBucket cachedBucket;
    private long cachedStart;
    private int lastReleasedKeys;

    /**
     * @param columns one column per aggregation, fresh for this job.
     */
    public WindowState(final AggregateColumn<T>[] columns)
    {
        this.columns = columns;
        growSlots(16);
    }

    public AggregateColumn<T>[] columns()
    {
        return columns;
    }

    /**
     * @param start window start.
     * @return its bucket, or null if the window is not open.
     */
    public WindowBucket bucket(final long start)
    {
        if (null != cachedBucket && cachedStart == start)
        {
            return cachedBucket;
        }
        final WindowBucket bucket = bucketsByStart.get(start);
        if (null != bucket)
        {
            cachedBucket = bucket;
            cachedStart = start;
        }
        return bucket;
    }

    /**
     * @param start        window start.
     * @param maxTimestamp window end - 1.
     * @return the open bucket of that window, opened if needed.
     */
    public WindowBucket openBucket(final long start, final long maxTimestamp)
    {
        WindowBucket bucket = bucket(start);
        if (null == bucket)
        {
            // a new window is likely to see as many keys as the newest one so far: size its key map for them
            final int expectedKeys = openCount > 0 ? openBuckets[openCount - 1].keyCount() : lastReleasedKeys;
            bucket = bucketPool.pollFirst();
            if (null == bucket)
            {
                bucket = new WindowBucket(expectedKeys);
            }
            bucket.init(start, maxTimestamp, expectedKeys);
            bucketsByStart.put(start, bucket);
            insertStart(start, bucket);
            cachedBucket = bucket;
            cachedStart = start;
        }
        return bucket;
    }

    /**
     * @param bucket an open window.
     * @param key    the key.
     * @return the slot of (window, key), allocated and reset if new.
     */
    public int slot(final WindowBucket bucket, final long key)
    {
        final int existing = bucket.keyToSlot.get(key);
        if (existing != KeySlotMap.NO_SLOT)
        {
            return existing;
        }
        final int slot = allocateSlot();
        bucket.keyToSlot.put(key, slot);
        return slot;
    }

    /**
     * @param slot a slot in use.
     * @return true if the slot's result has been emitted at least once.
     */
    public boolean isEmitted(final int slot)
    {
        return (slotFlags[slot] & EMITTED) != 0;
    }

    public void markEmitted(final int slot)
    {
        slotFlags[slot] |= EMITTED;
    }

    /**
     * @return number of open windows.
     */
    public int openWindowCount()
    {
        return openCount;
    }

    /**
     * @param index 0 .. openWindowCount-1, ascending by start.
     * @return the bucket.
     */
    public WindowBucket openWindow(final int index)
    {
        return openBuckets[index];
    }

    /**
     * @return slots holding a (window, key) now.
     */
    public int slotsInUse()
    {
        return nextSlot - freeCount;
    }

    /**
     * @return the most slots held at once so far: slots are reused from the free list before new ones are taken.
     */
    public int peakSlots()
    {
        return nextSlot;
    }

    /**
     * @return slots on the free list now: pass it to {@link #columnsDropFreedSince} after releasing windows.
     */
    public int freeSlotCount()
    {
        return freeCount;
    }

    /**
     * Tell every column, in one call, the slots freed since the free list held {@code freeCountBefore} (windows
     * {@link #release released} since, with no slot allocated in between).
     *
     * @param freeCountBefore {@link #freeSlotCount()} before the releases.
     */
    public void columnsDropFreedSince(final int freeCountBefore)
    {
        if (freeCount > freeCountBefore)
        {
            for (final AggregateColumn<T> column : columns)
            {
                column.releaseSlots(freeSlots, freeCountBefore, freeCount);
            }
        }
    }

    /**
     * @param consumer told the key of every slot of every open window.
     */
    public void forEachKey(final java.util.function.LongConsumer consumer)
    {
        for (final WindowBucket bucket : bucketsByStart.values())
        {
            bucket.keyToSlot.forEach((key, slot) -> consumer.accept(key));
        }
    }

    /**
     * Free a window: its slots return to the free list, the bucket to the pool.
     *
     * @param bucket an open window.
     */
    public void release(final WindowBucket bucket)
    {
        final long start = bucket.start;
        lastReleasedKeys = bucket.keyCount();
        bucket.keyToSlot.forEach(slotFreer);
        bucketsByStart.remove(start);
        removeStart(start);
        if (cachedBucket == bucket)
        {
            cachedBucket = null;
        }
        bucket.dirtyKeys.clear();
        bucketPool.addLast(bucket);
    }

    private void freeSlot(final long key, final long slot)
    {
        freeSlots[freeCount++] = (int)slot;
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
                growSlots(slotCapacity << 1);
            }
            slot = nextSlot++;
        }
        slotFlags[slot] = 0;
        for (final AggregateColumn<T> column : columns)
        {
            column.reset(slot);
        }
        return slot;
    }

    private void growSlots(final int capacity)
    {
        slotCapacity = capacity;
        slotFlags = Arrays.copyOf(slotFlags, capacity);
        freeSlots = Arrays.copyOf(freeSlots, capacity);
        for (final AggregateColumn<T> column : columns)
        {
            column.ensureCapacity(capacity);
        }
    }

    private void insertStart(final long start, final WindowBucket bucket)
    {
        if (openCount == openStarts.length)
        {
            openStarts = Arrays.copyOf(openStarts, openCount << 1);
            openBuckets = Arrays.copyOf(openBuckets, openCount << 1);
        }
        // windows open mostly in ascending order: search from the end
        int i = openCount;
        while (i > 0 && openStarts[i - 1] > start)
        {
            openStarts[i] = openStarts[i - 1];
            openBuckets[i] = openBuckets[i - 1];
            i--;
        }
        openStarts[i] = start;
        openBuckets[i] = bucket;
        openCount++;
    }

    private void removeStart(final long start)
    {
        for (int i = 0; i < openCount; i++)
        {
            if (openStarts[i] == start)
            {
                System.arraycopy(openStarts, i + 1, openStarts, i, openCount - i - 1);
                System.arraycopy(openBuckets, i + 1, openBuckets, i, openCount - i - 1);
                openBuckets[--openCount] = null;
                return;
            }
        }
    }

    /**
     * Take over the (window, key) state of {@code other} for the keys {@code keep} accepts: each key's accumulators
     * (merged into a fresh slot), slot flags and changed-since-fired mark, into the same window here, opened if
     * needed. Keys are disjoint between the states absorbed (each held by one worker), so no slot is merged twice.
     * A window fired in one state and not in another comes out fired, with the keys of the one not fired marked
     * changed, so that they are emitted.
     *
     * @param other a state of the same pipeline's aggregations, not used afterwards.
     * @param keep  the keys to take.
     */
    public void absorb(final WindowState<T> other, final java.util.function.LongPredicate keep)
    {
        for (int w = 0; w < other.openCount; w++)
        {
            final WindowBucket from = other.openBuckets[w];
            final WindowBucket into = openBucket(from.start, from.maxTimestamp);
            into.maxAppendNs = Math.max(into.maxAppendNs, from.maxAppendNs);
            into.fired |= from.fired;
            from.keyToSlot.forEach((key, otherSlot) ->
            {
                if (keep.test(key))
                {
                    final int slot = slot(into, key);
                    for (int c = 0; c < columns.length; c++)
                    {
                        columns[c].merge(slot, other.columns[c], (int)otherSlot);
                    }
                    slotFlags[slot] = other.slotFlags[(int)otherSlot];
                    if (from.dirtyKeys.contains(key))
                    {
                        into.dirtyKeys.add(key);
                    }
                }
            });
        }
        for (int w = 0; w < openCount; w++)
        {
            final WindowBucket bucket = openBuckets[w];
            if (bucket.fired)
            {
                // every key of a fired window was emitted or waits as changed: a key from a state that had not fired
                // it yet has neither, and is emitted with the changed ones
                bucket.keyToSlot.forEach((key, slot) ->
                {
                    if ((slotFlags[(int)slot] & EMITTED) == 0)
                    {
                        bucket.dirtyKeys.add(key);
                    }
                });
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // checkpoints: called by the job thread at an event boundary, never per event

    private long[] checkpointKeys = new long[64];
    private int[] checkpointSlots = new int[64];
    private int checkpointCount;
    private final org.agrona.collections.LongLongConsumer checkpointCollector = this::collectForCheckpoint;

    /**
     * Write every open window into a checkpoint: per window its bounds, fired flag and newest append time, its
     * keys with their slot flags, then each column's accumulators of those keys (column by column), then the keys
     * changed since it fired. Slot numbers are not written: restore allocates its own.
     *
     * @param out where to write.
     */
    public void snapshot(final StateOutput out)
    {
        out.putInt(openCount);
        for (int w = 0; w < openCount; w++)
        {
            final WindowBucket bucket = openBuckets[w];
            out.putLong(bucket.start).putLong(bucket.maxTimestamp).putLong(bucket.maxAppendNs)
                .putByte(bucket.fired ? (byte)1 : (byte)0);
            checkpointCount = 0;
            bucket.keyToSlot.forEach(checkpointCollector);
            final int n = checkpointCount;
            out.putInt(n);
            for (int k = 0; k < n; k++)
            {
                out.putLong(checkpointKeys[k]).putByte(slotFlags[checkpointSlots[k]]);
            }
            for (final AggregateColumn<T> column : columns)
            {
                column.snapshotSlots(checkpointSlots, n, out);
            }
            out.putInt(bucket.dirtyKeys.size());
            final org.agrona.collections.LongHashSet.LongIterator it = bucket.dirtyKeys.iterator();
            while (it.hasNext())
            {
                out.putLong(it.nextValue());
            }
        }
    }

    /**
     * Rebuild the open windows {@link #snapshot} wrote, into this fresh state (no window open yet).
     *
     * @param in positioned at the state's bytes.
     * @throws CorruptCheckpointException when the bytes do not describe a valid state (windows out of order,
     *                                    a key twice, counts that do not fit).
     */
    public void restore(final StateInput in)
    {
        if (openCount != 0 || slotsInUse() != 0)
        {
            throw new IllegalStateException("restore into fresh state only: " + openCount + " windows are open");
        }
        final int windows = in.getCount("open windows", 29);
        long previousStart = Long.MIN_VALUE;
        for (int w = 0; w < windows; w++)
        {
            final long start = in.getLong();
            final long maxTimestamp = in.getLong();
            final long maxAppendNs = in.getLong();
            final byte fired = in.getByte();
            if ((w > 0 && start <= previousStart) || maxTimestamp < start || (fired & ~1) != 0)
            {
                throw new CorruptCheckpointException(in.file(), "open window " + w + " [" + start + ", " +
                    maxTimestamp + "] (fired " + fired + ") is out of order or malformed");
            }
            previousStart = start;
            final WindowBucket bucket = openBucket(start, maxTimestamp);
            bucket.maxAppendNs = maxAppendNs;
            bucket.fired = fired == 1;
            final int n = in.getCount("keys of window " + start, 9);
            ensureCheckpointScratch(n);
            for (int k = 0; k < n; k++)
            {
                final long key = in.getLong();
                final byte flags = in.getByte();
                final int slot = slot(bucket, key);
                if (bucket.keyToSlot.size() != k + 1)
                {
                    throw new CorruptCheckpointException(in.file(), "key " + key + " appears twice in window " + start);
                }
                slotFlags[slot] = flags;
                checkpointSlots[k] = slot;
            }
            for (final AggregateColumn<T> column : columns)
            {
                column.restoreSlots(checkpointSlots, n, in);
            }
            final int dirty = in.getCount("changed keys of window " + start, 8);
            for (int k = 0; k < dirty; k++)
            {
                bucket.dirtyKeys.add(in.getLong());
            }
        }
    }

    private void collectForCheckpoint(final long key, final long slot)
    {
        ensureCheckpointScratch(checkpointCount + 1);
        checkpointKeys[checkpointCount] = key;
        checkpointSlots[checkpointCount++] = (int)slot;
    }

    private void ensureCheckpointScratch(final int n)
    {
        if (n > checkpointKeys.length)
        {
            final int length = Math.max(n, checkpointKeys.length << 1);
            checkpointKeys = Arrays.copyOf(checkpointKeys, length);
            checkpointSlots = Arrays.copyOf(checkpointSlots, length);
        }
    }
}

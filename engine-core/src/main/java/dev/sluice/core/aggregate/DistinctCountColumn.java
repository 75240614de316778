package dev.sluice.core.aggregate;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;

/**
 * Exact distinct count per slot: one open-addressing set of longs per slot in {@link SlotLongSets} (blocks of a
 * few shared {@code int[]} chunks, no object per slot, one int per value while the values fit in an int), emptied
 * and its block pooled when the slot is reused, so steady state allocates nothing. Merge is set union.
 * <p>
 * Alternatives measured on orders-5m and dropped: one open-addressing table of (slot generation, value) pairs for
 * all slots was no faster in STREAMING and twice as slow in BATCH (every window stays open until the end, so the
 * shared table outgrows the caches and rehashes as a whole); a {@code LongHashSet} per slot (the first design)
 * was as fast as these blocks one add at a time, but regrew whenever a reused slot needed more room than before
 * (0.65 B/event in steady state) and offers no way to load a set's line ahead of the add. Most of the speed-up
 * came from applying the adds in groups whose cache misses overlap ({@link #addAll}, fed by the window operator's
 * groups of events): first every add's table line is loaded ({@link SlotLongSets#touch}, back to back), then the
 * adds probe lines already on their way.
 * Int cells halve the lines a set spans and the memory a window holds.
 * <p>
 * A job that reads its state only at the end ({@link #expectBulkReads}, BATCH) counts by sorting instead
 * ({@link SortedDistinctPairs}): an add appends a (slot, value) pair and a read sorts them, with no probe loop
 * per event. On orders-5m that took BATCH from ~16M to ~27M events/s: a set add costs 18 ns or more even when
 * its set is small and cached (the probe loop's branches and the size bookkeeping), a radix pass over a pair a
 * nanosecond or two. Sets stay for the other modes, which read a window's counts as soon as it fires and, with
 * allowed lateness, again after every late event: re-sorting for each of those reads would cost more.
 *
 * @param <T> event type.
 */
final class DistinctCountColumn<T> implements AggregateColumn<T>
{
    /**
     * Pairs held at most before counting moves to the sets: 16M pairs are 128 MiB while the values fit in an int
     * (192 MiB after), and half as much again while they are sorted (the values are moved, the slots counted);
     * the sets of orders-5m take about 7 bytes a value.
     */
    static final int MAX_PAIRS = 1 << 24;

    final SlotLongSets sets = new SlotLongSets(16);
    private final LongValueFunction<T> value;
    private final int maxPairs;
    /** The sorted pairs that replace the sets when the state is read in bulk; null while the sets are used. */
    private SortedDistinctPairs pairs;

    DistinctCountColumn(final LongValueFunction<T> value)
    {
        this(value, MAX_PAIRS);
    }

    /**
     * @param value    the value counted.
     * @param maxPairs pairs held at most in bulk mode before counting moves to the sets.
     */
    DistinctCountColumn(final LongValueFunction<T> value, final int maxPairs)
    {
        this.value = value;
        this.maxPairs = maxPairs;
    }

    /**
     * Count by sorting (see {@link SortedDistinctPairs}): an add appends a pair, a read sorts what came since; past
     * {@link #MAX_PAIRS} pairs, counting moves to the sets.
     */
    public void expectBulkReads()
    {
        if (null == pairs)
        {
            pairs = new SortedDistinctPairs();
        }
    }

    public long bulkValuesHeld()
    {
        return null == pairs ? 0 : pairs.pairs();
    }

    public void releaseSlots(final int[] slots, final int from, final int to)
    {
        if (null != pairs)
        {
            pairs.drop(slots, from, to);
        }
    }

    public void ensureCapacity(final int slots)
    {
        sets.ensureCapacity(slots);
    }

    public void reset(final int slot)
    {
        if (null != pairs)
        {
            pairs.clear(slot);
        }
        else
        {
            sets.clear(slot);
        }
    }

    public long valueOf(final T event)
    {
        return value.value(event);
    }

    public void add(final int slot, final long value)
    {
        if (null != pairs && pairs.pairs() >= maxPairs)
        {
            toSets();
        }
        if (null != pairs)
        {
            pairs.add(slot, value);
        }
        else
        {
            sets.add(slot, value);
        }
    }

    public void addAll(final int[] slots, final long[] values, final int count)
    {
        if (null != pairs && pairs.pairs() + count > maxPairs)
        {
            toSets(); // before the buffer grows past the limit
        }
        if (null != pairs)
        {
            pairs.addAll(slots, values, count);
            return;
        }
        final SlotLongSets sets = this.sets;
        for (int i = 0; i < count; i++)
        {
            sets.touch(slots[i], values[i]);
        }
        for (int i = 0; i < count; i++)
        {
            sets.add(slots[i], values[i]);
        }
    }

    public void merge(final int slot, final AggregateColumn<T> other, final int otherSlot)
    {
        final DistinctCountColumn<T> that = (DistinctCountColumn<T>)other;
        if (null == pairs && null == that.pairs)
        {
            sets.addAll(slot, that.sets, otherSlot);
            return;
        }
        final long[] values = new long[that.size(otherSlot)];
        final int n = that.values(otherSlot, values);
        for (int i = 0; i < n; i++)
        {
            add(slot, values[i]);
        }
    }

    public long longResult(final int slot, final int output)
    {
        return size(slot);
    }

    public double doubleResult(final int slot, final int output)
    {
        return size(slot);
    }

    public void snapshot(final int slot, final StateOutput out)
    {
        final long[] values = new long[size(slot)];
        final int n = values(slot, values);
        out.putInt(n);
        for (int i = 0; i < n; i++)
        {
            out.putLong(values[i]);
        }
    }

    public void restore(final int slot, final StateInput in)
    {
        final int size = in.getCount("distinct values", Long.BYTES);
        for (int i = 0; i < size; i++)
        {
            add(slot, in.getLong());
        }
    }

    /**
     * Too many pairs for the memory they take: count on in the sets from here (a one-off cost of a set add per
     * distinct pair held).
     */
    private void toSets()
    {
        pairs.copyInto(sets);
        pairs = null;
    }

    private int size(final int slot)
    {
        return null != pairs ? pairs.size(slot) : sets.size(slot);
    }

    private int values(final int slot, final long[] into)
    {
        return null != pairs ? pairs.values(slot, into) : sets.values(slot, into);
    }
}

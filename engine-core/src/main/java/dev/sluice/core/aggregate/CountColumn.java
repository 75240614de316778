package dev.sluice.core.aggregate;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;

import java.util.Arrays;

/**
 * Event count per slot. Merge adds counts.
 *
 * @param <T> event type.
 */
final class CountColumn<T> implements AggregateColumn<T>
{
    long[] counts = new long[16];

    public void ensureCapacity(final int slots)
    {
        if (slots > counts.length)
        {
            counts = Arrays.copyOf(counts, Math.max(slots, counts.length << 1));
        }
    }

    public void reset(final int slot)
    {
        counts[slot] = 0;
    }

    public long valueOf(final T event)
    {
        return 0;
    }

    public void add(final int slot, final long value)
    {
        counts[slot]++;
    }

    public void merge(final int slot, final AggregateColumn<T> other, final int otherSlot)
    {
        counts[slot] += ((CountColumn<T>)other).counts[otherSlot];
    }

    public long longResult(final int slot, final int output)
    {
        return counts[slot];
    }

    public double doubleResult(final int slot, final int output)
    {
        return counts[slot];
    }

    public void snapshot(final int slot, final StateOutput out)
    {
        out.putLong(counts[slot]);
    }

    public void restore(final int slot, final StateInput in)
    {
        counts[slot] = in.getLong();
    }
}

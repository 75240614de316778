package dev.sluice.core.aggregate;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;

import java.util.Arrays;

/**
 * Exact long sum per slot. Merge adds sums.
 *
 * @param <T> event type.
 */
final class SumColumn<T> implements AggregateColumn<T>
{
    private final LongValueFunction<T> value;
    long[] sums = new long[16];

    SumColumn(final LongValueFunction<T> value)
    {
        this.value = value;
    }

    public void ensureCapacity(final int slots)
    {
        if (slots > sums.length)
        {
            sums = Arrays.copyOf(sums, Math.max(slots, sums.length << 1));
        }
    }

    public void reset(final int slot)
    {
        sums[slot] = 0;
    }

    public long valueOf(final T event)
    {
        return value.value(event);
    }

    public void add(final int slot, final long value)
    {
        sums[slot] += value;
    }

    public void merge(final int slot, final AggregateColumn<T> other, final int otherSlot)
    {
        sums[slot] += ((SumColumn<T>)other).sums[otherSlot];
    }

    public long longResult(final int slot, final int output)
    {
        return sums[slot];
    }

    public double doubleResult(final int slot, final int output)
    {
        return sums[slot];
    }

    public void snapshot(final int slot, final StateOutput out)
    {
        out.putLong(sums[slot]);
    }

    public void restore(final int slot, final StateInput in)
    {
        sums[slot] = in.getLong();
    }
}

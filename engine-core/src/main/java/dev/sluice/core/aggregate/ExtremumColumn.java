package dev.sluice.core.aggregate;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;

import java.util.Arrays;

/**
 * Min or max per slot. The empty slot holds the identity ({@code Long.MAX_VALUE} for min, {@code Long.MIN_VALUE}
 * for max), so merge is a plain min/max.
 *
 * @param <T> event type.
 */
final class ExtremumColumn<T> implements AggregateColumn<T>
{
    private final LongValueFunction<T> value;
    private final boolean isMin;
    long[] values = new long[16];

    ExtremumColumn(final LongValueFunction<T> value, final boolean isMin)
    {
        this.value = value;
        this.isMin = isMin;
    }

    public void ensureCapacity(final int slots)
    {
        if (slots > values.length)
        {
            values = Arrays.copyOf(values, Math.max(slots, values.length << 1));
        }
    }

    public void reset(final int slot)
    {
        values[slot] = isMin ? Long.MAX_VALUE : Long.MIN_VALUE;
    }

    public long valueOf(final T event)
    {
        return value.value(event);
    }

    public void add(final int slot, final long value)
    {
        fold(slot, value);
    }

    public void merge(final int slot, final AggregateColumn<T> other, final int otherSlot)
    {
        fold(slot, ((ExtremumColumn<T>)other).values[otherSlot]);
    }

    private void fold(final int slot, final long v)
    {
        final long current = values[slot];
        values[slot] = isMin ? Math.min(current, v) : Math.max(current, v);
    }

    public long longResult(final int slot, final int output)
    {
        return values[slot];
    }

    public double doubleResult(final int slot, final int output)
    {
        return values[slot];
    }

    public void snapshot(final int slot, final StateOutput out)
    {
        out.putLong(values[slot]);
    }

    public void restore(final int slot, final StateInput in)
    {
        values[slot] = in.getLong();
    }
}

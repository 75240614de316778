package dev.sluice.core.aggregate;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;

import java.util.Arrays;

/**
 * Sum, mean, min or max of a double value per slot. Values travel through the operator as their raw bits.
 * Sums add in event order per (window, key), which every mode shares, so modes agree to the bit; a merge (two
 * sessions joined) adds one partial sum to the other, as floating point does.
 *
 * @param <T> event type.
 */
final class DoubleColumn<T> implements AggregateColumn<T>
{
    static final int SUM = 0;
    static final int AVG = 1;
    static final int MIN = 2;
    static final int MAX = 3;

    private final DoubleValueFunction<T> value;
    private final int op;
    private double[] values = new double[16];
    private long[] counts = new long[16];

    DoubleColumn(final DoubleValueFunction<T> value, final int op)
    {
        this.value = value;
        this.op = op;
    }

    public void ensureCapacity(final int slots)
    {
        if (slots > values.length)
        {
            final int length = Math.max(slots, values.length << 1);
            values = Arrays.copyOf(values, length);
            counts = Arrays.copyOf(counts, length);
        }
    }

    public void reset(final int slot)
    {
        values[slot] = op == MIN ? Double.POSITIVE_INFINITY : op == MAX ? Double.NEGATIVE_INFINITY : 0.0;
        counts[slot] = 0;
    }

    public long valueOf(final T event)
    {
        return Double.doubleToRawLongBits(value.value(event));
    }

    public void add(final int slot, final long bits)
    {
        fold(slot, Double.longBitsToDouble(bits), 1);
    }

    public void merge(final int slot, final AggregateColumn<T> other, final int otherSlot)
    {
        final DoubleColumn<T> from = (DoubleColumn<T>)other;
        if (from.counts[otherSlot] > 0)
        {
            fold(slot, from.values[otherSlot], from.counts[otherSlot]);
        }
    }

    private void fold(final int slot, final double v, final long count)
    {
        switch (op)
        {
            case MIN -> values[slot] = Math.min(values[slot], v);
            case MAX -> values[slot] = Math.max(values[slot], v);
            default -> values[slot] += v;
        }
        counts[slot] += count;
    }

    public long longResult(final int slot, final int output)
    {
        return (long)doubleResult(slot, output);
    }

    public double doubleResult(final int slot, final int output)
    {
        if (counts[slot] == 0)
        {
            return Double.NaN;
        }
        return op == AVG ? values[slot] / counts[slot] : values[slot];
    }

    public void snapshot(final int slot, final StateOutput out)
    {
        out.putDouble(values[slot]).putLong(counts[slot]);
    }

    public void restore(final int slot, final StateInput in)
    {
        values[slot] = in.getDouble();
        counts[slot] = in.getLong();
    }
}

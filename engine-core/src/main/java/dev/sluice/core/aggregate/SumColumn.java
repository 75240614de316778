package dev.sluice.core.aggregate;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;

import java.util.Arrays;

/**
 * Exact long sum per slot. Merge adds sums. A plain sum wraps on overflow like Java's {@code +}; a checked one
 * (decimals: money must never wrap) throws naming its output.
 *
 * @param <T> event type.
 */
final class SumColumn<T> implements AggregateColumn<T>
{
    private final LongValueFunction<T> value;
    /** The output name for a checked sum's overflow error; null for a plain, wrapping sum. */
    private final String checkedName;
    long[] sums = new long[16];

    SumColumn(final LongValueFunction<T> value)
    {
        this(value, null);
    }

    SumColumn(final LongValueFunction<T> value, final String checkedName)
    {
        this.value = value;
        this.checkedName = checkedName;
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
        sums[slot] = null == checkedName ? sums[slot] + value : checkedAdd(sums[slot], value);
    }

    public void merge(final int slot, final AggregateColumn<T> other, final int otherSlot)
    {
        final long value = ((SumColumn<T>)other).sums[otherSlot];
        sums[slot] = null == checkedName ? sums[slot] + value : checkedAdd(sums[slot], value);
    }

    private long checkedAdd(final long sum, final long value)
    {
        final long result = sum + value;
        if (((sum ^ result) & (value ^ result)) < 0)
        {
            throw new ArithmeticException("sum '" + checkedName + "' overflows a long (" + sum + " + " + value +
                "): use a smaller scale, or split the key or window");
        }
        return result;
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

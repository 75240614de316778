package dev.sluice.core.aggregate;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;

import java.util.Arrays;

/**
 * Mean per slot, kept as an exact long sum and a count so that merging partial results loses nothing; the
 * division happens only when the result is read.
 *
 * @param <T> event type.
 */
final class AvgColumn<T> implements AggregateColumn<T>
{
    private final LongValueFunction<T> value;
    /** A decimal mean: the long result is the unscaled mean rounded half-even; otherwise a double mean. */
    private final boolean decimal;
    long[] sums = new long[16];
    long[] counts = new long[16];

    AvgColumn(final LongValueFunction<T> value)
    {
        this(value, false);
    }

    AvgColumn(final LongValueFunction<T> value, final boolean decimal)
    {
        this.value = value;
        this.decimal = decimal;
    }

    public void ensureCapacity(final int slots)
    {
        if (slots > sums.length)
        {
            final int length = Math.max(slots, sums.length << 1);
            sums = Arrays.copyOf(sums, length);
            counts = Arrays.copyOf(counts, length);
        }
    }

    public void reset(final int slot)
    {
        sums[slot] = 0;
        counts[slot] = 0;
    }

    public long valueOf(final T event)
    {
        return value.value(event);
    }

    public void add(final int slot, final long value)
    {
        sums[slot] += value;
        counts[slot]++;
    }

    public void merge(final int slot, final AggregateColumn<T> other, final int otherSlot)
    {
        final AvgColumn<T> that = (AvgColumn<T>)other;
        sums[slot] += that.sums[otherSlot];
        counts[slot] += that.counts[otherSlot];
    }

    public long longResult(final int slot, final int output)
    {
        return decimal ? halfEvenQuotient(sums[slot], counts[slot]) : (long)doubleResult(slot, output);
    }

    /**
     * @return {@code sum / count} rounded to the nearest long, ties to the even one (exact: no double involved).
     */
    static long halfEvenQuotient(final long sum, final long count)
    {
        if (count == 0)
        {
            return 0;
        }
        final long quotient = Math.floorDiv(sum, count);
        final long remainder = Math.floorMod(sum, count); // sum / count = quotient + remainder / count, in [0, 1)
        final long rest = count - remainder;
        if (remainder > rest || (remainder == rest && (quotient & 1) != 0))
        {
            return quotient + 1;
        }
        return quotient;
    }

    public double doubleResult(final int slot, final int output)
    {
        final long count = counts[slot];
        return count == 0 ? Double.NaN : (double)sums[slot] / count;
    }

    public void snapshot(final int slot, final StateOutput out)
    {
        out.putLong(sums[slot]).putLong(counts[slot]);
    }

    public void restore(final int slot, final StateInput in)
    {
        sums[slot] = in.getLong();
        counts[slot] = in.getLong();
    }
}

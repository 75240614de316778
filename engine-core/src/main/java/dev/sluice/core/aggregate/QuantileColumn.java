package dev.sluice.core.aggregate;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;

import java.util.Arrays;

/**
 * Approximate quantiles per slot, one pooled {@link QuantileSketch} per slot (cleared, not freed, on reuse).
 *
 * @param <T> event type.
 */
final class QuantileColumn<T> implements AggregateColumn<T>
{
    private final LongValueFunction<T> value;
    private final double relativeAccuracy;
    private final double[] quantiles;
    QuantileSketch[] sketches = new QuantileSketch[16];

    QuantileColumn(final LongValueFunction<T> value, final double relativeAccuracy, final double[] quantiles)
    {
        this.value = value;
        this.relativeAccuracy = relativeAccuracy;
        this.quantiles = quantiles;
    }

    public void ensureCapacity(final int slots)
    {
        if (slots > sketches.length)
        {
            sketches = Arrays.copyOf(sketches, Math.max(slots, sketches.length << 1));
        }
    }

    public void reset(final int slot)
    {
        final QuantileSketch sketch = sketches[slot];
        if (null == sketch)
        {
            sketches[slot] = new QuantileSketch(relativeAccuracy);
        }
        else
        {
            sketch.clear();
        }
    }

    public long valueOf(final T event)
    {
        return value.value(event);
    }

    public void add(final int slot, final long value)
    {
        sketches[slot].add(value);
    }

    public void merge(final int slot, final AggregateColumn<T> other, final int otherSlot)
    {
        sketches[slot].merge(((QuantileColumn<T>)other).sketches[otherSlot]);
    }

    public long longResult(final int slot, final int output)
    {
        return (long)doubleResult(slot, output);
    }

    public double doubleResult(final int slot, final int output)
    {
        return sketches[slot].quantile(quantiles[output]);
    }

    public void snapshot(final int slot, final StateOutput out)
    {
        sketches[slot].snapshot(out);
    }

    public void restore(final int slot, final StateInput in)
    {
        sketches[slot].restore(in);
    }
}

package dev.sluice.bench.core;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import dev.sluice.core.aggregate.AggregateColumn;
import dev.sluice.core.aggregate.Aggregations;

import java.util.function.DoubleFunction;

/**
 * One quantile sketch per slot, behind the few calls a window operator makes, so that engine-core's quantile
 * column and an array of Datadog's DDSketch run the same benchmark code. A JMH fork runs one kind only, so the
 * calls stay monomorphic. Not thread-safe.
 */
abstract class QuantileSlots
{
    /** The relative accuracy both sides are built with. */
    static final double RELATIVE_ACCURACY = 0.01;
    /** The outputs read: p50 and p99. */
    static final double[] QUANTILES = { 0.5, 0.99 };

    /** engine-core's {@code Aggregations.quantiles} column. */
    static final String SLUICE = "sluice";
    /** {@code DDSketches.logarithmicUnboundedDense}: the same exact-log mapping as ours, dense bin counts. */
    static final String DDSKETCH_LOG = "ddsketch-log";
    /** {@code DDSketches.unboundedDense}: the library's default, a cubic approximation of the log (no Math.log). */
    static final String DDSKETCH_CUBIC = "ddsketch-cubic";
    /**
     * {@link #DDSKETCH_LOG} with its stores grown 8 bins at a time instead of 64: the least memory a dense store
     * takes here (the figures only; it adds as {@link #DDSKETCH_LOG} does).
     */
    static final String DDSKETCH_LOG_STEP8 = "ddsketch-log-step8";
    /** Every kind, in the order reports list them. */
    static final String[] KINDS = { SLUICE, DDSKETCH_LOG, DDSKETCH_CUBIC, DDSKETCH_LOG_STEP8 };

    /**
     * @param kind  one of {@link #KINDS}.
     * @param slots the slots to hold, each reset.
     * @return the sketches.
     */
    static QuantileSlots create(final String kind, final int slots)
    {
        final QuantileSlots created = switch (kind)
        {
            case SLUICE -> new SluiceColumn(slots);
            case DDSKETCH_LOG -> new DDSketchArray(slots, DDSketches::logarithmicUnboundedDense);
            case DDSKETCH_CUBIC -> new DDSketchArray(slots, DDSketches::unboundedDense);
            case DDSKETCH_LOG_STEP8 -> new DDSketchArray(slots, accuracy -> new DDSketch(
                new LogarithmicMapping(accuracy), () -> new UnboundedSizeDenseStore(8)));
            default -> throw new IllegalArgumentException("unknown sketch kind " + kind + "; give one of " +
                String.join(", ", KINDS));
        };
        for (int slot = 0; slot < slots; slot++)
        {
            created.reset(slot);
        }
        return created;
    }

    /**
     * What a tumbling window does to its slots before it fires: reset every slot (the sketches stay pooled) and
     * add the window's orders to their slots.
     *
     * @param input  the orders, {@link OrdersAmounts#SLOTS} slots.
     * @param window which of the input's windows.
     */
    final void fillWindow(final OrdersAmounts input, final int window)
    {
        for (int slot = 0; slot < OrdersAmounts.SLOTS; slot++)
        {
            reset(slot);
        }
        final int[] slots = input.slots();
        final long[] amounts = input.amounts();
        final int from = window * OrdersAmounts.EVENTS_PER_WINDOW;
        for (int i = from, end = from + OrdersAmounts.EVENTS_PER_WINDOW; i < end; i++)
        {
            add(slots[i], amounts[i]);
        }
    }

    abstract void reset(int slot);

    abstract void add(int slot, long value);

    /**
     * @param slot      target.
     * @param other     sketches of the same kind.
     * @param otherSlot source.
     */
    abstract void merge(int slot, QuantileSlots other, int otherSlot);

    /**
     * @param slot   a slot that saw a value.
     * @param output index into {@link #QUANTILES}.
     * @return the sketch's estimate of that quantile.
     */
    abstract double quantile(int slot, int output);

    /**
     * @param output index into {@link #QUANTILES}.
     * @param count  values in the sketch, at least 1.
     * @return the 0-based index, in the sorted values, of the value this kind's quantile estimates.
     */
    abstract int exactIndex(int output, int count);

    /**
     * engine-core's column, reached as every operator reaches it: through {@link AggregateColumn}.
     */
    static final class SluiceColumn extends QuantileSlots
    {
        private final AggregateColumn<Long> column;

        SluiceColumn(final int slots)
        {
            column = Aggregations.<Long>quantiles("amount", v -> v, RELATIVE_ACCURACY, QUANTILES).newColumn();
            column.ensureCapacity(slots);
        }

        void reset(final int slot)
        {
            column.reset(slot);
        }

        void add(final int slot, final long value)
        {
            column.add(slot, value);
        }

        void merge(final int slot, final QuantileSlots other, final int otherSlot)
        {
            column.merge(slot, ((SluiceColumn)other).column, otherSlot);
        }

        double quantile(final int slot, final int output)
        {
            return column.doubleResult(slot, output);
        }

        int exactIndex(final int output, final int count)
        {
            // the column's contract: the value of rank max(1, ceil(q * count))
            return (int)Math.max(1, Math.min(count, (long)Math.ceil(QUANTILES[output] * count))) - 1;
        }
    }

    /**
     * An array of DDSketch, one per slot, created on first reset and cleared (bins kept) after that, as the
     * column pools its own sketches. Reads use the library's own rank, {@code q * (count - 1)}.
     */
    static final class DDSketchArray extends QuantileSlots
    {
        private final DDSketch[] sketches;
        private final DoubleFunction<DDSketch> factory;

        DDSketchArray(final int slots, final DoubleFunction<DDSketch> factory)
        {
            this.sketches = new DDSketch[slots];
            this.factory = factory;
        }

        void reset(final int slot)
        {
            final DDSketch sketch = sketches[slot];
            if (null == sketch)
            {
                sketches[slot] = factory.apply(RELATIVE_ACCURACY);
            }
            else
            {
                sketch.clear();
            }
        }

        void add(final int slot, final long value)
        {
            sketches[slot].accept(value);
        }

        void merge(final int slot, final QuantileSlots other, final int otherSlot)
        {
            sketches[slot].mergeWith(((DDSketchArray)other).sketches[otherSlot]);
        }

        double quantile(final int slot, final int output)
        {
            return sketches[slot].getValueAtQuantile(QUANTILES[output]);
        }

        int exactIndex(final int output, final int count)
        {
            // DDSketch answers with the first bin whose cumulative count exceeds q * (count - 1)
            return (int)Math.floor(QUANTILES[output] * (count - 1));
        }
    }
}

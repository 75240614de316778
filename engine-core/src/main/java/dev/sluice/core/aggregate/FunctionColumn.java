package dev.sluice.core.aggregate;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;

import java.util.Arrays;

/**
 * The column of a user's {@link AggregateFunction}: one accumulator object per slot. The function folds the
 * event itself, so {@link #valueOf} keeps the current event and {@link #add} folds it at once
 * ({@link #foldsEvents()}): the operator then applies each event before it decodes the next.
 *
 * <pre>
 *   checkpoint, per slot: | section length (int) | the function's write(acc) bytes |
 * </pre>
 */
final class FunctionColumn<T, A> implements AggregateColumn<T>
{
    private final String name;
    private final AggregateFunction<T, A> function;
    private final LongAggregateFunction<T, A> longFunction;
    private final DoubleAggregateFunction<T, A> doubleFunction;
    private Object[] accumulators = new Object[16];
    private T current;

    @SuppressWarnings("unchecked")
    FunctionColumn(final String name, final AggregateFunction<T, A> function)
    {
        this.name = name;
        this.function = function;
        this.longFunction = function instanceof LongAggregateFunction ? (LongAggregateFunction<T, A>)function : null;
        this.doubleFunction = null == longFunction ? (DoubleAggregateFunction<T, A>)function : null;
    }

    public boolean foldsEvents()
    {
        return true;
    }

    public void ensureCapacity(final int slots)
    {
        if (slots > accumulators.length)
        {
            accumulators = Arrays.copyOf(accumulators, Math.max(slots, accumulators.length * 2));
        }
    }

    public void reset(final int slot)
    {
        accumulators[slot] = checked(function.createAccumulator(), "createAccumulator");
    }

    public long valueOf(final T event)
    {
        current = event;
        return 0;
    }

    public void add(final int slot, final long value)
    {
        accumulators[slot] = checked(function.add(accumulator(slot), current), "add");
    }

    @SuppressWarnings("unchecked")
    public void merge(final int slot, final AggregateColumn<T> other, final int otherSlot)
    {
        final A from = ((FunctionColumn<T, A>)other).accumulator(otherSlot);
        accumulators[slot] = checked(function.merge(accumulator(slot), from), "merge");
    }

    public long longResult(final int slot, final int output)
    {
        return null != longFunction ? longFunction.result(accumulator(slot)) :
            (long)doubleFunction.result(accumulator(slot));
    }

    public double doubleResult(final int slot, final int output)
    {
        return null != longFunction ? longFunction.result(accumulator(slot)) :
            doubleFunction.result(accumulator(slot));
    }

    public void snapshot(final int slot, final StateOutput out)
    {
        final int token = out.beginSection();
        function.write(accumulator(slot), out);
        out.endSection(token);
    }

    public void restore(final int slot, final StateInput in)
    {
        final StateInput section = in.section("state of aggregation '" + name + "'");
        accumulators[slot] = checked(function.read(section), "read");
        section.expectEnd();
    }

    @SuppressWarnings("unchecked")
    private A accumulator(final int slot)
    {
        return (A)accumulators[slot];
    }

    private A checked(final A accumulator, final String method)
    {
        if (null == accumulator)
        {
            throw new IllegalStateException("aggregation '" + name + "': " + function.getClass().getName() + "." +
                method + " returned null; return the accumulator");
        }
        return accumulator;
    }
}

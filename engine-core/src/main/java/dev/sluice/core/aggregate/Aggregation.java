package dev.sluice.core.aggregate;

import java.util.List;
import java.util.function.Supplier;

/**
 * The definition of one aggregation: its output columns (names and types) and a factory of fresh
 * {@link AggregateColumn}s, one per job. Immutable and shareable between pipelines; create with
 * {@link Aggregations}.
 *
 * @param <T> event type.
 */
public final class Aggregation<T>
{
    private final String kind;
    private final List<String> outputNames;
    private final boolean[] doubleOutputs;
    private final int[] scales;
    private final Supplier<AggregateColumn<T>> factory;
    private final AggregateFunction<T, ?> function;

    Aggregation(
        final String kind,
        final String[] outputNames,
        final boolean[] doubleOutputs,
        final Supplier<AggregateColumn<T>> factory)
    {
        this(kind, outputNames, doubleOutputs, new int[outputNames.length], factory, null);
    }

    Aggregation(
        final String kind,
        final String[] outputNames,
        final boolean[] doubleOutputs,
        final int[] scales,
        final Supplier<AggregateColumn<T>> factory,
        final AggregateFunction<T, ?> function)
    {
        for (final String name : outputNames)
        {
            if (null == name || name.isEmpty())
            {
                throw new IllegalArgumentException(kind + " aggregation needs a non-empty output name");
            }
        }
        this.kind = kind;
        this.outputNames = List.of(outputNames);
        this.doubleOutputs = doubleOutputs.clone();
        this.scales = scales.clone();
        this.factory = factory;
        this.function = function;
    }

    /**
     * @return the user's function of an aggregation made by {@code Aggregations.of}, for runners that translate
     * it; null for a built-in aggregation (its {@link #kind()} names it).
     */
    public AggregateFunction<T, ?> function()
    {
        return function;
    }

    /**
     * @return e.g. "count", "sum", "quantiles".
     */
    public String kind()
    {
        return kind;
    }

    public List<String> outputNames()
    {
        return outputNames;
    }

    /**
     * @param output index into {@link #outputNames()}.
     * @return true if that output is a double (avg, quantiles), false if a long.
     */
    public boolean isDoubleOutput(final int output)
    {
        return doubleOutputs[output];
    }

    /**
     * @param output index into {@link #outputNames()}.
     * @return for a decimal output, the digits after its decimal point: its long value is the unscaled number
     * (cents for a scale of 2); 0 for an integer or a double output.
     */
    public int scale(final int output)
    {
        return scales[output];
    }

    /**
     * @return a fresh, empty column for one job.
     */
    public AggregateColumn<T> newColumn()
    {
        return factory.get();
    }

    public String toString()
    {
        return kind + outputNames;
    }
}

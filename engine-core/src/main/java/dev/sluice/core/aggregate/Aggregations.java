package dev.sluice.core.aggregate;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Factories for the built-in aggregations, over three kinds of value:
 * <ul>
 *   <li>{@code long} (counts, ids): {@link #sum} is exact and wraps on overflow like Java's {@code +};</li>
 *   <li>exact decimals (money), read from the event as an unscaled long with a fixed scale (cents for scale 2):
 *       {@link #sumDecimal} is exact and fails on overflow, {@link #avgDecimal} rounds half-even to the scale;</li>
 *   <li>{@code double} (measurements): {@link #sumDouble} and friends fold in event order per window and key.</li>
 * </ul>
 * Average and quantiles of long values are {@code double} outputs; {@link #of} takes a user's own aggregation.
 */
public final class Aggregations
{
    private Aggregations()
    {
    }

    /**
     * @param name output column name.
     * @param <T>  event type.
     * @return the number of events.
     */
    public static <T> Aggregation<T> count(final String name)
    {
        return new Aggregation<>("count", new String[]{ name }, new boolean[]{ false }, CountColumn::new);
    }

    /**
     * @param name  output column name.
     * @param value the value summed.
     * @param <T>   event type.
     * @return the exact sum of the values.
     */
    public static <T> Aggregation<T> sum(final String name, final LongValueFunction<T> value)
    {
        Objects.requireNonNull(value, "value");
        return new Aggregation<>("sum", new String[]{ name }, new boolean[]{ false }, () -> new SumColumn<>(value));
    }

    /**
     * @param name  output column name.
     * @param value the value.
     * @param <T>   event type.
     * @return the smallest value.
     */
    public static <T> Aggregation<T> min(final String name, final LongValueFunction<T> value)
    {
        Objects.requireNonNull(value, "value");
        return new Aggregation<>(
            "min", new String[]{ name }, new boolean[]{ false }, () -> new ExtremumColumn<>(value, true));
    }

    /**
     * @param name  output column name.
     * @param value the value.
     * @param <T>   event type.
     * @return the largest value.
     */
    public static <T> Aggregation<T> max(final String name, final LongValueFunction<T> value)
    {
        Objects.requireNonNull(value, "value");
        return new Aggregation<>(
            "max", new String[]{ name }, new boolean[]{ false }, () -> new ExtremumColumn<>(value, false));
    }

    /**
     * @param name  output column name.
     * @param value the value.
     * @param <T>   event type.
     * @return the mean of the values as a double (kept as an exact long sum and count until the result is read).
     */
    public static <T> Aggregation<T> avg(final String name, final LongValueFunction<T> value)
    {
        Objects.requireNonNull(value, "value");
        return new Aggregation<>("avg", new String[]{ name }, new boolean[]{ true }, () -> new AvgColumn<>(value));
    }

    /**
     * Count, sum, min and max of one value as one fused aggregation (one value call and one cache line per event
     * instead of four): the same results as {@link #count}, {@link #sum}, {@link #min} and {@link #max} together.
     * Pass {@code null} for a statistic you do not want.
     *
     * @param value     the value.
     * @param countName output name of the count, or null.
     * @param sumName   output name of the sum, or null.
     * @param minName   output name of the min, or null.
     * @param maxName   output name of the max, or null.
     * @param <T>       event type.
     * @return the fused aggregation, outputs in the order count, sum, min, max (those named).
     */
    public static <T> Aggregation<T> longStats(
        final LongValueFunction<T> value,
        final String countName,
        final String sumName,
        final String minName,
        final String maxName)
    {
        Objects.requireNonNull(value, "value");
        final String[] all = { countName, sumName, minName, maxName };
        int n = 0;
        for (final String name : all)
        {
            n += null == name ? 0 : 1;
        }
        if (n == 0)
        {
            throw new IllegalArgumentException("longStats with no output name; name at least one of count, sum, " +
                "min, max");
        }
        final String[] names = new String[n];
        final int[] outputs = new int[n];
        for (int stat = 0, o = 0; stat < all.length; stat++)
        {
            if (null != all[stat])
            {
                names[o] = all[stat];
                outputs[o++] = stat;
            }
        }
        return new Aggregation<>("longStats", names, new boolean[n], () -> new LongStatsColumn<>(value, outputs));
    }

    /**
     * Exact count of distinct values: a primitive hash set per (window, key), reused when the slot is reused.
     * Memory grows with the number of distinct values in an open window.
     *
     * @param name  output column name.
     * @param value the value whose distinct occurrences are counted.
     * @param <T>   event type.
     * @return the number of distinct values.
     */
    public static <T> Aggregation<T> distinctCount(final String name, final LongValueFunction<T> value)
    {
        Objects.requireNonNull(value, "value");
        return new Aggregation<>(
            "distinctCount", new String[]{ name }, new boolean[]{ false }, () -> new DistinctCountColumn<>(value));
    }

    /**
     * Approximate quantiles with a relative-error guarantee (a DDSketch-style log-bucketed histogram, see
     * {@link QuantileSketch}): every reported quantile q is within {@code relativeAccuracy * |true value|} of the
     * value of rank {@code ceil(q * count)} in the window. Mergeable exactly (bucket counts add).
     *
     * @param namePrefix       output names are {@code namePrefix + "_p" + percent}, e.g. {@code latency_p50}.
     * @param value            the value.
     * @param relativeAccuracy e.g. 0.01 for 1%; in (0, 0.5).
     * @param quantiles        e.g. 0.5, 0.99; each in [0, 1].
     * @param <T>              event type.
     * @return one double output per quantile.
     */
    public static <T> Aggregation<T> quantiles(
        final String namePrefix,
        final LongValueFunction<T> value,
        final double relativeAccuracy,
        final double... quantiles)
    {
        Objects.requireNonNull(value, "value");
        if (!(relativeAccuracy > 0 && relativeAccuracy < 0.5))
        {
            throw new IllegalArgumentException(
                "relativeAccuracy=" + relativeAccuracy + " must be in (0, 0.5); 0.01 means 1%");
        }
        if (quantiles.length == 0)
        {
            throw new IllegalArgumentException("no quantiles given; pass e.g. 0.5, 0.99");
        }
        final String[] names = new String[quantiles.length];
        final boolean[] doubles = new boolean[quantiles.length];
        for (int i = 0; i < quantiles.length; i++)
        {
            final double q = quantiles[i];
            if (!(q >= 0 && q <= 1))
            {
                throw new IllegalArgumentException("quantile " + q + " must be in [0, 1]; 0.99 means p99");
            }
            names[i] = namePrefix + "_p" + percentLabel(q);
            doubles[i] = true;
        }
        final double[] qs = quantiles.clone();
        return new Aggregation<>("quantiles", names, doubles, () -> new QuantileColumn<>(value, relativeAccuracy, qs));
    }

    /**
     * @param name  prefix of the outputs.
     * @param value the value.
     * @param <T>   event type.
     * @return median and p99 within 1% relative error.
     */
    public static <T> Aggregation<T> medianAndP99(final String name, final LongValueFunction<T> value)
    {
        return quantiles(name, value, 0.01, 0.5, 0.99);
    }

    static String percentLabel(final double q)
    {
        final double percent = q * 100.0;
        if (percent == Math.rint(percent))
        {
            return Long.toString((long)percent);
        }
        return Double.toString(percent).replace('.', '_');
    }

    /**
     * @param name  output column name.
     * @param value the unscaled value, e.g. an amount in cents for scale 2.
     * @param scale digits after the decimal point, 0..18.
     * @param <T>   event type.
     * @return the exact sum as a decimal of that scale; an {@link ArithmeticException} naming the output when it
     * leaves the long range, never a wrapped total.
     */
    public static <T> Aggregation<T> sumDecimal(final String name, final LongValueFunction<T> value, final int scale)
    {
        Objects.requireNonNull(value, "value");
        return decimal("sumDecimal", name, scale, () -> new SumColumn<>(value, name));
    }

    /**
     * @param name  output column name.
     * @param value the unscaled value.
     * @param scale digits after the decimal point, 0..18.
     * @param <T>   event type.
     * @return the mean as a decimal of that scale, rounded half-even (kept as an exact sum and count).
     */
    public static <T> Aggregation<T> avgDecimal(final String name, final LongValueFunction<T> value, final int scale)
    {
        Objects.requireNonNull(value, "value");
        return decimal("avgDecimal", name, scale, () -> new AvgColumn<>(value, true));
    }

    /**
     * @param name  output column name.
     * @param value the unscaled value.
     * @param scale digits after the decimal point, 0..18.
     * @param <T>   event type.
     * @return the smallest value, as a decimal of that scale.
     */
    public static <T> Aggregation<T> minDecimal(final String name, final LongValueFunction<T> value, final int scale)
    {
        Objects.requireNonNull(value, "value");
        return decimal("minDecimal", name, scale, () -> new ExtremumColumn<>(value, true));
    }

    /**
     * @param name  output column name.
     * @param value the unscaled value.
     * @param scale digits after the decimal point, 0..18.
     * @param <T>   event type.
     * @return the largest value, as a decimal of that scale.
     */
    public static <T> Aggregation<T> maxDecimal(final String name, final LongValueFunction<T> value, final int scale)
    {
        Objects.requireNonNull(value, "value");
        return decimal("maxDecimal", name, scale, () -> new ExtremumColumn<>(value, false));
    }

    /**
     * @param name  output column name.
     * @param value the value.
     * @param <T>   event type.
     * @return the sum of the values, added in event order per window and key.
     */
    public static <T> Aggregation<T> sumDouble(final String name, final DoubleValueFunction<T> value)
    {
        return doubles("sumDouble", name, value, DoubleColumn.SUM);
    }

    /**
     * @param name  output column name.
     * @param value the value.
     * @param <T>   event type.
     * @return the mean of the values.
     */
    public static <T> Aggregation<T> avgDouble(final String name, final DoubleValueFunction<T> value)
    {
        return doubles("avgDouble", name, value, DoubleColumn.AVG);
    }

    /**
     * @param name  output column name.
     * @param value the value.
     * @param <T>   event type.
     * @return the smallest value (NaN when a NaN was seen).
     */
    public static <T> Aggregation<T> minDouble(final String name, final DoubleValueFunction<T> value)
    {
        return doubles("minDouble", name, value, DoubleColumn.MIN);
    }

    /**
     * @param name  output column name.
     * @param value the value.
     * @param <T>   event type.
     * @return the largest value (NaN when a NaN was seen).
     */
    public static <T> Aggregation<T> maxDouble(final String name, final DoubleValueFunction<T> value)
    {
        return doubles("maxDouble", name, value, DoubleColumn.MAX);
    }

    private static <T> Aggregation<T> decimal(
        final String kind, final String name, final int scale, final Supplier<AggregateColumn<T>> factory)
    {
        if (scale < 0 || scale > 18)
        {
            throw new IllegalArgumentException(kind + " '" + name + "': scale " + scale + " must be in 0..18 " +
                "(digits after the decimal point: 2 for cents)");
        }
        return new Aggregation<>(
            kind + "(" + scale + ")", new String[]{ name }, new boolean[1], new int[]{ scale }, factory, null);
    }

    private static <T> Aggregation<T> doubles(
        final String kind, final String name, final DoubleValueFunction<T> value, final int op)
    {
        Objects.requireNonNull(value, "value");
        return new Aggregation<>(
            kind, new String[]{ name }, new boolean[]{ true }, () -> new DoubleColumn<>(value, op));
    }

    /**
     * A user's own aggregation with a {@code long} result.
     *
     * @param name     output column name.
     * @param function the aggregate function.
     * @param <T>      event type.
     * @param <A>      accumulator type.
     * @return the aggregation, usable in every mode and window kind and restored from checkpoints.
     */
    public static <T, A> Aggregation<T> of(final String name, final LongAggregateFunction<T, A> function)
    {
        Objects.requireNonNull(function, "function");
        return new Aggregation<>(
            kindOf(function), new String[]{ name }, new boolean[]{ false }, new int[1],
            () -> new FunctionColumn<>(name, function), function);
    }

    /**
     * A user's own aggregation with a {@code double} result.
     *
     * @param name     output column name.
     * @param function the aggregate function.
     * @param <T>      event type.
     * @param <A>      accumulator type.
     * @return the aggregation, usable in every mode and window kind and restored from checkpoints.
     */
    public static <T, A> Aggregation<T> of(final String name, final DoubleAggregateFunction<T, A> function)
    {
        Objects.requireNonNull(function, "function");
        return new Aggregation<>(
            kindOf(function), new String[]{ name }, new boolean[]{ true }, new int[1],
            () -> new FunctionColumn<>(name, function), function);
    }

    /**
     * The kind is part of a checkpoint's state layout: a restore into a pipeline whose function changed class is
     * refused rather than fed bytes another function wrote.
     */
    private static String kindOf(final AggregateFunction<?, ?> function)
    {
        return "function:" + function.getClass().getName();
    }
}

package dev.sluice.core.aggregate;

/**
 * An {@link AggregateFunction} whose result is a {@code double} (means, ratios, estimates).
 *
 * @param <T> event type.
 * @param <A> accumulator type.
 */
public interface DoubleAggregateFunction<T, A> extends AggregateFunction<T, A>
{
    /**
     * @param accumulator an accumulator that saw at least one event.
     * @return the result of the (window, key).
     */
    double result(A accumulator);
}

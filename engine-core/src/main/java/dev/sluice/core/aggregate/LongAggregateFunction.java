package dev.sluice.core.aggregate;

/**
 * An {@link AggregateFunction} whose result is a {@code long} (exact: counts, sums in cents, ids).
 *
 * @param <T> event type.
 * @param <A> accumulator type.
 */
public interface LongAggregateFunction<T, A> extends AggregateFunction<T, A>
{
    /**
     * @param accumulator an accumulator that saw at least one event.
     * @return the result of the (window, key).
     */
    long result(A accumulator);
}

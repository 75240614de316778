package dev.sluice.core.aggregate;

/**
 * The accumulators of one aggregation for every (window, key) of a job, stored column-wise: slot {@code s} is one
 * (window, key). Primitive arrays (or pooled per-slot structures) indexed by slot keep the hot path free of
 * allocation and keep all state in a few arrays a checkpoint can copy.
 * <p>
 * Invariant: a slot is {@link #reset} before its first {@link #accumulate}; results are defined for a slot that
 * saw at least one event or merge. Not thread-safe.
 *
 * @param <T> event type.
 */
public interface AggregateColumn<T>
{
    /**
     * Grow to hold at least {@code slots} slots, keeping existing ones.
     *
     * @param slots the slot count needed.
     */
    void ensureCapacity(int slots);

    /**
     * Make a slot empty (the identity of {@link #merge}).
     *
     * @param slot to reset.
     */
    void reset(int slot);

    /**
     * @param slot  the (window, key) slot.
     * @param event the event to fold in.
     */
    void accumulate(int slot, T event);

    /**
     * Fold another accumulator of the same aggregation into this one: the result equals accumulating both event
     * sets into one slot (exactly, or within the stated error for approximate aggregations).
     *
     * @param slot      the target slot.
     * @param other     a column made by the same {@link Aggregation}.
     * @param otherSlot the source slot in {@code other}.
     */
    void merge(int slot, AggregateColumn<T> other, int otherSlot);

    /**
     * @param slot     the slot.
     * @param output   which output of this aggregation (quantiles have several).
     * @return a long output; for a double output, its value rounded towards zero.
     */
    long longResult(int slot, int output);

    /**
     * @param slot   the slot.
     * @param output which output of this aggregation.
     * @return the output as a double.
     */
    double doubleResult(int slot, int output);
}

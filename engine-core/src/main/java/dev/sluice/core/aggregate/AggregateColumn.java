package dev.sluice.core.aggregate;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;

/**
 * The accumulators of one aggregation for every (window, key) of a job, stored column-wise: slot {@code s} is one
 * (window, key). Primitive arrays (or pooled per-slot structures) indexed by slot keep the hot path free of
 * allocation and keep all state in a few arrays a checkpoint can copy.
 * <p>
 * Invariant: a slot is {@link #reset} before its first {@link #add}; results are defined for a slot that
 * saw at least one event or merge. Not thread-safe.
 *
 * @param <T> event type.
 */
public interface AggregateColumn<T>
{
    /**
     * A hint from a job that reads this column's state rarely and in bulk (BATCH reads it once, at the end): the
     * column may keep its updates in a form that is cheaper to add to and dearer to read. Called before the first
     * add; results are the same either way. The default ignores it.
     */
    default void expectBulkReads()
    {
    }

    /**
     * @return values held outside the per-slot accumulators for a bulk read (the (slot, value) pairs of a distinct
     * count after {@link #expectBulkReads}), which a BATCH job bounds by firing windows; 0 by default.
     */
    default long bulkValuesHeld()
    {
        return 0;
    }

    /**
     * Slots just freed with their windows, in bulk: a column that holds state outside its per-slot accumulators
     * drops theirs here, in one pass, so that the {@link #reset} of a slot used again costs no more than in a fresh
     * column. Called once per firing of many windows, never per event. The default does nothing.
     *
     * @param slots holds the freed slots at {@code [from, to)}; not kept.
     * @param from  first index.
     * @param to    index after the last.
     */
    default void releaseSlots(final int[] slots, final int from, final int to)
    {
    }

    /**
     * @return true when {@link #valueOf} keeps the event itself for the next {@link #add} (a user's
     * {@link AggregateFunction} folds whole events): the operator must then add each event before the next one is
     * decoded, instead of holding a group of values back. The built-in columns take a long and return false.
     */
    default boolean foldsEvents()
    {
        return false;
    }

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
     * @param event an event.
     * @return the one long this column folds in for the event (its value function's; a count takes 0).
     */
    long valueOf(T event);

    /**
     * Fold one event's {@link #valueOf value} into a slot.
     *
     * @param slot  the (window, key) slot.
     * @param value what {@link #valueOf} took from the event.
     */
    void add(int slot, long value);

    /**
     * Fold {@code values[i]} into slot {@code slots[i]} for every {@code i < count}, in order: the window operator
     * hands over the events of a group at once, so that a column can overlap the cache misses on the group's
     * random slots instead of waiting for them one event at a time.
     *
     * @param slots  the slots.
     * @param values what {@link #valueOf} took from each event.
     * @param count  how many.
     */
    default void addAll(final int[] slots, final long[] values, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            add(slots[i], values[i]);
        }
    }

    /**
     * @param slot  the (window, key) slot.
     * @param event the event to fold in.
     */
    default void accumulate(final int slot, final T event)
    {
        add(slot, valueOf(event));
    }

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

    /**
     * Write one slot's accumulator into a checkpoint (the job thread, at an event boundary; may allocate a little,
     * it is not on the per-event path). The bytes must let {@link #restore} rebuild an accumulator that gives the
     * same results and the same results after any further accumulate or merge.
     *
     * @param slot a slot in use.
     * @param out  where to write.
     */
    void snapshot(int slot, StateOutput out);

    /**
     * Read back into a {@link #reset} slot what {@link #snapshot} wrote, in a column made by the same
     * {@link Aggregation}. Reads exactly the bytes snapshot wrote; lengths read are checked by {@link StateInput}.
     *
     * @param slot a freshly reset slot.
     * @param in   positioned at the slot's bytes.
     */
    void restore(int slot, StateInput in);

    /**
     * Write the accumulators of several slots, in the given order (the whole column: pass every slot in use).
     *
     * @param slots slots in use.
     * @param count how many of {@code slots} to write.
     * @param out   where to write.
     */
    default void snapshotSlots(final int[] slots, final int count, final StateOutput out)
    {
        for (int i = 0; i < count; i++)
        {
            snapshot(slots[i], out);
        }
    }

    /**
     * Read back what {@link #snapshotSlots} wrote, into reset slots in the same order.
     *
     * @param slots freshly reset slots.
     * @param count how many.
     * @param in    positioned at the first slot's bytes.
     */
    default void restoreSlots(final int[] slots, final int count, final StateInput in)
    {
        for (int i = 0; i < count; i++)
        {
            restore(slots[i], in);
        }
    }
}

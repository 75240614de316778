package dev.sluice.core.aggregate;

/**
 * A column fed one long per event, by its value function, that holds the updates back and applies them in groups
 * of {@link #PENDING}: the cache misses on the state of a group's random slots then overlap instead of being
 * waited for one event at a time. Every read or write of the column's state calls {@link #drain()} first.
 *
 * <pre>
 *   accumulate(slot, event) --> pending (slot, value) #0 .. #15 --full--> apply(slots, values, 16)
 *   reset / merge / results / snapshot / restore --> drain() --> apply(what is pending)
 * </pre>
 *
 * @param <T> event type.
 */
abstract class PendingLongColumn<T> implements AggregateColumn<T>
{
    static final int PENDING = 16;

    private final LongValueFunction<T> value;
    private final int[] pendingSlots = new int[PENDING];
    private final long[] pendingValues = new long[PENDING];
    private int pendingCount;

    PendingLongColumn(final LongValueFunction<T> value)
    {
        this.value = value;
    }

    public final void accumulate(final int slot, final T event)
    {
        final int n = pendingCount;
        pendingSlots[n] = slot;
        pendingValues[n] = value.value(event);
        pendingCount = n + 1;
        if (n + 1 == PENDING)
        {
            drain();
        }
    }

    /**
     * Applies every pending update.
     */
    final void drain()
    {
        final int n = pendingCount;
        if (n > 0)
        {
            apply(pendingSlots, pendingValues, n);
            pendingCount = 0;
        }
    }

    /**
     * Folds {@code values[i]} into slot {@code slots[i]} for every {@code i < count}, in order.
     */
    abstract void apply(int[] slots, long[] values, int count);
}

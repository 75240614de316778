package dev.sluice.flink.internal;

import dev.sluice.core.aggregate.AggregateColumn;
import dev.sluice.core.aggregate.Aggregation;
import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;

import java.util.List;

/**
 * The state of one (window, key) on Flink: one slot of each of the pipeline's aggregation columns, made by
 * {@link Aggregation#newColumn()}, so that Sluice's aggregations run with their own exact semantics (and a user's
 * {@code AggregateFunction} with its own accumulator), plus the text of the key of a pipeline keyed by its own type
 * (Flink keys by the key's 64-bit id). Checkpointed through the columns' snapshot and restore:
 * <pre>
 *   | each column's snapshot of slot 0 | has key text (byte) | key text (length-prefixed UTF-8) |
 * </pre>
 * Not thread-safe: Flink gives one (window, key)'s state to one thread.
 */
public final class Accumulator
{
    static final int SLOT = 0;

    final AggregateColumn<Object>[] columns;
    String keyText;

    private Accumulator(final AggregateColumn<Object>[] columns)
    {
        this.columns = columns;
    }

    /**
     * @param aggregations the pipeline's aggregations.
     * @return an empty accumulator.
     */
    @SuppressWarnings("unchecked")
    static Accumulator empty(final List<Aggregation<?>> aggregations)
    {
        final AggregateColumn<Object>[] columns = new AggregateColumn[aggregations.size()];
        for (int i = 0; i < columns.length; i++)
        {
            columns[i] = (AggregateColumn<Object>)aggregations.get(i).newColumn();
            columns[i].ensureCapacity(1);
            columns[i].reset(SLOT);
        }
        return new Accumulator(columns);
    }

    void add(final Object event)
    {
        for (final AggregateColumn<Object> column : columns)
        {
            column.accumulate(SLOT, event);
        }
    }

    Accumulator merge(final Accumulator other)
    {
        for (int i = 0; i < columns.length; i++)
        {
            columns[i].merge(SLOT, other.columns[i], SLOT);
        }
        if (null == keyText)
        {
            keyText = other.keyText;
        }
        return this;
    }

    void write(final StateOutput out)
    {
        for (final AggregateColumn<Object> column : columns)
        {
            column.snapshot(SLOT, out);
        }
        out.putByte(null == keyText ? (byte)0 : (byte)1);
        if (null != keyText)
        {
            out.putString(keyText);
        }
    }

    static Accumulator read(final List<Aggregation<?>> aggregations, final StateInput in)
    {
        final Accumulator accumulator = empty(aggregations);
        for (final AggregateColumn<Object> column : accumulator.columns)
        {
            column.restore(SLOT, in);
        }
        if (in.getByte() != 0)
        {
            accumulator.keyText = in.getString();
        }
        in.expectEnd();
        return accumulator;
    }

    /**
     * @return the columns, slot 0 holding this (window, key).
     */
    public AggregateColumn<?>[] columns()
    {
        return columns;
    }

    /**
     * @return the key's text of a pipeline keyed by its own type; null for a primitive key.
     */
    public String keyText()
    {
        return keyText;
    }
}

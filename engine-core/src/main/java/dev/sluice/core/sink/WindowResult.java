package dev.sluice.core.sink;

import dev.sluice.core.aggregate.AggregateColumn;

/**
 * A flyweight over one (window, key) result as a sink sees it: valid only during {@link ResultSink#onResult};
 * use {@link #toRow()} to keep a copy. Reused for every emission of a job. Not thread-safe.
 */
public final class WindowResult
{
    private final ResultSchema schema;
    private final AggregateColumn<?>[] columns;
    private final java.util.function.LongFunction<?> keyValues;
    private long windowStart;
    private long windowEnd;
    private long key;
    private int slot;
    private boolean update;
    private boolean early;

    /**
     * @param schema  the pipeline's result schema.
     * @param columns the job's aggregate columns, in schema order.
     */
    public WindowResult(final ResultSchema schema, final AggregateColumn<?>[] columns)
    {
        this(schema, columns, null);
    }

    /**
     * @param schema    the pipeline's result schema.
     * @param columns   the job's aggregate columns, in schema order.
     * @param keyValues the user's key of an id, for a pipeline keyed by a value type; null for primitive keys.
     */
    public WindowResult(
        final ResultSchema schema,
        final AggregateColumn<?>[] columns,
        final java.util.function.LongFunction<?> keyValues)
    {
        this.schema = schema;
        this.columns = columns;
        this.keyValues = keyValues;
    }

    /**
     * @return the user's key of a pipeline keyed by a value type; for a primitive key, {@link #key()} boxed.
     */
    public Object keyValue()
    {
        return null != keyValues ? keyValues.apply(key) : Long.valueOf(key);
    }

    /**
     * Point at a slot (runtime use).
     *
     * @param windowStart window start.
     * @param windowEnd   window end, exclusive.
     * @param key         the key.
     * @param slot        accumulator slot.
     * @param update      true if an earlier result of this (window, key) was emitted before.
     * @return this.
     */
    public WindowResult wrap(
        final long windowStart, final long windowEnd, final long key, final int slot, final boolean update)
    {
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.key = key;
        this.slot = slot;
        this.update = update;
        this.early = false;
        return this;
    }

    /**
     * Point at the running value of a window that has not closed (runtime use): an update, marked early.
     *
     * @return this.
     */
    public WindowResult wrapEarly(final long windowStart, final long windowEnd, final long key, final int slot)
    {
        wrap(windowStart, windowEnd, key, slot, true);
        this.early = true;
        return this;
    }

    public ResultSchema schema()
    {
        return schema;
    }

    public long windowStart()
    {
        return windowStart;
    }

    /**
     * @return window end, exclusive.
     */
    public long windowEnd()
    {
        return windowEnd;
    }

    public long key()
    {
        return key;
    }

    /**
     * @return false for the first final result of this (window, key), true for a re-fire within allowed lateness
     * and for early results.
     */
    public boolean isUpdate()
    {
        return update;
    }

    /**
     * @return true for the running value of a window that has not closed yet ({@code EarlyResults}); such a
     * result is also an update. The window's final result follows when it closes.
     */
    public boolean isEarly()
    {
        return early;
    }

    public int fieldCount()
    {
        return schema.fieldCount();
    }

    /**
     * @param field index in the schema.
     * @return the value as a long (a double output rounded towards zero; a decimal output unscaled: cents for a
     * scale of 2).
     */
    public long longValue(final int field)
    {
        return columns[schema.columnIndex(field)].longResult(slot, schema.outputIndex(field));
    }

    /**
     * @param field index in the schema.
     * @return the value as a double.
     */
    public double doubleValue(final int field)
    {
        final int scale = schema.scale(field);
        return scale > 0 ? Decimals.toDouble(longValue(field), scale) :
            columns[schema.columnIndex(field)].doubleResult(slot, schema.outputIndex(field));
    }

    /**
     * @param field index in the schema.
     * @return the value as an exact decimal (allocates: for sinks off the hot path and for tests).
     */
    public java.math.BigDecimal decimalValue(final int field)
    {
        return schema.isDouble(field) ? java.math.BigDecimal.valueOf(doubleValue(field)) :
            Decimals.toBigDecimal(longValue(field), schema.scale(field));
    }

    /**
     * @param field index in the schema.
     * @return the raw 64 bits of the value: the long, or the double's raw bits for a double field.
     */
    public long rawBits(final int field)
    {
        return schema.isDouble(field) ? Double.doubleToRawLongBits(doubleValue(field)) : longValue(field);
    }

    /**
     * Write the accumulators of this (window, key), every aggregation's in schema order, as a checkpoint holds them:
     * what {@link MergeableResultView} keeps instead of the numbers, so that it can merge them later.
     *
     * @param out where to write.
     */
    void snapshotState(final dev.sluice.core.checkpoint.StateOutput out)
    {
        for (final AggregateColumn<?> column : columns)
        {
            column.snapshot(slot, out);
        }
    }

    /**
     * @return an immutable copy.
     */
    public ResultRow toRow()
    {
        final long[] values = new long[schema.fieldCount()];
        copyRawBitsTo(values);
        return new ResultRow(schema, windowStart, windowEnd, key, update, early, values, keyValueOrNull());
    }

    /**
     * @param values receives the raw bits of every field, {@code schema().fieldCount()} of them.
     */
    void copyRawBitsTo(final long[] values)
    {
        for (int i = 0; i < values.length; i++)
        {
            values[i] = rawBits(i);
        }
    }

    /**
     * @return the user's key of a pipeline keyed by a value type; null for a primitive key.
     */
    Object keyValueOrNull()
    {
        return null != keyValues ? keyValue() : null;
    }
}

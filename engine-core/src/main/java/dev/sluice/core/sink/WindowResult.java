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
    private long windowStart;
    private long windowEnd;
    private long key;
    private int slot;
    private boolean update;

    /**
     * @param schema  the pipeline's result schema.
     * @param columns the job's aggregate columns, in schema order.
     */
    public WindowResult(final ResultSchema schema, final AggregateColumn<?>[] columns)
    {
        this.schema = schema;
        this.columns = columns;
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
     * @return false for the first result of this (window, key), true for a re-fire within allowed lateness.
     */
    public boolean isUpdate()
    {
        return update;
    }

    public int fieldCount()
    {
        return schema.fieldCount();
    }

    /**
     * @param field index in the schema.
     * @return the value as a long (a double output rounded towards zero).
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
        return columns[schema.columnIndex(field)].doubleResult(slot, schema.outputIndex(field));
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
     * @return an immutable copy.
     */
    public ResultRow toRow()
    {
        final long[] values = new long[schema.fieldCount()];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = rawBits(i);
        }
        return new ResultRow(schema, windowStart, windowEnd, key, update, values);
    }
}

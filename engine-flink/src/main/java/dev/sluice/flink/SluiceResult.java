package dev.sluice.flink;

import dev.sluice.core.function.KeyType;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.sink.ResultSchema;

import java.util.Arrays;

/**
 * One (window, key) result as a translated job emits it: the fields of a {@link ResultRow}, in a form Flink
 * serializes (a POJO). Values are raw 64-bit words in the pipeline's {@link ResultSchema} order: a long (a decimal
 * unscaled), or the raw bits of a double. {@link #toRow} gives the local runner's row.
 */
public final class SluiceResult
{
    public long windowStart;
    /** Exclusive. */
    public long windowEnd;
    /** The key, or its {@link KeyType} id for a pipeline keyed by its own type. */
    public long key;
    /** The key's text for a pipeline keyed by its own type; null for a primitive key. */
    public String keyText;
    /** A re-fire within allowed lateness, or an early result. */
    public boolean update;
    /** The running value of a window that had not closed. */
    public boolean early;
    public long[] values;

    public SluiceResult()
    {
    }

    /**
     * @param schema the pipeline's result schema.
     * @return the row the local runner would have given.
     */
    public ResultRow toRow(final ResultSchema schema)
    {
        final KeyType<?> keyType = schema.keyFormat().keyType();
        final Object keyValue = null != keyType && null != keyText ? keyType.parse(keyText) : null;
        return new ResultRow(schema, windowStart, windowEnd, key, update, early, values.clone(), keyValue);
    }

    public String toString()
    {
        return "SluiceResult{window=[" + windowStart + "," + windowEnd + "), key=" + (null != keyText ? keyText : key) +
            ", values=" + Arrays.toString(values) + (early ? ", early" : update ? ", update" : "") + '}';
    }
}

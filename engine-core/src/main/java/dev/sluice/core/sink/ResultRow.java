package dev.sluice.core.sink;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable copy of one (window, key) result. Values are kept as raw 64-bit words: a long, or the raw bits of
 * a double for double fields. Equality ignores the update flag, so a final update equals a first emission with
 * the same values.
 */
public final class ResultRow
{
    private final ResultSchema schema;
    private final long windowStart;
    private final long windowEnd;
    private final long key;
    private final boolean update;
    private final boolean early;
    private final long[] values;
    private final Object keyValue;

    public ResultRow(
        final ResultSchema schema,
        final long windowStart,
        final long windowEnd,
        final long key,
        final boolean update,
        final long[] values)
    {
        this(schema, windowStart, windowEnd, key, update, false, values);
    }

    /**
     * @param early true for the running value of a window that had not closed (an update too).
     */
    public ResultRow(
        final ResultSchema schema,
        final long windowStart,
        final long windowEnd,
        final long key,
        final boolean update,
        final boolean early,
        final long[] values)
    {
        this(schema, windowStart, windowEnd, key, update, early, values, null);
    }

    /**
     * @param key      the key's id: the key itself, or its {@code KeyType} id for a value-keyed pipeline.
     * @param keyValue the user's key of a value-keyed pipeline; null for a primitive key.
     */
    public ResultRow(
        final ResultSchema schema,
        final long windowStart,
        final long windowEnd,
        final long key,
        final boolean update,
        final boolean early,
        final long[] values,
        final Object keyValue)
    {
        this.keyValue = keyValue;
        this.schema = schema;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.key = key;
        this.update = update;
        this.early = early;
        this.values = values;
    }

    public ResultSchema schema()
    {
        return schema;
    }

    /**
     * @return the user's key of a pipeline keyed by a value type; for a primitive key, {@link #key()} boxed.
     */
    public Object keyValue()
    {
        return null != keyValue ? keyValue : Long.valueOf(key);
    }

    public long windowStart()
    {
        return windowStart;
    }

    public long windowEnd()
    {
        return windowEnd;
    }

    public long key()
    {
        return key;
    }

    public boolean isUpdate()
    {
        return update;
    }

    /**
     * @return true for the running value of a window that had not closed when it was emitted.
     */
    public boolean isEarly()
    {
        return early;
    }

    /**
     * @param field index in the schema.
     * @return the raw 64 bits of the value: the long, or the double's raw bits.
     */
    public long rawBits(final int field)
    {
        return values[field];
    }

    public long longValue(final int field)
    {
        return schema.isDouble(field) ? (long)Double.longBitsToDouble(values[field]) : values[field];
    }

    public double doubleValue(final int field)
    {
        return schema.isDouble(field) ? Double.longBitsToDouble(values[field]) :
            schema.scale(field) > 0 ? Decimals.toDouble(values[field], schema.scale(field)) : values[field];
    }

    /**
     * @param field index in the schema.
     * @return the value as an exact decimal (a decimal field at its scale, a long at scale 0).
     */
    public java.math.BigDecimal decimalValue(final int field)
    {
        return schema.isDouble(field) ? java.math.BigDecimal.valueOf(doubleValue(field)) :
            Decimals.toBigDecimal(values[field], schema.scale(field));
    }

    public java.math.BigDecimal decimalValue(final String field)
    {
        return decimalValue(schema.fieldIndex(field));
    }

    public long longValue(final String field)
    {
        return longValue(schema.fieldIndex(field));
    }

    public double doubleValue(final String field)
    {
        return doubleValue(schema.fieldIndex(field));
    }

    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof ResultRow))
        {
            return false;
        }
        final ResultRow that = (ResultRow)o;
        return windowStart == that.windowStart && windowEnd == that.windowEnd && key == that.key &&
            Arrays.equals(values, that.values);
    }

    public int hashCode()
    {
        return Objects.hash(windowStart, key, Arrays.hashCode(values));
    }

    public String toString()
    {
        final StringBuilder sb = new StringBuilder("ResultRow{window=[").append(windowStart).append(',')
            .append(windowEnd).append("), key=").append(null != keyValue ? keyValue : key);
        for (int i = 0; i < values.length; i++)
        {
            sb.append(", ").append(schema.name(i)).append('=');
            if (schema.isDouble(i))
            {
                sb.append(doubleValue(i));
            }
            else
            {
                Decimals.append(sb, values[i], schema.scale(i));
            }
        }
        return sb.append(update ? ", update}" : "}").toString();
    }
}

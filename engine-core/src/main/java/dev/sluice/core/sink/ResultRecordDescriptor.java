package dev.sluice.core.sink;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Layout of a result written to a log by {@link LogSink}, little-endian; values are raw 64-bit words (a long, or
 * the raw bits of a double, as the schema says):
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    Window Start (epoch ms)                    |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     Window End (epoch ms)                     |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                              Key                              |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Flags (bit 0: update)                        |
 *  +---------------------------------------------------------------+
 *  |                        Field Count                            |
 *  +---------------------------------------------------------------+
 *  |                     Field 0 ... Field n-1                    ...
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class ResultRecordDescriptor
{
    public static final int WINDOW_START_OFFSET = 0;
    public static final int WINDOW_END_OFFSET = 8;
    public static final int KEY_OFFSET = 16;
    public static final int FLAGS_OFFSET = 24;
    public static final int FIELD_COUNT_OFFSET = 28;
    public static final int FIELDS_OFFSET = 32;
    public static final int UPDATE_FLAG = 1;
    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private ResultRecordDescriptor()
    {
    }

    /**
     * @param fieldCount fields in the schema.
     * @return bytes of one record.
     */
    public static int length(final int fieldCount)
    {
        return FIELDS_OFFSET + fieldCount * 8;
    }

    /**
     * @param result the result.
     * @param buffer to write into.
     * @param offset where.
     * @return bytes written.
     */
    public static int encode(final WindowResult result, final MutableDirectBuffer buffer, final int offset)
    {
        final int fields = result.fieldCount();
        buffer.putLong(offset + WINDOW_START_OFFSET, result.windowStart(), ORDER);
        buffer.putLong(offset + WINDOW_END_OFFSET, result.windowEnd(), ORDER);
        buffer.putLong(offset + KEY_OFFSET, result.key(), ORDER);
        buffer.putInt(offset + FLAGS_OFFSET, result.isUpdate() ? UPDATE_FLAG : 0, ORDER);
        buffer.putInt(offset + FIELD_COUNT_OFFSET, fields, ORDER);
        for (int i = 0; i < fields; i++)
        {
            buffer.putLong(offset + FIELDS_OFFSET + i * 8, result.rawBits(i), ORDER);
        }
        return length(fields);
    }

    /**
     * @param schema the schema the results were written with.
     * @param buffer holding the record.
     * @param offset of the record.
     * @param length of the record.
     * @return a row copy.
     * @throws IllegalArgumentException when the record does not match the schema.
     */
    public static ResultRow decode(
        final ResultSchema schema, final DirectBuffer buffer, final int offset, final int length)
    {
        final int fields = length >= FIELDS_OFFSET ? buffer.getInt(offset + FIELD_COUNT_OFFSET, ORDER) : -1;
        if (fields != schema.fieldCount() || length != length(fields))
        {
            throw new IllegalArgumentException("result record of " + length + " bytes with " + fields +
                " fields does not match " + schema + "; read it with the schema of the pipeline that wrote it");
        }
        final long[] values = new long[fields];
        for (int i = 0; i < fields; i++)
        {
            values[i] = buffer.getLong(offset + FIELDS_OFFSET + i * 8, ORDER);
        }
        return new ResultRow(
            schema,
            buffer.getLong(offset + WINDOW_START_OFFSET, ORDER),
            buffer.getLong(offset + WINDOW_END_OFFSET, ORDER),
            buffer.getLong(offset + KEY_OFFSET, ORDER),
            (buffer.getInt(offset + FLAGS_OFFSET, ORDER) & UPDATE_FLAG) != 0,
            values);
    }
}

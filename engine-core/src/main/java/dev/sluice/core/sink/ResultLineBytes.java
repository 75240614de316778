package dev.sluice.core.sink;

import org.agrona.ExpandableArrayBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The lines of {@link ResultLineFormat}, byte for byte the same, formatted straight into a reused byte buffer:
 * numbers as ASCII digits, names as UTF-8 encoded once per schema. A sink appends many lines, then writes them
 * with {@link #writeTo} in one call. Going through a {@code Writer} instead cost about a microsecond a line (a
 * {@code String} per line, then a charset encoder), a third of a cold BATCH run of orders-5m into a CSV file.
 * Not thread-safe.
 */
final class ResultLineBytes
{
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private final ExpandableArrayBuffer buffer;
    private final ResultLineFormat text = new ResultLineFormat();
    /** Doubles go through the JDK's shortest-repr formatting, into this reused builder, as in ResultLineFormat. */
    private final StringBuilder number = new StringBuilder(32);
    private int length;

    /** The schema whose JSON names below are encoded; results of one sink share one schema. */
    private ResultSchema jsonSchema;
    private byte[] jsonWindowEnd;
    private byte[][] jsonKeyNames;
    private byte[][] jsonFieldNames;
    private byte[] jsonUpdate;

    /**
     * @param initialCapacity bytes the buffer holds before it grows: a sink's flush threshold and a line more.
     */
    ResultLineBytes(final int initialCapacity)
    {
        buffer = new ExpandableArrayBuffer(initialCapacity);
    }

    /**
     * @return bytes appended and not yet written.
     */
    int length()
    {
        return length;
    }

    /**
     * Writes the appended bytes to {@code out} and starts again from empty.
     */
    void writeTo(final OutputStream out) throws IOException
    {
        if (length > 0)
        {
            out.write(buffer.byteArray(), 0, length);
            length = 0;
        }
    }

    /**
     * Appends the header line of {@link ResultLineFormat#csvHeader}.
     */
    void appendCsvHeader(final ResultSchema schema, final boolean withSequence)
    {
        appendUtf8(text.csvHeader(schema, withSequence).toString());
    }

    /**
     * Appends the line of {@link ResultLineFormat#csvLine}.
     *
     * @param sequence the result's sequence, written first; or negative for none.
     */
    void appendCsvLine(final long sequence, final WindowResult result)
    {
        final ExpandableArrayBuffer buffer = this.buffer;
        int at = length;
        if (sequence >= 0)
        {
            at += buffer.putLongAscii(at, sequence);
            buffer.putByte(at++, (byte)',');
        }
        final ResultSchema schema = result.schema();
        final KeyFormat keyFormat = schema.keyFormat();
        at += buffer.putLongAscii(at, result.windowStart());
        buffer.putByte(at++, (byte)',');
        at += buffer.putLongAscii(at, result.windowEnd());
        final int keys = keyFormat.names().size();
        for (int k = 0; k < keys; k++)
        {
            buffer.putByte(at++, (byte)',');
            if (null != keyFormat.keyType())
            {
                number.setLength(0);
                at += buffer.putStringWithoutLengthUtf8(
                    at, KeyText.appendCsv(number, keyFormat.format(result.keyValue())).toString());
            }
            else
            {
                at += buffer.putLongAscii(at, keyFormat.component(result.key(), k));
            }
        }
        final int fields = schema.fieldCount();
        for (int i = 0; i < fields; i++)
        {
            buffer.putByte(at++, (byte)',');
            at = appendValue(at, result, i, null);
        }
        buffer.putByte(at++, (byte)',');
        at = appendBytes(at, result.isUpdate() ? TRUE : FALSE);
        buffer.putByte(at++, (byte)'\n');
        length = at;
    }

    /**
     * Appends the line of {@link ResultLineFormat#jsonLine}.
     */
    void appendJsonLine(final WindowResult result)
    {
        final ResultSchema schema = result.schema();
        if (schema != jsonSchema)
        {
            encodeJsonNames(schema);
        }
        final ExpandableArrayBuffer buffer = this.buffer;
        int at = length;
        at += buffer.putStringWithoutLengthAscii(at, "{\"window_start\":");
        at += buffer.putLongAscii(at, result.windowStart());
        at = appendBytes(at, jsonWindowEnd);
        at += buffer.putLongAscii(at, result.windowEnd());
        final KeyFormat keyFormat = schema.keyFormat();
        for (int k = 0; k < jsonKeyNames.length; k++)
        {
            at = appendBytes(at, jsonKeyNames[k]);
            if (null != keyFormat.keyType())
            {
                number.setLength(0);
                at += buffer.putStringWithoutLengthUtf8(
                    at, KeyText.appendJson(number, keyFormat.format(result.keyValue())).toString());
            }
            else
            {
                at += buffer.putLongAscii(at, keyFormat.component(result.key(), k));
            }
        }
        for (int i = 0; i < jsonFieldNames.length; i++)
        {
            at = appendBytes(at, jsonFieldNames[i]);
            at = appendValue(at, result, i, NULL);
        }
        at = appendBytes(at, jsonUpdate);
        at = appendBytes(at, result.isUpdate() ? TRUE : FALSE);
        buffer.putByte(at++, (byte)'}');
        buffer.putByte(at++, (byte)'\n');
        length = at;
    }

    private void encodeJsonNames(final ResultSchema schema)
    {
        jsonWindowEnd = utf8(",\"window_end\":");
        jsonKeyNames = new byte[schema.keyFormat().names().size()][];
        for (int k = 0; k < jsonKeyNames.length; k++)
        {
            jsonKeyNames[k] = utf8(",\"" + schema.keyFormat().names().get(k) + "\":");
        }
        jsonFieldNames = new byte[schema.fieldCount()][];
        for (int i = 0; i < jsonFieldNames.length; i++)
        {
            jsonFieldNames[i] = utf8(",\"" + schema.name(i) + "\":");
        }
        jsonUpdate = utf8(",\"update\":");
        jsonSchema = schema;
    }

    /**
     * @param notANumber what a NaN or infinite double is written as; null for nothing (an empty CSV cell).
     * @return the offset after the value.
     */
    private int appendValue(final int at, final WindowResult result, final int field, final byte[] notANumber)
    {
        if (!result.schema().isDouble(field))
        {
            final int scale = result.schema().scale(field);
            if (scale == 0)
            {
                return at + buffer.putLongAscii(at, result.longValue(field));
            }
            number.setLength(0);
            Decimals.append(number, result.longValue(field), scale);
            return at + buffer.putStringWithoutLengthAscii(at, number);
        }
        final double v = result.doubleValue(field);
        if (Double.isNaN(v) || Double.isInfinite(v))
        {
            return null == notANumber ? at : appendBytes(at, notANumber);
        }
        number.setLength(0);
        number.append(v);
        return at + buffer.putStringWithoutLengthAscii(at, number);
    }

    private int appendBytes(final int at, final byte[] bytes)
    {
        buffer.putBytes(at, bytes);
        return at + bytes.length;
    }

    private void appendUtf8(final String text)
    {
        length = appendBytes(length, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package dev.sluice.core.sink;

/**
 * Formats results as text lines into one reused builder, for every text sink: CSV lines
 * {@code window_start,window_end,<key columns>,<fields>,update}, optionally led by a sequence column,
 * and JSON-lines objects with the same fields. A NaN or infinite double is an empty CSV cell or a JSON
 * {@code null}. Public for other runners, so that their files are the lines this runner writes. Not thread-safe.
 */
public final class ResultLineFormat
{
    private final StringBuilder line = new StringBuilder(256);

    /**
     * @return the header line, with a leading {@code seq} column when {@code withSequence}.
     */
    public CharSequence csvHeader(final ResultSchema schema, final boolean withSequence)
    {
        line.setLength(0);
        if (withSequence)
        {
            line.append("seq,");
        }
        line.append("window_start,window_end");
        for (final String name : schema.keyFormat().names())
        {
            line.append(',').append(name);
        }
        for (int i = 0; i < schema.fieldCount(); i++)
        {
            line.append(',').append(schema.name(i));
        }
        return line.append(",update\n");
    }

    /**
     * @param sequence the result's sequence, written first; or negative for none.
     * @return the line, valid until the next call.
     */
    public CharSequence csvLine(final long sequence, final WindowResult result)
    {
        line.setLength(0);
        if (sequence >= 0)
        {
            line.append(sequence).append(',');
        }
        final ResultSchema schema = result.schema();
        final KeyFormat keyFormat = schema.keyFormat();
        line.append(result.windowStart()).append(',').append(result.windowEnd());
        if (null != keyFormat.keyType())
        {
            KeyText.appendCsv(line.append(','), keyFormat.format(result.keyValue()));
        }
        else
        {
            for (int k = 0; k < keyFormat.names().size(); k++)
            {
                line.append(',').append(keyFormat.component(result.key(), k));
            }
        }
        for (int i = 0; i < schema.fieldCount(); i++)
        {
            line.append(',');
            appendValue(result, i, "");
        }
        return line.append(',').append(result.isUpdate()).append('\n');
    }

    /**
     * @return the result as one JSON object and a newline, valid until the next call.
     */
    public CharSequence jsonLine(final WindowResult result)
    {
        line.setLength(0);
        final ResultSchema schema = result.schema();
        final KeyFormat keyFormat = schema.keyFormat();
        line.append("{\"window_start\":").append(result.windowStart())
            .append(",\"window_end\":").append(result.windowEnd());
        for (int k = 0; k < keyFormat.names().size(); k++)
        {
            line.append(",\"").append(keyFormat.names().get(k)).append("\":");
            if (null != keyFormat.keyType())
            {
                KeyText.appendJson(line, keyFormat.format(result.keyValue()));
            }
            else
            {
                line.append(keyFormat.component(result.key(), k));
            }
        }
        for (int i = 0; i < schema.fieldCount(); i++)
        {
            line.append(",\"").append(schema.name(i)).append("\":");
            appendValue(result, i, "null");
        }
        return line.append(",\"update\":").append(result.isUpdate()).append("}\n");
    }

    private void appendValue(final WindowResult result, final int field, final String notANumber)
    {
        if (result.schema().isDouble(field))
        {
            final double v = result.doubleValue(field);
            if (Double.isNaN(v) || Double.isInfinite(v))
            {
                line.append(notANumber);
            }
            else
            {
                line.append(v);
            }
        }
        else
        {
            Decimals.append(line, result.longValue(field), result.schema().scale(field));
        }
    }
}

package dev.sluice.core.sink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes results to a text file, one line per emission, as CSV (with a header line) or JSON lines. Lines are
 * buffered and made visible at each {@link #flush()} (end of micro-batch, end of run); {@link #close()} the sink
 * when done. A double that is NaN is written as an empty CSV cell or JSON {@code null}.
 * Not thread-safe: written by the job thread.
 */
public final class TextFileSink implements ResultSink, AutoCloseable
{
    /** Line formats. */
    public enum Format
    {
        CSV, JSON_LINES
    }

    private final Path path;
    private final Format format;
    private final BufferedWriter writer;
    private final StringBuilder line = new StringBuilder(256);
    private boolean headerWritten;
    private long lines;

    private TextFileSink(final Path path, final Format format)
    {
        this(path, format, false);
    }

    private TextFileSink(final Path path, final Format format, final boolean append)
    {
        this.path = path;
        this.format = format;
        try
        {
            if (append && Files.exists(path))
            {
                cutTornLastLine(path);
                headerWritten = Files.size(path) > 0;
                writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
            }
            else
            {
                writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open result file " + path + "; check the directory exists " +
                "and is writable", ex);
        }
    }

    /**
     * @param path file to create or truncate.
     * @return a CSV sink: header {@code window_start,window_end,<key columns>,<fields>,update}.
     */
    public static TextFileSink csv(final Path path)
    {
        return new TextFileSink(path, Format.CSV);
    }

    /**
     * A CSV sink that appends to what the file holds (header only when it is empty), first cutting a line a kill
     * left half-written: the at-least-once output of a checkpointed job, which after a restore appends the results
     * since the last checkpoint again.
     *
     * @param path file to create or append to.
     * @return the sink.
     */
    public static TextFileSink csvAppending(final Path path)
    {
        return new TextFileSink(path, Format.CSV, true);
    }

    private static void cutTornLastLine(final Path path) throws IOException
    {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(path,
            java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE))
        {
            long end = channel.size();
            final java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            while (end > 0)
            {
                one.clear();
                channel.read(one, end - 1);
                if (one.get(0) == '\n')
                {
                    break;
                }
                end--;
            }
            channel.truncate(end);
        }
    }

    /**
     * @param path file to create or truncate.
     * @return a JSON-lines sink: one object per line.
     */
    public static TextFileSink jsonLines(final Path path)
    {
        return new TextFileSink(path, Format.JSON_LINES);
    }

    public void onResult(final WindowResult result)
    {
        final ResultSchema schema = result.schema();
        final KeyFormat keyFormat = schema.keyFormat();
        line.setLength(0);
        if (format == Format.CSV)
        {
            if (!headerWritten)
            {
                line.append("window_start,window_end");
                for (final String name : keyFormat.names())
                {
                    line.append(',').append(name);
                }
                for (int i = 0; i < schema.fieldCount(); i++)
                {
                    line.append(',').append(schema.name(i));
                }
                line.append(",update\n");
                headerWritten = true;
            }
            line.append(result.windowStart()).append(',').append(result.windowEnd());
            for (int k = 0; k < keyFormat.names().size(); k++)
            {
                line.append(',').append(keyFormat.component(result.key(), k));
            }
            for (int i = 0; i < schema.fieldCount(); i++)
            {
                line.append(',');
                appendValue(result, schema, i, "");
            }
            line.append(',').append(result.isUpdate()).append('\n');
        }
        else
        {
            line.append("{\"window_start\":").append(result.windowStart())
                .append(",\"window_end\":").append(result.windowEnd());
            for (int k = 0; k < keyFormat.names().size(); k++)
            {
                line.append(",\"").append(keyFormat.names().get(k)).append("\":")
                    .append(keyFormat.component(result.key(), k));
            }
            for (int i = 0; i < schema.fieldCount(); i++)
            {
                line.append(",\"").append(schema.name(i)).append("\":");
                appendValue(result, schema, i, "null");
            }
            line.append(",\"update\":").append(result.isUpdate()).append("}\n");
        }
        try
        {
            writer.append(line);
            lines++;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write result file " + path, ex);
        }
    }

    private void appendValue(final WindowResult result, final ResultSchema schema, final int i, final String nan)
    {
        if (schema.isDouble(i))
        {
            final double v = result.doubleValue(i);
            if (Double.isNaN(v) || Double.isInfinite(v))
            {
                line.append(nan);
            }
            else
            {
                line.append(v);
            }
        }
        else
        {
            line.append(result.longValue(i));
        }
    }

    public void flush()
    {
        try
        {
            writer.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot flush result file " + path, ex);
        }
    }

    /**
     * @return result lines written (the CSV header not counted).
     */
    public long lines()
    {
        return lines;
    }

    public void close()
    {
        try
        {
            writer.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot close result file " + path, ex);
        }
    }
}

package dev.sluice.core.sink;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes results to a text file, one line per emission, as CSV (with a header line) or JSON lines. Lines are
 * formatted straight into bytes ({@link ResultLineBytes}), written in blocks of {@link #WRITE_THRESHOLD} bytes and
 * made visible at each {@link #flush()} (end of micro-batch, end of run); {@link #close()} the sink when done. A
 * double that is NaN is written as an empty CSV cell or JSON {@code null}.
 * Not thread-safe: written by the job thread.
 */
public final class TextFileSink implements ResultSink, AutoCloseable
{
    /** Line formats. */
    public enum Format
    {
        CSV, JSON_LINES
    }

    /** Bytes of lines held before they are written: one system call per few thousand lines. */
    static final int WRITE_THRESHOLD = 1 << 16;

    private final Path path;
    private final Format format;
    private final OutputStream out;
    private final ResultLineBytes lines = new ResultLineBytes(WRITE_THRESHOLD + 1024);
    private boolean headerWritten;
    private long lineCount;

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
                out = Files.newOutputStream(path, StandardOpenOption.APPEND);
            }
            else
            {
                out = Files.newOutputStream(path);
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
        if (format == Format.CSV)
        {
            if (!headerWritten)
            {
                lines.appendCsvHeader(result.schema(), false);
                headerWritten = true;
            }
            lines.appendCsvLine(-1, result);
        }
        else
        {
            lines.appendJsonLine(result);
        }
        lineCount++;
        if (lines.length() >= WRITE_THRESHOLD)
        {
            write();
        }
    }

    private void write()
    {
        try
        {
            lines.writeTo(out);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write result file " + path, ex);
        }
    }

    public void flush()
    {
        try
        {
            lines.writeTo(out);
            out.flush();
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
        return lineCount;
    }

    public void close()
    {
        try (OutputStream closing = out)
        {
            lines.writeTo(closing);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot close result file " + path, ex);
        }
    }
}

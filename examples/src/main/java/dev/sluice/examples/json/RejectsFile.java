package dev.sluice.examples.json;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The rejected lines of ingests, appended to a tab-separated file, one row per rejected line:
 * <pre>
 *   input TAB line-number TAB reason TAB text
 * </pre>
 * {@code input} is the input's name as given ({@code -} for standard input), {@code reason} one line without tabs,
 * and {@code text} the line's first {@link OrdersJsonIngest#REJECTED_TEXT_BYTES} bytes exactly as they were read
 * (so an ill-formed UTF-8 line stays ill-formed; the text is the last column, so tabs in it are harmless). Later
 * ingests into the same directory append their rows. Not thread-safe.
 */
public final class RejectsFile implements OrdersJsonIngest.RejectedLineHandler, Closeable
{
    /** The file's name in an ingest's directory, beside the log. */
    public static final String FILE_NAME = "rejects.tsv";

    private final Path path;
    private final byte[] input;
    private final OutputStream out;
    private final StringBuilder row = new StringBuilder(160);

    /**
     * @param path  the file, created if missing, appended to otherwise.
     * @param input the input's name for the first column.
     */
    public RejectsFile(final Path path, final String input)
    {
        this.path = path;
        this.input = input.replace('\t', ' ').replace('\n', ' ').getBytes(StandardCharsets.UTF_8);
        try
        {
            this.out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), 1 << 16);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open " + path + " for the rejected lines: " + ex.getMessage(), ex);
        }
    }

    public void onRejected(
        final long lineNumber, final CharSequence reason, final byte[] text, final int offset, final int length)
    {
        row.setLength(0);
        row.append('\t').append(lineNumber).append('\t').append(reason).append('\t');
        try
        {
            out.write(input);
            out.write(row.toString().getBytes(StandardCharsets.UTF_8));
            out.write(text, offset, length);
            out.write('\n');
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the rejected line " + lineNumber + " to " + path + ": " +
                ex.getMessage(), ex);
        }
    }

    /**
     * Hands the rows written so far to the file (the page cache), so that its length covers them.
     */
    public void flush()
    {
        try
        {
            out.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + path + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @return the file.
     */
    public Path path()
    {
        return path;
    }

    public void close()
    {
        try
        {
            out.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + path + ": " + ex.getMessage(), ex);
        }
    }
}

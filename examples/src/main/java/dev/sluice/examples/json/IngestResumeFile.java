package dev.sluice.examples.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.zip.CRC32C;

/**
 * How far an ingest of one input file got, in {@value #FILE_NAME} beside the log: the input's identity (its path,
 * size, modification time and a checksum of its first {@value #HEAD_BYTES} bytes), the lines and bytes of it read,
 * the log's record count after them, the counts of accepted and rejected lines, and the length of the rejects file
 * then. Written after each commit of {@link OrdersJsonIngest} by writing a temporary file, forcing it to disk and
 * renaming it over the last one, so a reader finds the old state or the new, never a torn one. Immutable.
 *
 * @param input        the input's absolute path.
 * @param size         its length in bytes.
 * @param modifiedMs   its modification time, epoch milliseconds.
 * @param headChecksum CRC32C of its first {@value #HEAD_BYTES} bytes.
 * @param lines        lines read.
 * @param bytes        bytes read, up to the end of the last of those lines.
 * @param logRecords   records in the log once those lines were in it.
 * @param accepted     of those lines, the accepted.
 * @param rejected     of those lines, the rejected.
 * @param rejectsBytes length of the rejects file once their rows were in it.
 */
public record IngestResumeFile(
    String input, long size, long modifiedMs, long headChecksum, long lines, long bytes, long logRecords,
    long accepted, long rejected, long rejectsBytes)
{
    /** The file's name in an ingest's directory. */
    public static final String FILE_NAME = "ingest-resume.properties";

    /** Bytes of the input's start in its checksum. */
    public static final int HEAD_BYTES = 64 * 1024;

    /**
     * @return the state of an ingest of {@code input} that has read nothing yet, for {@link #after}.
     */
    public static IngestResumeFile start(final Path input)
    {
        final Path absolute = input.toAbsolutePath().normalize();
        try (InputStream in = Files.newInputStream(absolute))
        {
            final CRC32C crc = new CRC32C();
            crc.update(in.readNBytes(HEAD_BYTES));
            return new IngestResumeFile(absolute.toString(), Files.size(absolute),
                Files.getLastModifiedTime(absolute).toMillis(), crc.getValue(), 0, 0, 0, 0, 0, 0);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + input + " to tell whether it was ingested before: " +
                ex.getMessage(), ex);
        }
    }

    /**
     * @return this input's state once the given counts are reached.
     */
    public IngestResumeFile after(
        final long lines, final long bytes, final long logRecords, final long accepted, final long rejected,
        final long rejectsBytes)
    {
        return new IngestResumeFile(input, size, modifiedMs, headChecksum, lines, bytes, logRecords, accepted,
            rejected, rejectsBytes);
    }

    /**
     * @return true when {@code other} names the same file with the same size, time and first bytes.
     */
    public boolean sameInput(final IngestResumeFile other)
    {
        return input.equals(other.input) && size == other.size && modifiedMs == other.modifiedMs &&
            headChecksum == other.headChecksum;
    }

    /**
     * @return true when every line of the input was read.
     */
    public boolean complete()
    {
        return bytes == size;
    }

    /**
     * @return the state recorded in {@code dir}, or null when there is none.
     * @throws IllegalStateException when the file is not one this class wrote, naming it.
     */
    public static IngestResumeFile read(final Path dir)
    {
        final Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file))
        {
            return null;
        }
        final Properties p = new Properties();
        try
        {
            p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            return new IngestResumeFile(p.getProperty("input"), number(p, "size"), number(p, "modifiedMs"),
                number(p, "headChecksum"), number(p, "lines"), number(p, "bytes"), number(p, "logRecords"),
                number(p, "accepted"), number(p, "rejected"), number(p, "rejectsBytes"));
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new IllegalStateException(file + " is not an ingest's resume state (" + ex.getMessage() +
                "); delete it to ingest its input from the start", ex);
        }
    }

    /**
     * Replaces the state in {@code dir} with this one: written beside it, forced to disk, renamed over it.
     */
    public void write(final Path dir)
    {
        final Path file = dir.resolve(FILE_NAME);
        final Path temporary = dir.resolve(FILE_NAME + ".tmp");
        final String text = "input=" + input.replace("\\", "\\\\") + "\nsize=" + size + "\nmodifiedMs=" + modifiedMs +
            "\nheadChecksum=" + headChecksum + "\nlines=" + lines + "\nbytes=" + bytes + "\nlogRecords=" + logRecords +
            "\naccepted=" + accepted + "\nrejected=" + rejected + "\nrejectsBytes=" + rejectsBytes + "\n";
        try
        {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                final ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining())
                {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot record how far the ingest got in " + file + ": " +
                ex.getMessage(), ex);
        }
    }

    /**
     * Removes the state in {@code dir}, if any: an ingest of another input is about to append to the log.
     */
    public static void delete(final Path dir)
    {
        try
        {
            Files.deleteIfExists(dir.resolve(FILE_NAME));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot remove " + dir.resolve(FILE_NAME) + ": " + ex.getMessage(), ex);
        }
    }

    private static long number(final Properties p, final String key)
    {
        final String value = p.getProperty(key);
        if (null == value)
        {
            throw new IllegalArgumentException("no " + key);
        }
        return Long.parseLong(value.trim());
    }
}

package dev.sluice.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Where a log starts: the base of its oldest segment and that segment's first record number, kept in
 * {@code log.start} so that a segment missing at the head is loss that is reported, not a log that seems
 * to begin later. Written when the log is made and by retention before it deletes anything, each time to
 * a temporary name, forced and renamed into place.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    Magic "SLUICEST"                           |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        Format Version                         |
 *  +---------------------------------------------------------------+
 *  |              Checksum (CRC32C of bytes 0..11 and 16..31)      |
 *  +---------------------------------------------------------------+
 *  |          Start Base Position (the oldest segment's base)      |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |          Start Record Number (its first record's number)      |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * All fields are little-endian. Retention writes the new start before it deletes the segments below it,
 * so segments older than the start are the remains of a retention a crash interrupted (the writer deletes
 * them on open), and a log whose oldest segment lies past the start has lost segments.
 */
final class LogStart
{
    static final String FILE_NAME = "log.start";
    static final String TEMP_NAME = FILE_NAME + ".tmp";
    static final long MAGIC = 0x54534543_49554C53L; // "SLUICEST" read little-endian
    static final int VERSION = 1;
    static final int LENGTH = 32;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 8;
    static final int CHECKSUM_OFFSET = 12;
    static final int BASE_POSITION_OFFSET = 16;
    static final int BASE_RECORD_NUMBER_OFFSET = 24;

    final long basePosition;
    final long baseRecordNumber;

    LogStart(final long basePosition, final long baseRecordNumber)
    {
        this.basePosition = basePosition;
        this.baseRecordNumber = baseRecordNumber;
    }

    /**
     * @return the start recorded in {@code dir}, or null when the log has none (a log being made, or one
     * written by a release that did not record it).
     * @throws CorruptLogException when the file is there but not a whole, checksummed start.
     */
    static LogStart read(final Path dir) throws IOException
    {
        final Path file = dir.resolve(FILE_NAME);
        final ByteBuffer bytes = SmallFile.readWhole(file, LENGTH);
        if (null == bytes)
        {
            return null;
        }
        if (bytes.getLong(MAGIC_OFFSET) != MAGIC || bytes.getInt(VERSION_OFFSET) != VERSION ||
            bytes.getInt(CHECKSUM_OFFSET) != checksum(bytes))
        {
            throw new CorruptLogException(file, 0, FILE_NAME + " has a wrong magic, version or checksum");
        }
        final long basePosition = bytes.getLong(BASE_POSITION_OFFSET);
        final long baseRecordNumber = bytes.getLong(BASE_RECORD_NUMBER_OFFSET);
        if (basePosition < 0 || baseRecordNumber < 0)
        {
            throw new CorruptLogException(file, 0, FILE_NAME + " names a negative start " + basePosition +
                " / record " + baseRecordNumber);
        }
        return new LogStart(basePosition, baseRecordNumber);
    }

    /**
     * Records {@code start} in {@code dir} durably: written to a temporary name, forced, renamed, and the
     * directory forced, so that a crash leaves the old start or the new one, never a torn one.
     */
    static void write(final Path dir, final LogStart start) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(MAGIC_OFFSET, MAGIC)
            .putInt(VERSION_OFFSET, VERSION)
            .putLong(BASE_POSITION_OFFSET, start.basePosition)
            .putLong(BASE_RECORD_NUMBER_OFFSET, start.baseRecordNumber);
        bytes.putInt(CHECKSUM_OFFSET, checksum(bytes));
        final Path temp = dir.resolve(TEMP_NAME);
        try (FileChannel channel = FileChannel.open(
            temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
        {
            while (bytes.hasRemaining())
            {
                channel.write(bytes, bytes.position());
            }
            channel.force(true);
        }
        catch (final IOException ex)
        {
            Files.deleteIfExists(temp);
            throw ex;
        }
        Files.move(temp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Segment.forceDirectory(dir);
    }

    private static int checksum(final ByteBuffer bytes)
    {
        final CRC32C crc = new CRC32C();
        crc.update(bytes.duplicate().position(0).limit(CHECKSUM_OFFSET));
        crc.update(bytes.duplicate().position(BASE_POSITION_OFFSET).limit(LENGTH));
        return (int)crc.getValue();
    }
}

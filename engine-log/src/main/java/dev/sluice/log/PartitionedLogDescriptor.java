package dev.sluice.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The file that makes a directory a {@link PartitionedLog}: how many partitions it has and over how many key groups
 * it routes, fixed when it is made. Written once, after every partition's log exists: to a temporary name, forced,
 * then linked to its name (a link fails when the name is taken, so of two processes making the same log one wins
 * and the other reads what the winner wrote), and the directory forced.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    Magic "SLUICEPL"                           |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        Format Version                         |
 *  +---------------------------------------------------------------+
 *  |                        Partition Count                        |
 *  +---------------------------------------------------------------+
 *  |                          Key Groups                           |
 *  +---------------------------------------------------------------+
 *  |                 Checksum (CRC32C of bytes 0..19)              |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * All fields are little-endian.
 */
final class PartitionedLogDescriptor
{
    static final String FILE_NAME = "partitions.descriptor";
    static final long MAGIC = 0x4C504543_49554C53L; // "SLUICEPL" read little-endian
    static final int VERSION = 1;
    static final int LENGTH = 24;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 8;
    static final int PARTITION_COUNT_OFFSET = 12;
    static final int KEY_GROUPS_OFFSET = 16;
    static final int CHECKSUM_OFFSET = 20;

    /** Most partitions of one log: each is a directory with its own files and, when written, a thread. */
    static final int MAX_PARTITIONS = 4096;

    final int partitionCount;
    final int keyGroups;

    PartitionedLogDescriptor(final int partitionCount, final int keyGroups)
    {
        this.partitionCount = partitionCount;
        this.keyGroups = keyGroups;
    }

    /**
     * @return the descriptor in {@code dir}, or null when there is none.
     * @throws CorruptLogException when the file is there but not a whole, checksummed descriptor.
     */
    static PartitionedLogDescriptor read(final Path dir) throws IOException
    {
        final Path file = dir.resolve(FILE_NAME);
        final ByteBuffer bytes = SmallFile.readWhole(file, LENGTH);
        if (null == bytes)
        {
            return null;
        }
        if (bytes.getLong(MAGIC_OFFSET) != MAGIC || bytes.getInt(CHECKSUM_OFFSET) != checksum(bytes))
        {
            throw new CorruptLogException(file, 0, FILE_NAME + " has a wrong magic or checksum: not the descriptor" +
                " of a partitioned log, or damaged");
        }
        final int version = bytes.getInt(VERSION_OFFSET);
        if (version != VERSION)
        {
            throw new CorruptLogException(file, 0, FILE_NAME + " is format version " + version + ", not " + VERSION +
                (version > VERSION ? " (written by a newer Sluice: read it with that release)" : ""));
        }
        final int partitions = bytes.getInt(PARTITION_COUNT_OFFSET);
        final int keyGroups = bytes.getInt(KEY_GROUPS_OFFSET);
        if (partitions < 1 || partitions > MAX_PARTITIONS || keyGroups < partitions ||
            keyGroups > KeyGroups.MAX_KEY_GROUPS)
        {
            throw new CorruptLogException(file, 0, FILE_NAME + " names " + partitions + " partitions over " +
                keyGroups + " key groups, which no partitioned log has");
        }
        return new PartitionedLogDescriptor(partitions, keyGroups);
    }

    /**
     * Writes this descriptor into {@code dir} unless one is there already.
     *
     * @return the descriptor of the log: this one, or the one another process wrote first.
     */
    PartitionedLogDescriptor writeOnce(final Path dir) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(MAGIC_OFFSET, MAGIC)
            .putInt(VERSION_OFFSET, VERSION)
            .putInt(PARTITION_COUNT_OFFSET, partitionCount)
            .putInt(KEY_GROUPS_OFFSET, keyGroups);
        bytes.putInt(CHECKSUM_OFFSET, checksum(bytes));
        final Path temp = Files.createTempFile(dir, FILE_NAME, ".tmp");
        try
        {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE))
            {
                while (bytes.hasRemaining())
                {
                    channel.write(bytes, bytes.position());
                }
                channel.force(true);
            }
            try
            {
                Files.createLink(dir.resolve(FILE_NAME), temp);
            }
            catch (final FileAlreadyExistsException ex)
            {
                return read(dir);
            }
            Segment.forceDirectory(dir);
            return this;
        }
        finally
        {
            Files.deleteIfExists(temp);
        }
    }

    private static int checksum(final ByteBuffer bytes)
    {
        final CRC32C crc = new CRC32C();
        crc.update(bytes.duplicate().position(0).limit(CHECKSUM_OFFSET));
        return (int)crc.getValue();
    }
}

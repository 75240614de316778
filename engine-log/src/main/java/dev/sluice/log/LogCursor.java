package dev.sluice.log;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A named, durable consumer position: where a consumer resumes after a restart, and how far behind
 * the log it is. Stored in {@code cursors/NAME.cursor} as two slots written in turn, so a crash in
 * the middle of a store leaves the other, older slot whole:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |  Slot 0: Sequence (8) | Position (8) | Record Number (8) |     |
 *  |          CRC32C of the 24 bytes before (4) | Reserved (4)     |
 *  +---------------------------------------------------------------+
 *  |  Slot 1: same layout, at byte 32                              |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * The valid slot with the higher sequence is the cursor. Not thread-safe: one consumer thread
 * stores a cursor; any thread may read it.
 */
public final class LogCursor implements AutoCloseable
{
    static final String SUFFIX = ".cursor";
    private static final int SLOT_LENGTH = 32;
    private static final int FILE_LENGTH = 2 * SLOT_LENGTH;
    private static final int SEQUENCE_OFFSET = 0;
    private static final int POSITION_OFFSET = 8;
    private static final int RECORD_NUMBER_OFFSET = 16;
    private static final int CHECKSUM_OFFSET = 24;

    private final Log log;
    private final String name;
    private final Path file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private final boolean forceOnStore;
    private final CRC32C crc = new CRC32C();
    private long sequence;
    private volatile long position;
    private volatile long recordNumber;
    private boolean closed;

    private LogCursor(final Log log, final String name, final Path file, final MappedByteBuffer mapped,
        final long startPosition, final long startRecordNumber)
    {
        this.log = log;
        this.name = name;
        this.file = file;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped, 0, FILE_LENGTH);
        this.forceOnStore = log.config().durability() == Durability.FSYNC_EACH_APPEND;
        final int slot = newestValidSlot(buffer, crc);
        if (slot < 0)
        {
            position = startPosition;
            recordNumber = startRecordNumber;
        }
        else
        {
            sequence = buffer.getLong(slot + SEQUENCE_OFFSET);
            position = buffer.getLong(slot + POSITION_OFFSET);
            recordNumber = buffer.getLong(slot + RECORD_NUMBER_OFFSET);
        }
    }

    static LogCursor open(final Log log, final Path dir, final String name, final long startPosition,
        final long startRecordNumber, final boolean readOnly) throws IOException
    {
        Files.createDirectories(dir);
        final Path file = dir.resolve(name + SUFFIX);
        try (FileChannel channel = FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final long size = channel.size();
            if (size != 0 && size != FILE_LENGTH)
            {
                throw new LogException("cursor file " + file + " is " + size + " bytes, not " + FILE_LENGTH +
                    ": not a cursor of this log; move it away to start the cursor afresh");
            }
            if (size == 0)
            {
                channel.write(ByteBuffer.allocate(FILE_LENGTH), 0);
                channel.force(true);
            }
            final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, FILE_LENGTH);
            final LogCursor cursor = new LogCursor(log, name, file, mapped, startPosition, startRecordNumber);
            if (size != 0 && newestValidSlot(cursor.buffer, cursor.crc) < 0 &&
                (cursor.buffer.getLong(0) != 0 || cursor.buffer.getLong(SLOT_LENGTH) != 0))
            {
                IoUtil.unmap(mapped);
                throw new LogException("cursor file " + file + " is corrupt in both slots: its position is lost;" +
                    " delete the file to restart the consumer from the log's start, or store a known position");
            }
            return cursor;
        }
    }

    public String name()
    {
        return name;
    }

    /**
     * @return the stored position: where a reader opened on this cursor starts.
     */
    public long position()
    {
        return position;
    }

    /**
     * @return the stored record number: records consumed since the log began.
     */
    public long recordNumber()
    {
        return recordNumber;
    }

    /**
     * Stores a reader's progress.
     */
    public void store(final LogReader reader)
    {
        store(reader.position(), reader.recordNumber());
    }

    /**
     * Stores a position and the record number of the record there. Survives a process crash at once
     * (the page cache keeps it); forced to the device on {@link #flush()} or, with
     * {@link Durability#FSYNC_EACH_APPEND}, here.
     */
    public void store(final long position, final long recordNumber)
    {
        if (closed)
        {
            throw new IllegalStateException("cursor '" + name + "' is closed");
        }
        if (position < 0 || recordNumber < 0)
        {
            throw new IllegalArgumentException("cursor '" + name + "': position " + position + " and record number " +
                recordNumber + " must not be negative; store a reader's position() and recordNumber()");
        }
        sequence++;
        final int slot = (int)(sequence & 1) * SLOT_LENGTH;
        buffer.putLong(slot + SEQUENCE_OFFSET, sequence);
        buffer.putLong(slot + POSITION_OFFSET, position);
        buffer.putLong(slot + RECORD_NUMBER_OFFSET, recordNumber);
        buffer.putIntOrdered(slot + CHECKSUM_OFFSET, slotChecksum(buffer, slot, crc));
        this.position = position;
        this.recordNumber = recordNumber;
        if (forceOnStore)
        {
            mapped.force();
        }
    }

    /**
     * @return records appended that this cursor has not consumed.
     */
    public long lagRecords()
    {
        return Math.max(0, log.recordCount() - recordNumber);
    }

    /**
     * @return bytes of log between this cursor and the tail, record headers, padding and segment
     * headers included.
     */
    public long lagBytes()
    {
        return Math.max(0, log.tailPosition() - position);
    }

    public void flush()
    {
        if (!closed)
        {
            mapped.force();
        }
    }

    public void close()
    {
        if (!closed)
        {
            closed = true;
            IoUtil.unmap(mapped);
        }
    }

    public String toString()
    {
        return "LogCursor{" + name + ", position=" + position + ", recordNumber=" + recordNumber + '}';
    }

    /**
     * @return the position stored in a cursor file, or -1 when it has none or cannot be read.
     */
    static long readPosition(final Path file)
    {
        try
        {
            final byte[] bytes = Files.readAllBytes(file);
            if (bytes.length != FILE_LENGTH)
            {
                return -1;
            }
            final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()));
            final int slot = newestValidSlot(buffer, new CRC32C());
            return slot < 0 ? -1 : buffer.getLong(slot + POSITION_OFFSET);
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    private static int newestValidSlot(final UnsafeBuffer buffer, final CRC32C crc)
    {
        int best = -1;
        long bestSequence = 0;
        for (int slot = 0; slot < FILE_LENGTH; slot += SLOT_LENGTH)
        {
            final long sequence = buffer.getLong(slot + SEQUENCE_OFFSET);
            if (sequence > 0 && buffer.getInt(slot + CHECKSUM_OFFSET) == slotChecksum(buffer, slot, crc) &&
                sequence > bestSequence)
            {
                best = slot;
                bestSequence = sequence;
            }
        }
        return best;
    }

    private static int slotChecksum(final UnsafeBuffer buffer, final int slot, final CRC32C crc)
    {
        crc.reset();
        for (int i = 0; i < CHECKSUM_OFFSET; i++)
        {
            crc.update(buffer.getByte(slot + i));
        }
        return (int)crc.getValue();
    }
}

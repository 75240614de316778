package dev.sluice.log;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.IntConsumer;
import java.util.zip.CRC32C;

import static dev.sluice.log.SegmentDescriptor.*;

/**
 * One mapped segment file. A read-write segment belongs to one thread: the appender, recovery, or an index
 * query. A read-only segment is shared by the readers of a log through {@link SharedSegments}, which unmaps it
 * only when no reader holds it; a reader reads it through views of its own ({@link #newChecksumView()} and its
 * own buffer), never through {@link #checksumView}, whose position and limit each checksum moves.
 */
final class Segment implements AutoCloseable
{
    /** Never written: each use takes a duplicate of its own, so threads share it without sharing a position. */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20);

    final Path file;
    final long basePosition;
    final long baseRecordNumber;
    final int segmentLength;
    final long createdMs;
    final MappedByteBuffer mapped;
    final UnsafeBuffer buffer;
    /** A second view of the mapping whose position and limit feed the CRC32C intrinsic. */
    final ByteBuffer checksumView;

    private Segment(final Path file, final SegmentHeader header, final MappedByteBuffer mapped)
    {
        this.file = file;
        this.basePosition = header.basePosition;
        this.baseRecordNumber = header.baseRecordNumber;
        this.segmentLength = header.segmentLength;
        this.createdMs = header.createdMs;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped, 0, header.segmentLength);
        this.checksumView = newChecksumView();
    }

    /**
     * Makes a segment whole under a temporary name, forces it, renames it into place and forces the
     * directory, so that a segment file that exists always has a complete header and every byte of it
     * backed by the file system.
     *
     * @throws IOException when the file system cannot hold it (e.g. no space left): nothing is left behind.
     */
    static Segment create(
        final Path dir, final long basePosition, final long baseRecordNumber, final int segmentLength,
        final long createdMs) throws IOException
    {
        final Path temp = dir.resolve(String.format("%020d%s", basePosition, TEMP_SUFFIX));
        final Path file = dir.resolve(fileName(basePosition));
        final ByteBuffer header = header(basePosition, baseRecordNumber, segmentLength, createdMs);
        try (FileChannel channel = FileChannel.open(
            temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ,
            StandardOpenOption.WRITE))
        {
            channel.truncate(0);
            writeZeros(channel, 0, segmentLength);
            writeFully(channel, header, 0);
            channel.force(true);
        }
        catch (final IOException ex)
        {
            Files.deleteIfExists(temp);
            throw ex;
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(dir);
        return open(file, false);
    }

    /**
     * The expensive part of making a segment, done ahead of need by the {@link SegmentPreparer}: a
     * temporary file of {@code segmentLength} zeros written through the page cache (much cheaper per page
     * than the page faults a sparse file takes as the appender writes into it, and it backs every byte, so
     * a full disk fails here, not as a fault on a mapped write), mapped, and every page touched so that the
     * mapping's page tables are filled too. The header, which needs the record count at the roll, is
     * written by {@link #install}.
     *
     * <p>The work goes in steps of {@link #PREPARE_STEP_BYTES}, each written and then touched, with
     * {@code betweenSteps} told the bytes made so far after each: a caller that shares its cores with
     * latency-sensitive threads pauses there, so that it takes a core for tens of microseconds at a time instead
     * of the tens of milliseconds a whole 64 MiB segment takes. Every byte is still backed before this returns.
     */
    static MappedByteBuffer prepare(final Path temp, final int segmentLength, final IntConsumer betweenSteps)
        throws IOException
    {
        MappedByteBuffer mapped = null;
        try (FileChannel channel = FileChannel.open(
            temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ,
            StandardOpenOption.WRITE))
        {
            // mapped first (which sizes the file, sparse), then backed and touched step by step
            mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, segmentLength);
            for (int from = 0; from < segmentLength; from += PREPARE_STEP_BYTES)
            {
                final int to = (int)Math.min(segmentLength, (long)from + PREPARE_STEP_BYTES);
                writeZeros(channel, from, to);
                for (int page = from; page < to; page += PAGE_TOUCH_STRIDE)
                {
                    mapped.put(page, (byte)0);
                }
                betweenSteps.accept(to);
            }
            return mapped;
        }
        catch (final IOException | RuntimeException ex)
        {
            if (null != mapped)
            {
                IoUtil.unmap(mapped);
            }
            Files.deleteIfExists(temp);
            throw ex;
        }
    }

    /**
     * Writes zeros over {@code [from, segmentLength)} through the file, not the mapping, so that the file
     * system backs those bytes before the appender writes them through the mapping: a mapped write into a
     * hole the file system cannot fill (a full disk) is a SIGBUS, which no Java code can catch. Opening a
     * log for writing does this from the tail on, for segments made sparse (by an earlier release, a
     * copy, or a file cut short).
     *
     * @throws IOException when the file system cannot back them (no space left): the segment is unchanged
     *                     where records are, and appending into it must not start.
     */
    void backWithZeros(final int from) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            writeZeros(channel, from, segmentLength);
        }
    }

    /**
     * Turns a {@link #prepare prepared} temporary file into the segment at {@code basePosition}: writes and
     * forces its header and renames it into place, so that, as with {@link #create}, a segment file that
     * exists always has a complete header. Forcing the directory, which makes the new name itself survive a
     * machine crash, is left to the caller when {@code forceDirectory} is false.
     */
    static Segment install(
        final Path temp, final MappedByteBuffer mapped, final long basePosition, final long baseRecordNumber,
        final long createdMs, final boolean forceDirectory) throws IOException
    {
        final int segmentLength = mapped.capacity();
        final Path dir = temp.getParent();
        final Path file = dir.resolve(fileName(basePosition));
        mapped.put(0, header(basePosition, baseRecordNumber, segmentLength, createdMs), 0, HEADER_LENGTH);
        mapped.force(0, HEADER_LENGTH);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        if (forceDirectory)
        {
            forceDirectory(dir);
        }
        return new Segment(file, new SegmentHeader(basePosition, baseRecordNumber, segmentLength, createdMs), mapped);
    }

    private static ByteBuffer header(
        final long basePosition, final long baseRecordNumber, final int segmentLength, final long createdMs)
    {
        final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(BYTE_ORDER);
        header.putLong(MAGIC_OFFSET, MAGIC)
            .putInt(VERSION_OFFSET, VERSION)
            .putInt(SEGMENT_LENGTH_OFFSET, segmentLength)
            .putLong(BASE_POSITION_OFFSET, basePosition)
            .putLong(BASE_RECORD_NUMBER_OFFSET, baseRecordNumber)
            .putLong(CREATED_MS_OFFSET, createdMs);
        header.putInt(HEADER_CHECKSUM_OFFSET, headerChecksum(header));
        return header;
    }

    /**
     * Maps an existing segment after checking its header and size.
     *
     * @throws NoSuchFileException  when the file is not there (deleted by retention, or not yet made).
     * @throws CorruptLogException when the header or the size is wrong.
     */
    static Segment open(final Path file, final boolean readOnly) throws IOException
    {
        try (FileChannel channel = readOnly ?
            FileChannel.open(file, StandardOpenOption.READ) :
            FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final SegmentHeader header = SegmentHeader.read(file, channel);
            final long size = channel.size();
            if (size != header.segmentLength)
            {
                throw new CorruptLogException(file, header.basePosition, "segment file is " + size +
                    " bytes where its header says " + header.segmentLength + " (truncated or extended)");
            }
            final MappedByteBuffer mapped = channel.map(
                readOnly ? FileChannel.MapMode.READ_ONLY : FileChannel.MapMode.READ_WRITE, 0, header.segmentLength);
            return new Segment(file, header, mapped);
        }
    }

    /**
     * @return a view of the mapping for {@link #checksum(CRC32C, ByteBuffer, int, int)}, for one thread only.
     */
    ByteBuffer newChecksumView()
    {
        // read-only for appender and readers alike: one ByteBuffer class at CRC32C.update's call site keeps it
        // monomorphic (inlined) on the hot path
        return mapped.asReadOnlyBuffer();
    }

    /**
     * @return CRC32C of the record's timestamp and payload, computed in place.
     */
    int checksum(final CRC32C crc, final int frameOffset, final int frameLength)
    {
        return checksum(crc, checksumView, frameOffset, frameLength);
    }

    /**
     * @param view a {@link #newChecksumView()} of the mapping, owned by the calling thread.
     * @return CRC32C of the record's timestamp and payload, computed in place.
     */
    static int checksum(final CRC32C crc, final ByteBuffer view, final int frameOffset, final int frameLength)
    {
        view.limit(frameOffset + frameLength).position(frameOffset + RecordDescriptor.TIMESTAMP_OFFSET);
        crc.reset();
        crc.update(view);
        return (int)crc.getValue();
    }

    /**
     * Checks the frame at {@code offset} without trusting anything read from disk.
     *
     * @return the aligned length of a whole, valid record; {@link #END} where nothing is written yet;
     * {@link #PADDING} for valid padding to the end; or {@link #BAD_LENGTH} / {@link #BAD_CHECKSUM}.
     */
    int checkFrame(final CRC32C crc, final int offset)
    {
        if (offset >= segmentLength)
        {
            return END;
        }
        final int frameLength = buffer.getIntVolatile(offset + RecordDescriptor.LENGTH_OFFSET);
        if (frameLength == 0)
        {
            return END;
        }
        if (frameLength < 0)
        {
            return offset - (long)frameLength == segmentLength ? PADDING : BAD_LENGTH;
        }
        if (frameLength < RecordDescriptor.HEADER_LENGTH || frameLength > segmentLength - offset)
        {
            return BAD_LENGTH;
        }
        final int aligned = RecordDescriptor.alignedFrameLength(frameLength - RecordDescriptor.HEADER_LENGTH);
        if (aligned > segmentLength - offset)
        {
            return BAD_LENGTH;
        }
        if (checksum(crc, offset, frameLength) != buffer.getInt(offset + RecordDescriptor.CHECKSUM_OFFSET))
        {
            return BAD_CHECKSUM;
        }
        return aligned;
    }

    /** Pages are at least this large on every platform the log runs on: one touch per page is enough. */
    private static final int PAGE_TOUCH_STRIDE = 4096;
    /** A step of {@link #prepare}: 64 KiB, some tens of microseconds of page-cache work. */
    static final int PREPARE_STEP_BYTES = 64 * 1024;

    static final int END = 0;
    static final int PADDING = -1;
    static final int BAD_LENGTH = -2;
    static final int BAD_CHECKSUM = -3;
    /** Reported by readers: nothing is written where the log's published record count says a record is. */
    static final int HOLE = -4;

    static String describe(final int frameCheck)
    {
        switch (frameCheck)
        {
            case BAD_LENGTH: return "frame length out of range";
            case BAD_CHECKSUM: return "checksum mismatch";
            case HOLE: return "no record here, yet the log has published records after it (zeroed bytes)";
            case PADDING: return "padding";
            default: return "end of data";
        }
    }

    /**
     * @return true when a valid record starts at some aligned offset at or after {@code from}: the
     * test that tells a torn tail (nothing valid after it) from corruption in the middle.
     */
    boolean anyValidFrameFrom(final CRC32C crc, final int from)
    {
        for (int offset = from; offset + RecordDescriptor.HEADER_LENGTH <= segmentLength;
            offset += RecordDescriptor.ALIGNMENT)
        {
            if (buffer.getInt(offset) > 0 && checkFrame(crc, offset) > 0)
            {
                return true;
            }
        }
        return false;
    }

    void force(final int offset, final int length)
    {
        if (length > 0)
        {
            mapped.force(offset, length);
        }
    }

    public void close()
    {
        IoUtil.unmap(mapped);
    }

    static void forceDirectory(final Path dir) throws IOException
    {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ex)
        {
            // some file systems refuse to open a directory for force; the rename is still ordered after the data
        }
    }

    static int headerChecksum(final ByteBuffer header)
    {
        final CRC32C crc = new CRC32C();
        crc.update(header.duplicate().position(0).limit(HEADER_CHECKSUM_OFFSET));
        return (int)crc.getValue();
    }

    private static void writeZeros(final FileChannel channel, final long from, final long to) throws IOException
    {
        for (long at = from; at < to; at += ZEROS.capacity())
        {
            writeFully(channel, ZEROS.duplicate().limit((int)Math.min(ZEROS.capacity(), to - at)), at);
        }
    }

    private static void writeFully(final FileChannel channel, final ByteBuffer src, final long position)
        throws IOException
    {
        long at = position;
        while (src.hasRemaining())
        {
            at += channel.write(src, at);
        }
    }

    /**
     * The fixed fields of a segment header, read with a positional read and checked.
     */
    static final class SegmentHeader
    {
        final long basePosition;
        final long baseRecordNumber;
        final int segmentLength;
        final long createdMs;

        private SegmentHeader(
            final long basePosition, final long baseRecordNumber, final int segmentLength, final long createdMs)
        {
            this.basePosition = basePosition;
            this.baseRecordNumber = baseRecordNumber;
            this.segmentLength = segmentLength;
            this.createdMs = createdMs;
        }

        static SegmentHeader read(final Path file) throws IOException
        {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
            {
                return read(file, channel);
            }
        }

        static SegmentHeader read(final Path file, final FileChannel channel) throws IOException
        {
            final long named = parseBasePosition(file.getFileName().toString());
            final long reportAt = Math.max(named, 0);
            final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(BYTE_ORDER);
            while (header.hasRemaining())
            {
                if (channel.read(header, header.position()) < 0)
                {
                    throw new CorruptLogException(file, reportAt, "segment file is " + channel.size() +
                        " bytes, shorter than its " + HEADER_LENGTH + "-byte header");
                }
            }
            if (header.getLong(MAGIC_OFFSET) != MAGIC)
            {
                throw new CorruptLogException(file, reportAt, "not a Sluice segment (wrong magic)");
            }
            final int version = header.getInt(VERSION_OFFSET);
            if (version != VERSION)
            {
                throw new CorruptLogException(file, reportAt, "segment format version " + version +
                    " is not the supported version " + VERSION + " (written by another Sluice release?)");
            }
            if (header.getInt(HEADER_CHECKSUM_OFFSET) != headerChecksum(header))
            {
                throw new CorruptLogException(file, reportAt, "segment header checksum mismatch");
            }
            final int segmentLength = header.getInt(SEGMENT_LENGTH_OFFSET);
            final long basePosition = header.getLong(BASE_POSITION_OFFSET);
            final long baseRecordNumber = header.getLong(BASE_RECORD_NUMBER_OFFSET);
            if (segmentLength < MIN_SEGMENT_LENGTH || segmentLength > MAX_SEGMENT_LENGTH ||
                Integer.bitCount(segmentLength) != 1)
            {
                throw new CorruptLogException(file, reportAt, "segment length " + segmentLength + " in header");
            }
            if (basePosition != named || basePosition % segmentLength != 0 || baseRecordNumber < 0)
            {
                throw new CorruptLogException(file, reportAt, "header base position " + basePosition +
                    " or record number " + baseRecordNumber + " does not match the file name");
            }
            return new SegmentHeader(basePosition, baseRecordNumber, segmentLength, header.getLong(CREATED_MS_OFFSET));
        }
    }
}

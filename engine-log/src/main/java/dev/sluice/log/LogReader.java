package dev.sluice.log;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.zip.CRC32C;

/**
 * Reads records in order from a position, following the appender as it writes. Each reader maps its
 * own segments, so readers never share mappings with one another or with the appender.
 *
 * <p>Not thread-safe: one thread polls a reader; make one reader per thread. A record is handed to the
 * handler only after its bounds and checksum are checked; a corrupt record stops the reader with a
 * {@link CorruptLogException} (again on every poll, never skipped).
 */
public final class LogReader implements AutoCloseable
{
    private final Log log;
    private final String name;
    private final CRC32C crc = new CRC32C();
    private final int segmentLength;

    private Segment segment;
    private long segmentBase;
    private int offset;
    private long recordNumber;
    private boolean closed;

    LogReader(final Log log, final String name, final long segmentBase, final int offset, final long recordNumber)
    {
        this.log = log;
        this.name = name;
        this.segmentLength = log.segmentLength();
        this.segmentBase = segmentBase;
        this.offset = offset;
        this.recordNumber = recordNumber;
    }

    /**
     * Hands up to {@code limit} records, newest last, to {@code handler}. The reader's position moves past a
     * record before the handler sees it, so a handler that throws does not see that record again.
     *
     * @return the number of records handed over; zero when nothing new is there.
     * @throws CorruptLogException     at a corrupt record (nothing past it is read).
     * @throws LogTruncatedException  when retention deleted records this reader had not read.
     */
    public int poll(final RecordHandler handler, final int limit)
    {
        return read(handler, limit, Long.MAX_VALUE);
    }

    /**
     * Like {@link #poll(RecordHandler, int)}, but hands over only records that start before
     * {@code endPosition}: a bounded range read in steps, never past its end.
     *
     * @return the number of records handed over; zero at {@code endPosition} or when nothing new is there.
     */
    public int poll(final RecordHandler handler, final int limit, final long endPosition)
    {
        return read(handler, limit, endPosition);
    }

    /**
     * @return position of the next record this reader will hand over.
     */
    public long position()
    {
        return offset >= segmentLength ?
            segmentBase + segmentLength + SegmentDescriptor.HEADER_LENGTH : segmentBase + offset;
    }

    /**
     * @return record number of the next record this reader will hand over (records handed over since the
     * log began).
     */
    public long recordNumber()
    {
        return recordNumber;
    }

    /**
     * @return records appended but not yet read by this reader.
     */
    public long lagRecords()
    {
        return Math.max(0, log.recordCount() - recordNumber);
    }

    public void close()
    {
        if (!closed)
        {
            closed = true;
            if (segment != null)
            {
                segment.close();
                segment = null;
            }
        }
    }

    int read(final RecordHandler handler, final int limit, final long endPosition)
    {
        if (closed)
        {
            throw new IllegalStateException(name + " is closed");
        }
        if (segment == null && !tryMapSegment())
        {
            return 0;
        }
        int count = 0;
        while (count < limit)
        {
            final int offset = this.offset;
            if (segmentBase + offset >= endPosition)
            {
                break;
            }
            if (offset >= segmentLength)
            {
                if (!tryNextSegment())
                {
                    break;
                }
                continue;
            }
            final UnsafeBuffer buffer = segment.buffer;
            final int frameLength = buffer.getIntVolatile(offset);
            if (frameLength == 0)
            {
                // the record count is published after the length: nothing here, yet more records, is a hole
                if (recordNumber < log.publishedRecordCount() && buffer.getIntVolatile(offset) == 0)
                {
                    throw corrupt(Segment.HOLE);
                }
                break;
            }
            if (frameLength < 0)
            {
                if (offset - (long)frameLength != segmentLength)
                {
                    throw corrupt(Segment.BAD_LENGTH);
                }
                this.offset = segmentLength;
                continue;
            }
            if (frameLength < RecordDescriptor.HEADER_LENGTH || frameLength > segmentLength - offset)
            {
                throw corrupt(Segment.BAD_LENGTH);
            }
            if (segment.checksum(crc, offset, frameLength) != buffer.getInt(offset + RecordDescriptor.CHECKSUM_OFFSET))
            {
                throw corrupt(Segment.BAD_CHECKSUM);
            }
            // move past the record before the handler runs: progress survives a throwing handler
            this.offset = offset + RecordDescriptor.alignedFrameLength(frameLength - RecordDescriptor.HEADER_LENGTH);
            recordNumber++;
            count++;
            handler.onRecord(
                buffer, offset + RecordDescriptor.HEADER_LENGTH, frameLength - RecordDescriptor.HEADER_LENGTH,
                segmentBase + offset);
        }
        return count;
    }

    private CorruptLogException corrupt(final int check)
    {
        return new CorruptLogException(segment.file, segmentBase + offset, Segment.describe(check));
    }

    private boolean tryMapSegment()
    {
        final Segment mapped = log.mapForReading(segmentBase, name, recordNumber);
        if (mapped == null)
        {
            return false;
        }
        segment = mapped;
        return true;
    }

    private boolean tryNextSegment()
    {
        final long nextBase = segmentBase + segmentLength;
        final Segment next = log.mapForReading(nextBase, name, recordNumber);
        if (next == null)
        {
            return false;
        }
        if (next.baseRecordNumber != recordNumber)
        {
            // the segment just read ended early (a forged padding or a zeroed run): records are missing
            next.close();
            throw new CorruptLogException(next.file, nextBase, "segment starts at record number " +
                next.baseRecordNumber + " but the segments before it hold " + recordNumber + " records");
        }
        segment.close();
        segment = next;
        segmentBase = nextBase;
        offset = SegmentDescriptor.HEADER_LENGTH;
        return true;
    }

    static boolean isMissing(final IOException ex)
    {
        return ex instanceof NoSuchFileException;
    }
}

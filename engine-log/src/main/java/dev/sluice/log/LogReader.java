package dev.sluice.log;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.zip.CRC32C;

/**
 * Reads records in order from a position, following the appender as it writes. Readers of one {@link Log}
 * share its read-only segment mappings ({@link SharedSegments}): a reader holds the mapping of the segment it
 * is in, from entering the segment to leaving it or closing, so the mapping cannot go from under it.
 *
 * <p>Not thread-safe: one thread polls a reader; make one reader per thread. A record is handed to the
 * handler only after its bounds are checked, and its checksum unless some reader of this log already checked
 * it ({@link ChecksumVerification#FIRST_READ}); a corrupt record stops the reader with a
 * {@link CorruptLogException} (again on every poll, never skipped).
 */
public final class LogReader implements AutoCloseable
{
    /** Bytes past a record's start that the read loop loads early: past a 200-byte record, into the next. */
    private static final int LOOK_AHEAD = 256;

    private final Log log;
    private final String name;
    private final CRC32C crc = new CRC32C();
    private final int segmentLength;
    private final boolean verifyEveryRead;
    /** This reader's own view of the shared mapping: what a handler does to it touches no other reader. */
    private final UnsafeBuffer buffer = new UnsafeBuffer();

    private SharedSegments.Entry entry;
    private Segment segment;
    /** This reader's own view for checksums: their position and limit must not be shared between threads. */
    private ByteBuffer checksumView;
    private long segmentBase;
    private int offset;
    /**
     * Frames below this offset were checked by some reader: taken from the segment's shared mark, raised as
     * this reader checks the frame at it, published back at the end of a read. Stays 0 with
     * {@link ChecksumVerification#EVERY_READ}, so every frame is checked.
     */
    private int trustedTo;
    private long recordNumber;
    /** True once this reader read the padding that seals its segment: the next segment must then exist. */
    private boolean sealed;
    private boolean reading;
    /** Sum of the look-ahead loads, kept so that the JIT cannot drop them; its value means nothing. */
    private int lookedAhead;
    private boolean closed;

    LogReader(final Log log, final String name, final long segmentBase, final int offset, final long recordNumber)
    {
        this.log = log;
        this.name = name;
        this.segmentLength = log.segmentLength();
        this.verifyEveryRead = log.config().checksumVerification() == ChecksumVerification.EVERY_READ;
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

    /**
     * Releases the segment this reader holds. Called from a handler, it takes effect when the read returns.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            if (!reading)
            {
                leaveSegment();
            }
        }
    }

    int read(final RecordHandler handler, final int limit, final long endPosition)
    {
        if (closed)
        {
            throw new IllegalStateException(name + " is closed");
        }
        if (reading)
        {
            // the outer read's view of the segment and its trusted offset would go stale under it
            throw new IllegalStateException(name + " is polled from its own handler; poll it after the handler" +
                " returns, or open a second reader");
        }
        if (entry == null && !tryEnterFirstSegment())
        {
            return 0;
        }
        reading = true;
        int trustedTo = verifyEveryRead ? 0 : Math.max(this.trustedTo, entry.verifiedToAcquire());
        int lookedAhead = 0;
        int count = 0;
        try
        {
            while (count < limit)
            {
                final int offset = this.offset;
                if (segmentBase + offset >= endPosition)
                {
                    break;
                }
                if (offset >= segmentLength)
                {
                    this.trustedTo = trustedTo;
                    if (!tryNextSegment())
                    {
                        break;
                    }
                    trustedTo = this.trustedTo;
                    continue;
                }
                final UnsafeBuffer buffer = this.buffer;
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
                    sealed = true;
                    continue;
                }
                // checked on every read, trusted or not: no length from disk drives a read out of the mapping
                if (frameLength < RecordDescriptor.HEADER_LENGTH || frameLength > segmentLength - offset)
                {
                    throw corrupt(Segment.BAD_LENGTH);
                }
                // a load a little ahead, whose address does not wait for this record's length: the next record's
                // header is on its way while this one is handled (each record's offset depends on the length
                // before it, so without it a scan of large records waits out a cache miss per record)
                lookedAhead += buffer.getByte(Math.min(offset + LOOK_AHEAD, segmentLength - 1));
                final int nextOffset =
                    offset + RecordDescriptor.alignedFrameLength(frameLength - RecordDescriptor.HEADER_LENGTH);
                if (offset >= trustedTo &&
                    (verifyEveryRead || offset >= (trustedTo = Math.max(trustedTo, entry.verifiedToAcquire()))))
                {
                    // not trusted, even after a look at what the log's verifier (SegmentVerifier) checked meanwhile
                    if (Segment.checksum(crc, checksumView, offset, frameLength) !=
                        buffer.getInt(offset + RecordDescriptor.CHECKSUM_OFFSET))
                    {
                        throw corrupt(Segment.BAD_CHECKSUM);
                    }
                    if (offset == trustedTo)
                    {
                        // only a contiguous run of checked frames extends the mark: it never spans an unchecked one
                        trustedTo = nextOffset;
                    }
                }
                // move past the record before the handler runs: progress survives a throwing handler
                this.offset = nextOffset;
                recordNumber++;
                count++;
                handler.onRecord(
                    buffer, offset + RecordDescriptor.HEADER_LENGTH, frameLength - RecordDescriptor.HEADER_LENGTH,
                    segmentBase + offset);
            }
        }
        finally
        {
            reading = false;
            this.trustedTo = trustedTo;
            this.lookedAhead += lookedAhead;
            if (closed)
            {
                leaveSegment();
            }
            else if (entry != null)
            {
                entry.raiseVerifiedToRelease(trustedTo);
            }
        }
        return count;
    }

    /**
     * @return the offset below which this reader trusts frames in its segment; for tests.
     */
    int trustedTo()
    {
        return trustedTo;
    }

    private CorruptLogException corrupt(final int check)
    {
        return new CorruptLogException(segment.file, segmentBase + offset, Segment.describe(check));
    }

    private boolean tryEnterFirstSegment()
    {
        final SharedSegments.Entry first = log.acquireForReading(segmentBase, name, recordNumber);
        if (first == null)
        {
            return false;
        }
        enter(first);
        return true;
    }

    private boolean tryNextSegment()
    {
        final long nextBase = segmentBase + segmentLength;
        final SharedSegments.Entry next = log.acquireForReading(nextBase, name, recordNumber);
        if (next == null)
        {
            if (sealed)
            {
                // the writer makes the next segment before it seals one: a sealed segment with none after it lost it
                throw new CorruptLogException(log.directory().resolve(SegmentDescriptor.fileName(nextBase)), nextBase,
                    "segment file is missing, yet the segment before it is sealed, so the log went on into it: the" +
                    " records from record " + recordNumber + " on are lost", CorruptLogException.LOST_SEGMENT);
            }
            return false;
        }
        final Segment nextSegment = next.segment();
        if (nextSegment.baseRecordNumber != recordNumber)
        {
            // the segment just read ended early (a forged padding or a zeroed run): records are missing
            log.releaseForReading(next);
            throw new CorruptLogException(nextSegment.file, nextBase, "segment starts at record number " +
                nextSegment.baseRecordNumber + " but the segments before it hold " + recordNumber + " records");
        }
        leaveSegment();
        enter(next);
        segmentBase = nextBase;
        offset = SegmentDescriptor.HEADER_LENGTH;
        return true;
    }

    /**
     * Makes this reader's views of a segment it holds, and takes what the segment's mark already trusts.
     */
    private void enter(final SharedSegments.Entry held)
    {
        entry = held;
        segment = held.segment();
        sealed = false;
        buffer.wrap(segment.mapped, 0, segmentLength);
        checksumView = segment.newChecksumView();
        trustedTo = verifyEveryRead ? 0 : held.verifiedToAcquire();
        if (!verifyEveryRead && trustedTo < segmentLength)
        {
            log.verifyAhead(held.base);
        }
    }

    /**
     * Publishes what this reader checked in its segment and drops its hold on it: the mapping may go after this.
     */
    private void leaveSegment()
    {
        final SharedSegments.Entry held = entry;
        if (held != null)
        {
            held.raiseVerifiedToRelease(trustedTo);
            entry = null;
            segment = null;
            checksumView = null;
            buffer.wrap(0, 0);
            log.releaseForReading(held);
        }
    }

    static boolean isMissing(final IOException ex)
    {
        return ex instanceof NoSuchFileException;
    }
}

package dev.sluice.log;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The single writer of a {@link Log}. Not thread-safe: one thread appends. Readers in any thread or
 * process see a record once its length word is published, which happens last, with release
 * ordering, after the payload, timestamp and checksum.
 *
 * <p>Back pressure and closing are return values, never exceptions: {@link #append} and
 * {@link #tryClaim} return the record's position, or {@link #BACK_PRESSURED} when the next segment
 * could not be made (a full disk: free space and call again; nothing was written), or
 * {@link #CLOSED}.
 */
public final class LogAppender
{
    /** The next segment could not be created (e.g. no space left); nothing was written, try again later. */
    public static final long BACK_PRESSURED = -1;
    /** The log is closed. */
    public static final long CLOSED = -2;

    private static final VarHandle TAIL_POSITION;
    private static final VarHandle TAIL_RECORDS;
    private static final VarHandle ACTIVE_BASE;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL_POSITION = lookup.findVarHandle(LogAppender.class, "tailPosition", long.class);
            TAIL_RECORDS = lookup.findVarHandle(LogAppender.class, "tailRecords", long.class);
            ACTIVE_BASE = lookup.findVarHandle(LogAppender.class, "activeBase", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Log log;
    private final int maxRecordLength;
    private final Durability durability;
    private final int fsyncEveryRecords;
    private final long fsyncIntervalNs;
    private final EpochNanoClock clock;
    private final CRC32C crc = new CRC32C();
    private final List<java.nio.file.Path> unforcedSegments = new ArrayList<>();

    private Segment segment;
    private UnsafeBuffer buffer;
    private int segmentLength;
    private int tailOffset;
    private long recordCount;
    private long lastTimestampNs;
    private int forcedOffset;
    private int recordsSinceForce;
    private long lastForceNs;
    private boolean claimPending;
    private boolean closed;
    private LogException rollFailure;

    // read by other threads through tailPosition() and recordCount(); written with release ordering
    @SuppressWarnings("unused")
    private volatile long tailPosition;
    @SuppressWarnings("unused")
    private volatile long tailRecords;
    @SuppressWarnings("unused")
    private volatile long activeBase;

    LogAppender(final Log log, final LogConfig config, final Segment segment, final int tailOffset,
        final long recordCount, final long lastTimestampNs)
    {
        this.log = log;
        this.maxRecordLength = config.maxRecordLength();
        this.durability = config.durability();
        this.fsyncEveryRecords = config.fsyncEveryRecords();
        this.fsyncIntervalNs = config.fsyncIntervalMs() >= Long.MAX_VALUE / 1_000_000 ?
            Long.MAX_VALUE : config.fsyncIntervalMs() * 1_000_000;
        this.clock = config.clock();
        this.recordCount = recordCount;
        this.lastTimestampNs = lastTimestampNs;
        this.lastForceNs = clock.nanoTime();
        useSegment(segment, tailOffset);
        publishTail();
    }

    /**
     * Copies a payload into the log and publishes it.
     *
     * @param src    the payload's buffer.
     * @param offset where the payload starts in {@code src}.
     * @param length payload bytes, from 0 to {@link LogConfig#maxRecordLength()}.
     * @return the record's position, or {@link #BACK_PRESSURED} or {@link #CLOSED}.
     * @throws IllegalArgumentException when {@code length} is negative or over the maximum.
     */
    public long append(final DirectBuffer src, final int offset, final int length)
    {
        final int frameOffset = reserve(length);
        if (frameOffset < 0)
        {
            return frameOffset;
        }
        try
        {
            buffer.putBytes(frameOffset + RecordDescriptor.HEADER_LENGTH, src, offset, length);
        }
        catch (final RuntimeException ex)
        {
            // src is shorter than offset + length: give the room back, or the log would have a hole here
            abortClaim(frameOffset, length);
            throw ex;
        }
        return publish(frameOffset, length);
    }

    /**
     * Claims room for a payload of {@code length} bytes, to be written in place and then
     * {@link LogClaim#commit() committed} or {@link LogClaim#abort() aborted}. Until then the log
     * accepts no other append.
     *
     * @return the position the record will have, or {@link #BACK_PRESSURED} or {@link #CLOSED}.
     */
    public long tryClaim(final int length, final LogClaim claim)
    {
        final int frameOffset = reserve(length);
        if (frameOffset < 0)
        {
            return frameOffset;
        }
        claimPending = true;
        claim.wrap(this, buffer, frameOffset, length);
        return segment.basePosition + frameOffset;
    }

    void commitClaim(final int frameOffset, final int length)
    {
        claimPending = false;
        if (!closed)
        {
            publish(frameOffset, length);
        }
    }

    void abortClaim(final int frameOffset, final int length)
    {
        claimPending = false;
        if (!closed)
        {
            // the bytes after the tail must read as zero: a reader takes a non-zero length as a record
            buffer.setMemory(frameOffset, RecordDescriptor.alignedFrameLength(length), (byte)0);
            // the claim was the last reservation (no append is accepted while it is pending)
            tailOffset = frameOffset;
            // a flush during the claim may have counted the claimed room as forced
            forcedOffset = Math.min(forcedOffset, frameOffset);
        }
    }

    /**
     * @return the position the next record will have (or the end of a full segment).
     */
    public long position()
    {
        return tailOffset >= segmentLength ?
            segment.basePosition + segmentLength + SegmentDescriptor.HEADER_LENGTH : segment.basePosition + tailOffset;
    }

    /**
     * @return records in the log, including those before retention deleted them.
     */
    public long recordCount()
    {
        return recordCount;
    }

    /**
     * Forces everything appended so far to the device.
     */
    public void flush()
    {
        if (closed)
        {
            return;
        }
        try
        {
            for (final java.nio.file.Path path : unforcedSegments)
            {
                Log.forceFile(path);
            }
            if (!unforcedSegments.isEmpty())
            {
                // the names of segments made since the last flush (a preparer may not have forced them yet)
                Segment.forceDirectory(segment.file.getParent());
            }
            unforcedSegments.clear();
        }
        catch (final IOException ex)
        {
            throw new LogException("flush of " + unforcedSegments + " failed: " + ex.getMessage(), ex);
        }
        segment.force(forcedOffset, tailOffset - forcedOffset);
        forcedOffset = tailOffset;
        recordsSinceForce = 0;
        lastForceNs = clock.nanoTime();
    }

    /**
     * @return position up to which appended records have been forced to the device: what the durability
     * policy has made of the appends so far. Appender thread only.
     */
    long forcedPosition()
    {
        return segment.basePosition + forcedOffset;
    }

    /**
     * Why appends are {@link #BACK_PRESSURED}: the failure of the last attempt to start a segment (e.g. "no space
     * left on DIR: N bytes needed ..."), or null once a segment was started after it. Nothing acknowledged is lost
     * either way; a caller that cannot wait for space throws it. Appender thread only.
     */
    public LogException rollFailure()
    {
        return rollFailure;
    }

    long tailPositionAcquire()
    {
        return (long)TAIL_POSITION.getAcquire(this);
    }

    long activeBaseAcquire()
    {
        return (long)ACTIVE_BASE.getAcquire(this);
    }

    long tailRecordsAcquire()
    {
        return (long)TAIL_RECORDS.getAcquire(this);
    }

    void close()
    {
        if (!closed)
        {
            if (durability != Durability.PAGE_CACHE)
            {
                flush();
            }
            closed = true;
            segment.close();
        }
    }

    private int reserve(final int length)
    {
        if (closed)
        {
            return (int)CLOSED;
        }
        if (claimPending)
        {
            throw new IllegalStateException("a claim is pending: commit or abort it before appending again");
        }
        if (length < 0 || length > maxRecordLength)
        {
            throw new IllegalArgumentException("record length " + length + " is outside 0.." + maxRecordLength +
                " at position " + position() + "; raise LogConfig.maxRecordLength or split the record");
        }
        final int aligned = RecordDescriptor.alignedFrameLength(length);
        // never fill a segment to its last byte: the padding that seals it must fit (see maxRecordLengthFor)
        if (aligned >= segmentLength - tailOffset && !tryRoll())
        {
            return (int)BACK_PRESSURED;
        }
        final int frameOffset = tailOffset;
        tailOffset += aligned;
        return frameOffset;
    }

    private long publish(final int frameOffset, final int length)
    {
        long timestampNs = clock.nanoTime();
        if (timestampNs < lastTimestampNs)
        {
            // keep timestamps non-decreasing so replay from a timestamp can binary-search
            timestampNs = lastTimestampNs;
        }
        lastTimestampNs = timestampNs;
        final int frameLength = RecordDescriptor.HEADER_LENGTH + length;
        buffer.putLong(frameOffset + RecordDescriptor.TIMESTAMP_OFFSET, timestampNs);
        buffer.putInt(frameOffset + RecordDescriptor.CHECKSUM_OFFSET, segment.checksum(crc, frameOffset, frameLength));
        // publish the length last: readers treat a zero length as 'not yet written'
        buffer.putIntOrdered(frameOffset + RecordDescriptor.LENGTH_OFFSET, frameLength);
        recordCount++;
        publishTail();
        if (durability != Durability.PAGE_CACHE)
        {
            forceIfDue(timestampNs);
        }
        return segment.basePosition + frameOffset;
    }

    private void forceIfDue(final long nowNs)
    {
        if (durability == Durability.FSYNC_EACH_APPEND ||
            ++recordsSinceForce >= fsyncEveryRecords || nowNs - lastForceNs >= fsyncIntervalNs)
        {
            segment.force(forcedOffset, tailOffset - forcedOffset);
            forcedOffset = tailOffset;
            recordsSinceForce = 0;
            lastForceNs = nowNs;
        }
    }

    private void publishTail()
    {
        // the count goes last: whoever sees a record counted also sees its segment and a tail past it
        ACTIVE_BASE.setRelease(this, segment.basePosition);
        // a full segment's tail is where the next segment's first record will be
        TAIL_POSITION.setRelease(this, tailOffset >= segmentLength ?
            segment.basePosition + segmentLength + SegmentDescriptor.HEADER_LENGTH : segment.basePosition + tailOffset);
        TAIL_RECORDS.setRelease(this, recordCount);
    }

    /**
     * Seals the full segment with padding and moves to a new one, made whole before the padding is
     * published so that a reader that sees the padding always finds the next segment.
     */
    private boolean tryRoll()
    {
        final Segment next;
        try
        {
            next = log.createSegment(segment.basePosition + segmentLength, recordCount);
        }
        catch (final IOException ex)
        {
            rollFailure = log.rollFailure(segment.basePosition + segmentLength, ex);
            return false;
        }
        rollFailure = null;
        final int remaining = segmentLength - tailOffset;
        if (remaining > 0)
        {
            buffer.putIntOrdered(tailOffset, -remaining);
        }
        if (durability != Durability.PAGE_CACHE)
        {
            segment.force(forcedOffset, segmentLength - forcedOffset);
        }
        else
        {
            unforcedSegments.add(segment.file);
        }
        segment.close();
        useSegment(next, SegmentDescriptor.HEADER_LENGTH);
        publishTail();
        log.onRolled(segment.basePosition);
        return true;
    }

    private void useSegment(final Segment segment, final int tailOffset)
    {
        this.segment = segment;
        this.buffer = segment.buffer;
        this.segmentLength = segment.segmentLength;
        this.tailOffset = tailOffset;
        this.forcedOffset = tailOffset;
    }
}

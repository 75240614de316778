package dev.sluice.log;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;

/**
 * A daemon thread of one {@link Log} that checks the CRC32C of the segments just ahead of its readers and raises
 * their shared verified marks ({@link SharedSegments.Entry}), so that a first scan finds the records trusted and
 * the pages of the shared mapping already faulted in: on a cold scan of orders, about half of the reading thread's
 * time went to those checks and faults.
 *
 * <p>Only a helper: it never reports anything. At a frame it cannot vouch for (a bad length or checksum) it stops
 * raising that segment's mark, so the reader reaches the frame unchecked, checks it itself and reports it. A
 * segment it cannot map (not made yet, deleted, missing) it leaves to the reader. Like the reader, it raises a mark
 * only over a contiguous run of checked frames from the segment's start, so a mark never covers an unchecked one.
 *
 * <p>Threading: {@link #verifyAhead} is called by reader threads when they enter a segment; the thread reads only
 * between its acquire and release of a segment's mapping (so the mapping cannot go from under it) and
 * {@link #close} stops it and waits for it.
 */
final class SegmentVerifier implements Runnable
{
    /** Segments checked ahead of a reader's, its own included: enough to stay ahead, few enough to stay mapped. */
    static final int SEGMENTS_AHEAD = 3;
    /** Bytes checked between two raises of the mark, so that a reader close behind trusts as it goes. */
    private static final int RAISE_EVERY_BYTES = 1 << 18;

    private final Log log;
    private final int segmentLength;
    private final CRC32C crc = new CRC32C();
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private final Thread thread;
    /** Segments with a base below this were asked for; set by readers, under this object's monitor. */
    private long requestedEnd;
    /** Base of the next segment to check; under this object's monitor. */
    private long nextBase = -1;
    private volatile boolean closed;

    SegmentVerifier(final Log log)
    {
        this.log = log;
        this.segmentLength = log.segmentLength();
        thread = new Thread(this, "sluice-log-verifier-" + log.directory().getFileName());
        thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
    }

    /**
     * Asks for the segments from {@code readerBase} to {@link #SEGMENTS_AHEAD} on to be checked. Cheap: a reader
     * calls it as it enters a segment.
     */
    void verifyAhead(final long readerBase)
    {
        synchronized (this)
        {
            // from the reader's segment on, every time: a segment skipped before (not made yet) is looked at again,
            // and one already checked costs a look at the frame at its mark
            nextBase = readerBase;
            requestedEnd = readerBase + (long)SEGMENTS_AHEAD * segmentLength;
        }
        LockSupport.unpark(thread);
    }

    public void run()
    {
        while (!closed)
        {
            final long base;
            synchronized (this)
            {
                base = nextBase >= 0 && nextBase < requestedEnd ? nextBase : -1;
                if (base >= 0)
                {
                    nextBase = base + segmentLength;
                }
            }
            if (base < 0)
            {
                // a request made since the look above left its permit: this returns at once
                LockSupport.park(this);
                continue;
            }
            verify(base);
        }
    }

    /**
     * Checks one segment from its mark on, up to its end, the first frame not written yet, or the first frame
     * that fails a check.
     */
    private void verify(final long base)
    {
        final SharedSegments.Entry entry;
        try
        {
            entry = log.acquireForReading(base, "the log's verifier", Long.MAX_VALUE);
        }
        catch (final RuntimeException ex)
        {
            return; // deleted, missing or unreadable: the reader that gets there reports it
        }
        if (null == entry)
        {
            return; // not made yet
        }
        try
        {
            final Segment segment = entry.segment();
            final ByteBuffer checksumView = segment.newChecksumView();
            final UnsafeBuffer buffer = this.buffer;
            buffer.wrap(segment.mapped, 0, segmentLength);
            int offset = entry.verifiedToAcquire();
            int raisedAt = offset;
            while (offset < segmentLength && !closed)
            {
                final int frameLength = buffer.getIntVolatile(offset);
                if (frameLength <= 0 || frameLength < RecordDescriptor.HEADER_LENGTH ||
                    frameLength > segmentLength - offset)
                {
                    break; // not written yet, padding (the reader passes it at no cost), or for the reader to report
                }
                if (Segment.checksum(crc, checksumView, offset, frameLength) !=
                    buffer.getInt(offset + RecordDescriptor.CHECKSUM_OFFSET))
                {
                    break;
                }
                offset += RecordDescriptor.alignedFrameLength(frameLength - RecordDescriptor.HEADER_LENGTH);
                if (offset - raisedAt >= RAISE_EVERY_BYTES)
                {
                    entry.raiseVerifiedToRelease(offset);
                    raisedAt = offset;
                }
            }
            entry.raiseVerifiedToRelease(Math.min(offset, segmentLength));
        }
        finally
        {
            buffer.wrap(0, 0);
            log.releaseForReading(entry);
        }
    }

    /**
     * Stops the thread and waits for it to let go of the segment it checks.
     */
    void close()
    {
        closed = true;
        LockSupport.unpark(thread);
        BackgroundThread.join(thread);
    }
}

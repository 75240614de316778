package dev.sluice.core.source;

import dev.sluice.core.function.Codec;
import dev.sluice.log.RecordDescriptor;
import dev.sluice.log.RecordHandler;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * An in-memory stand-in for the log, for tests and examples: records framed exactly as in the log
 * ({@link RecordDescriptor}: length, checksum (unused, 0), append timestamp, payload, 8-byte aligned), so the
 * engine reads both the same way. Positions are byte offsets from 0.
 * <p>
 * Not thread-safe: append from the job thread between {@link dev.sluice.core.Job#doWork()} calls (tests do), or
 * use the real log for a concurrent writer.
 */
public final class InMemoryLog
{
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
    private final EpochNanoClock appendClock;
    private long tailPosition;
    private long recordCount;

    public InMemoryLog()
    {
        this(new SystemEpochNanoClock());
    }

    /**
     * @param appendClock gives each record's append timestamp.
     */
    public InMemoryLog(final EpochNanoClock appendClock)
    {
        this.appendClock = appendClock;
    }

    /**
     * @param codec encodes the event.
     * @param event the event.
     * @param <T>   event type.
     * @return the record's position.
     */
    public <T> long append(final Codec<T> codec, final T event)
    {
        final int length = codec.encodedLength(event);
        final int frameOffset = frameOffset(length);
        final int written = codec.encode(event, buffer, frameOffset + RecordDescriptor.HEADER_LENGTH);
        if (written != length)
        {
            throw new IllegalStateException("codec wrote " + written + " bytes but encodedLength said " + length +
                "; make Codec.encodedLength exact");
        }
        return commit(frameOffset, length);
    }

    /**
     * @param payload raw bytes (e.g. a malformed record for tests).
     * @return the record's position.
     */
    public long appendBytes(final byte[] payload)
    {
        final int frameOffset = frameOffset(payload.length);
        buffer.putBytes(frameOffset + RecordDescriptor.HEADER_LENGTH, payload);
        return commit(frameOffset, payload.length);
    }

    private int frameOffset(final int payloadLength)
    {
        final long end = tailPosition + RecordDescriptor.alignedFrameLength(payloadLength);
        if (end > Integer.MAX_VALUE - 16)
        {
            throw new IllegalStateException("in-memory log full at " + tailPosition + " bytes; use the real log");
        }
        buffer.checkLimit((int)end + RecordDescriptor.HEADER_LENGTH);
        return (int)tailPosition;
    }

    private long commit(final int frameOffset, final int payloadLength)
    {
        final int frameLength = RecordDescriptor.HEADER_LENGTH + payloadLength;
        buffer.putInt(frameOffset + RecordDescriptor.CHECKSUM_OFFSET, 0);
        buffer.putLong(frameOffset + RecordDescriptor.TIMESTAMP_OFFSET, appendClock.nanoTime());
        buffer.putInt(frameOffset + RecordDescriptor.LENGTH_OFFSET, frameLength);
        final long position = tailPosition;
        tailPosition += RecordDescriptor.alignedFrameLength(payloadLength);
        recordCount++;
        return position;
    }

    public long tailPosition()
    {
        return tailPosition;
    }

    public long recordCount()
    {
        return recordCount;
    }

    /**
     * @return every record, bounded at the tail when a job opens it.
     */
    public Source all()
    {
        return () -> new Reader(0, 0, -1, true);
    }

    /**
     * @param fromPosition a position handed out by append, or 0.
     * @param toPosition   exclusive end position.
     * @return the bounded range.
     */
    public Source range(final long fromPosition, final long toPosition)
    {
        return () -> new Reader(fromPosition, recordNumberAt(fromPosition), toPosition, false);
    }

    /**
     * @return the records from the start on, following appends (unbounded).
     */
    public Source follow()
    {
        return () -> new Reader(0, 0, Long.MAX_VALUE, false);
    }

    private long recordNumberAt(final long position)
    {
        long p = 0;
        long n = 0;
        while (p < position)
        {
            p += RecordDescriptor.alignedFrameLength(buffer.getInt((int)p) - RecordDescriptor.HEADER_LENGTH);
            n++;
        }
        return n;
    }

    private final class Reader implements SourceReader
    {
        private long position;
        private long recordNumber;
        private long endPosition;

        Reader(final long position, final long recordNumber, final long endPosition, final boolean boundAtOpen)
        {
            this.position = position;
            this.recordNumber = recordNumber;
            this.endPosition = boundAtOpen ? tailPosition : endPosition;
        }

        public int poll(final RecordHandler handler, final int limit)
        {
            final DirectBuffer buffer = InMemoryLog.this.buffer;
            int count = 0;
            while (count < limit && position < tailPosition && position < endPosition)
            {
                final int frameOffset = (int)position;
                final int frameLength = buffer.getInt(frameOffset + RecordDescriptor.LENGTH_OFFSET);
                final long recordPosition = position;
                // advance before the handler runs: a throwing handler must not make us re-read the record
                position += RecordDescriptor.alignedFrameLength(frameLength - RecordDescriptor.HEADER_LENGTH);
                recordNumber++;
                count++;
                handler.onRecord(
                    buffer,
                    frameOffset + RecordDescriptor.HEADER_LENGTH,
                    frameLength - RecordDescriptor.HEADER_LENGTH,
                    recordPosition);
            }
            return count;
        }

        public void boundAtCurrentTail()
        {
            endPosition = Math.min(endPosition, tailPosition);
        }

        public boolean isBounded()
        {
            return endPosition != Long.MAX_VALUE;
        }

        public boolean isEndOfInput()
        {
            return isBounded() && position >= endPosition;
        }

        public long position()
        {
            return position;
        }

        public long lagRecords()
        {
            return recordCount - recordNumber;
        }

        public long lagBytes()
        {
            return Math.min(tailPosition, endPosition) - position;
        }

        public long recordNumber()
        {
            return recordNumber;
        }

        public void seek(final long position, final long recordNumber)
        {
            if (position > tailPosition || recordNumberAt(position) != recordNumber)
            {
                throw new IllegalStateException("position " + position + " (record " + recordNumber + ") is not a" +
                    " record of this in-memory log of " + InMemoryLog.this.recordCount + " records");
            }
            this.position = position;
            this.recordNumber = recordNumber;
        }

        public void close()
        {
        }
    }
}

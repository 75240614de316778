package dev.sluice.bench.log;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;

/**
 * Chronicle Queue's side of the comparison, on its fastest documented raw-bytes path: a binary queue with the
 * builder's defaults, written with {@code appender.writingDocument()} and a copy of a reused direct
 * {@link Bytes} into {@code wire().bytes()}, read with {@code tailer.readingDocument()} and reads straight from
 * {@code wire().bytes()} (no marshalling, no method writers; the path Chronicle's own benchmark mains use).
 *
 * <p>Per record, both drivers do the same work: the writer stamps a sequence into the first 8 payload bytes;
 * the reader adds the first 8 payload bytes and the length to a sum. Chronicle checks no checksum; Sluice
 * checks a CRC32C on every record. Not thread-safe: construct it on the thread that appends.
 *
 * <p>Load this class only in a JVM with the flags in {@link dev.sluice.bench.BenchFlags}.
 */
public final class ChronicleQueueDriver implements LogDriver
{
    private final Path dir;
    private final ChronicleQueue queue;
    private final ExcerptAppender appender;
    private final ExcerptTailer tailer;
    private final Bytes<Void> payload;
    private final long payloadLength;
    private long sequence;
    private long lastScanRecords;

    public ChronicleQueueDriver(final int payloadLength)
    {
        if (payloadLength < Long.BYTES)
        {
            throw new IllegalArgumentException("payloadLength " + payloadLength + " is under " + Long.BYTES +
                " bytes; the benchmark stamps a long into each payload");
        }
        this.payloadLength = payloadLength;
        this.dir = TempDirs.create("chronicle-queue-");
        this.queue = SingleChronicleQueueBuilder.binary(dir).build();
        this.appender = queue.createAppender();
        this.tailer = queue.createTailer();
        this.payload = Bytes.allocateDirect(payloadLength);
        for (int i = 0; i < payloadLength; i++)
        {
            payload.writeByte((byte)('a' + i % 26));
        }
    }

    /**
     * Appends one message.
     */
    public void appendOne()
    {
        payload.writeLong(0L, sequence++);
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(payload, 0L, payloadLength);
        }
    }

    /**
     * Appends one message whose first 8 bytes are {@code stamp} (the one-hop latency's due time).
     */
    void appendStamped(final long stamp)
    {
        payload.writeLong(0L, stamp);
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(payload, 0L, payloadLength);
        }
    }

    /**
     * Appends {@code count} messages.
     */
    public void appendMessages(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            appendOne();
        }
    }

    /**
     * Reads every message from the start of the queue to its end.
     *
     * @return a sum over the messages read, to be consumed so that the reads cannot be optimised away.
     */
    public long scanAll()
    {
        final ExcerptTailer tailer = this.tailer;
        tailer.toStart();
        long sum = 0;
        long records = 0;
        while (true)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                sum += bytes.readLong(bytes.readPosition()) + bytes.readRemaining();
                records++;
            }
        }
        lastScanRecords = records;
        return sum + records;
    }

    /**
     * @return messages read by the last {@link #scanAll()}.
     */
    public long lastScanRecords()
    {
        return lastScanRecords;
    }

    /**
     * @return a reader for the one-hop latency run, positioned at the end; call on the reading thread.
     */
    OneHopLatency.Receiver newReceiver()
    {
        final ExcerptTailer tailer = queue.createTailer().toEnd();
        return new OneHopLatency.Receiver()
        {
            public long pollStamp()
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return OneHopLatency.NOTHING;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    return bytes.readLong(bytes.readPosition());
                }
            }

            public void close()
            {
                tailer.close();
            }
        };
    }

    public Path directory()
    {
        return dir;
    }

    public void close()
    {
        try
        {
            payload.releaseLast();
            queue.close();
        }
        finally
        {
            TempDirs.delete(dir);
        }
    }
}

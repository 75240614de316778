package dev.sluice.bench.log;

import dev.sluice.log.ChecksumVerification;
import dev.sluice.log.Log;
import dev.sluice.log.LogAppender;
import dev.sluice.log.LogConfig;
import dev.sluice.log.LogReader;
import dev.sluice.log.RecordHandler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Sluice's side of the comparison: a log in a scratch directory with the default {@link LogConfig}
 * (64 MiB segments, page-cache durability), appended with {@link LogAppender#append} from a reused direct
 * buffer and read back with {@link Log#scan}. With {@link ChecksumVerification#FIRST_READ} (the default) the
 * first scan checks every record's CRC32C and later scans trust what it checked; with
 * {@link ChecksumVerification#EVERY_READ} every scan checks every record.
 *
 * <p>Per record, both drivers do the same work: the writer stamps a sequence into the first 8 payload bytes;
 * the reader adds the first 8 payload bytes and the length to a sum. Not thread-safe.
 */
public final class SluiceLogDriver implements LogDriver
{
    private final Path dir;
    private final Log log;
    private final LogAppender appender;
    private final UnsafeBuffer payload;
    private final int payloadLength;
    private final SumHandler handler = new SumHandler();
    private long sequence;

    public SluiceLogDriver(final int payloadLength)
    {
        this(payloadLength, LogConfig.defaults());
    }

    /**
     * @param config the log's configuration, e.g. how often scans check a record's CRC32C or whether segments
     *               are prepared ahead.
     */
    public SluiceLogDriver(final int payloadLength, final LogConfig config)
    {
        if (payloadLength < Long.BYTES)
        {
            throw new IllegalArgumentException("payloadLength " + payloadLength + " is under " + Long.BYTES +
                " bytes; the benchmark stamps a long into each payload");
        }
        this.payloadLength = payloadLength;
        this.dir = TempDirs.create("sluice-log-");
        this.log = Log.open(dir, config);
        this.appender = log.appender();
        this.payload = new UnsafeBuffer(ByteBuffer.allocateDirect(payloadLength));
        for (int i = 0; i < payloadLength; i++)
        {
            payload.putByte(i, (byte)('a' + i % 26));
        }
    }

    /**
     * Appends one record.
     *
     * @return its position (negative codes are turned into an exception: a benchmark must not count them).
     */
    public long appendOne()
    {
        payload.putLong(0, sequence++);
        final long position = appender.append(payload, 0, payloadLength);
        if (position < 0)
        {
            throw new IllegalStateException("append returned " + position + " in " + dir);
        }
        return position;
    }

    /**
     * Appends one record whose first 8 bytes are {@code stamp} (the one-hop latency's due time).
     */
    void appendStamped(final long stamp)
    {
        payload.putLong(0, stamp);
        if (appender.append(payload, 0, payloadLength) < 0)
        {
            throw new IllegalStateException("append was refused in " + dir);
        }
    }

    /**
     * @return a reader for the one-hop latency run, positioned at the tail; call on the reading thread.
     */
    OneHopLatency.Receiver newReceiver()
    {
        final LogReader reader = log.openReader(log.tailPosition());
        final StampHandler handler = new StampHandler();
        return new OneHopLatency.Receiver()
        {
            public long pollStamp()
            {
                return reader.poll(handler, 1) == 0 ? OneHopLatency.NOTHING : handler.stamp;
            }

            public void close()
            {
                reader.close();
            }
        };
    }

    /**
     * Appends {@code count} records.
     */
    public void appendMessages(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            appendOne();
        }
    }

    /**
     * Reads every record from the start of the log to its tail.
     *
     * @return a sum over the records read, to be consumed so that the reads cannot be optimised away.
     */
    public long scanAll()
    {
        handler.sum = 0;
        handler.records = 0;
        log.scan(log.startPosition(), log.tailPosition(), handler);
        return handler.sum + handler.records;
    }

    /**
     * @return records read by the last {@link #scanAll()}.
     */
    public long lastScanRecords()
    {
        return handler.records;
    }

    public Log log()
    {
        return log;
    }

    public Path directory()
    {
        return dir;
    }

    public void close()
    {
        try
        {
            log.close();
        }
        finally
        {
            TempDirs.delete(dir);
        }
    }

    static final class StampHandler implements RecordHandler
    {
        long stamp;

        public void onRecord(final DirectBuffer buffer, final int offset, final int length, final long position)
        {
            stamp = buffer.getLong(offset);
        }
    }

    static final class SumHandler implements RecordHandler
    {
        long sum;
        long records;

        public void onRecord(final DirectBuffer buffer, final int offset, final int length, final long position)
        {
            sum += buffer.getLong(offset) + length;
            records++;
        }
    }
}

package dev.sluice.examples.compare;

import dev.sluice.examples.orders.OrderEventCodec;
import dev.sluice.log.Log;
import dev.sluice.log.LogReader;
import dev.sluice.log.RecordHandler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;

import java.util.concurrent.TimeUnit;

/**
 * Tells a {@link ResultLatencyRecorder} of every event appended to a log, read by a reader of its own on the thread
 * that hands a parallel job's results to its sinks. A {@code ParallelJob} decodes records on its workers (a record
 * that goes to another worker twice), while the recorder has a single writer; so instead of the job's codec
 * ({@link ProbedOrderCodec}), this reads the log up to its tail before each result. A result only counts events
 * already appended, and a (window, key)'s events are appended in the order the job counts them, so the recorder
 * matches every result exactly as it does on one thread; it learns of events sooner (when appended, not when read),
 * which changes no latency: those run from each event's due time. Once a second it lets the recorder forget windows
 * whose results are all final, as the job thread does on one thread.
 *
 * <p>Not thread-safe: the sink thread (the one calling {@code ParallelJob.run}); {@link #close} after the job.
 */
final class AppendedEventsFeed implements RecordHandler, AutoCloseable
{
    private static final int POLL_LIMIT = 4096;
    private static final long FORGET_EVERY_NS = TimeUnit.SECONDS.toNanos(1);

    private final LogReader reader;
    private final OrderEventCodec codec = new OrderEventCodec();
    private final ResultLatencyRecorder recorder;
    private final long windowMillis;
    private final NanoClock clock;
    private long forgetAtNs;

    /**
     * @param log          the log the job reads, from its first record.
     * @param recorder     told of every event appended.
     * @param windowMillis the query's tumbling window size, ms.
     * @param clock        when to forget final windows.
     */
    AppendedEventsFeed(
        final Log log, final ResultLatencyRecorder recorder, final long windowMillis, final NanoClock clock)
    {
        this.reader = log.openReader(log.startPosition());
        this.recorder = recorder;
        this.windowMillis = windowMillis;
        this.clock = clock;
        this.forgetAtNs = clock.nanoTime() + FORGET_EVERY_NS;
    }

    /**
     * Tell the recorder of what was appended since the last call: at least every event a result handed on now may
     * count.
     */
    void catchUp()
    {
        // every record whose length is published, not up to log.recordCount(): the appender publishes a record's
        // length before it counts it, so a worker may have read (and shown) a record the count does not hold yet
        while (reader.poll(this, POLL_LIMIT) > 0)
        {
            // each poll hands its records to onRecord
        }
        final long nowNs = clock.nanoTime();
        if (nowNs >= forgetAtNs)
        {
            recorder.forgetFinalWindowsBefore(Long.MAX_VALUE);
            forgetAtNs = nowNs + FORGET_EVERY_NS;
        }
    }

    public void onRecord(final DirectBuffer buffer, final int offset, final int length, final long position)
    {
        ProbedOrderCodec.tell(recorder, codec.decode(buffer, offset, length), windowMillis);
    }

    public void close()
    {
        reader.close();
    }
}

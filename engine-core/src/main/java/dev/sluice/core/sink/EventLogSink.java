package dev.sluice.core.sink;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.core.function.Codec;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Exactly-once output of a pass-through pipeline into another log: every event, encoded by a codec of the output
 * type, is a record carrying the job's output sequence. On restore the sink reads the sequence of the last record
 * its log already holds and skips the replayed events up to it, so the log holds each event once, in order, with no
 * gap: the output of a Kappa version, which readers follow as they would a topic.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    Output Sequence (from 0)                   |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |               The event, as the codec encodes it             ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Little-endian. Durable at each checkpoint's pre-commit ({@link Log#flush()}); readers see records as they are
 * appended, each exactly once. A fresh start (no checkpoint) needs an empty log: one that holds events already came
 * from another run, and is refused. Not thread-safe: used by the job thread.
 *
 * @param <T> the event type after the pipeline's stages.
 */
public final class EventLogSink<T> implements TransactionalEventSink<T>
{
    /** Where a record's output sequence is. */
    public static final int SEQUENCE_OFFSET = OutputSequences.SEQUENCE_OFFSET;
    /** Where a record's event starts. */
    public static final int EVENT_OFFSET = OutputSequences.PAYLOAD_OFFSET;

    private final Log log;
    private final boolean ownsLog;
    private final Codec<T> codec;
    private final OutputSequences output;

    /**
     * @param log   the output log, opened for writing; this sink is its only writer, and the caller closes it.
     * @param codec encodes the events (a codec of its own: it belongs to the job's thread).
     */
    public EventLogSink(final Log log, final Codec<T> codec)
    {
        this(log, false, codec);
    }

    private EventLogSink(final Log log, final boolean ownsLog, final Codec<T> codec)
    {
        this.log = Objects.requireNonNull(log, "log");
        this.ownsLog = ownsLog;
        this.codec = Objects.requireNonNull(codec, "codec");
        this.output = new OutputSequences(log, "an event", EVENT_OFFSET);
    }

    /**
     * @param dir    the output log's directory, owned by this sink: it opens the log and {@link #close()} closes it.
     * @param config the log's configuration.
     * @param codec  encodes the events.
     * @param <T>    the event type.
     * @return the sink.
     */
    public static <T> EventLogSink<T> open(final Path dir, final LogConfig config, final Codec<T> codec)
    {
        return new EventLogSink<>(Log.open(dir, config), true, codec);
    }

    public void restore(final StateInput mark)
    {
        output.restore(mark, "events");
    }

    public void onEvent(final T event)
    {
        final long seq = output.next();
        if (seq >= 0)
        {
            output.append(EVENT_OFFSET + codec.encode(event, output.record, EVENT_OFFSET), seq);
        }
    }

    public void flush()
    {
        // records are visible as they are appended
    }

    public void snapshot(final long epoch, final StateOutput mark)
    {
        output.snapshot(mark);
    }

    public void commit(final long epoch)
    {
        // records are durable at pre-commit and deduplicated by sequence: nothing to publish
    }

    /**
     * @return replayed events that were already in the log and were not written again.
     */
    public long skipped()
    {
        return output.skipped();
    }

    /**
     * @return the output log.
     */
    public Log log()
    {
        return log;
    }

    public Path outputDirectory()
    {
        return log.directory();
    }

    /**
     * Closes the output log when this sink opened it ({@link #open}); a log given to the constructor is the caller's.
     */
    public void close()
    {
        if (ownsLog)
        {
            log.close();
        }
    }

    /**
     * @param log an output log of this sink.
     * @return the output sequence of its last record, or -1 when it is empty.
     */
    public static long lastSequenceInLog(final Log log)
    {
        return OutputSequences.lastSequenceInLog(log, EVENT_OFFSET, "an event");
    }
}

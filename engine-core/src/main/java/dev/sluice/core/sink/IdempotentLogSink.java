package dev.sluice.core.sink;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.log.Log;
import dev.sluice.log.LogAppender;
import org.agrona.ExpandableDirectByteBuffer;

import java.nio.ByteOrder;

/**
 * Exactly-once output into another log. Every result is a record carrying the job's output sequence;
 * on restore the sink reads the sequence of the last record its log already holds and skips the
 * replayed results up to it, so the log holds each result once, in order, with no gap.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    Output Sequence (from 0)                   |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |        The result, laid out as ResultRecordDescriptor        ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Little-endian. Durable at each checkpoint's pre-commit ({@link Log#flush()}); readers of the log see
 * records as they are appended, each exactly once (readers that want only checkpointed output read up to
 * the position recorded at the last commit). Not thread-safe: used by the job thread.
 */
public final class IdempotentLogSink implements TransactionalSink
{
    public static final int SEQUENCE_OFFSET = 0;
    /** Where the {@link ResultRecordDescriptor} layout of the result starts. */
    public static final int RESULT_OFFSET = 8;
    private static final ByteOrder ORDER = ResultRecordDescriptor.ORDER;

    private final Log log;
    private final LogAppender appender;
    private final ExpandableDirectByteBuffer record = new ExpandableDirectByteBuffer(256);
    private long sequence;
    private long lastDurableSequence = -1;
    private long skipped;

    /**
     * @param log the output log, opened for writing; this sink is its only writer.
     */
    public IdempotentLogSink(final Log log)
    {
        this.log = log;
        this.appender = log.appender();
    }

    public void restore(final StateInput mark)
    {
        sequence = mark == null ? 0 : mark.getLong();
        lastDurableSequence = lastSequenceInLog(log);
        if (mark == null && lastDurableSequence >= 0)
        {
            throw new IllegalStateException("output log " + log.directory() + " already holds results up to sequence " +
                lastDurableSequence + " but the job starts afresh: give a new output log, or restore the job from" +
                " the checkpoint that wrote them");
        }
    }

    public void onResult(final WindowResult result)
    {
        final long seq = sequence++;
        if (seq <= lastDurableSequence)
        {
            // already in the log from before the crash: the replay emits exactly the same result here
            skipped++;
            return;
        }
        record.putLong(SEQUENCE_OFFSET, seq, ORDER);
        final int length = RESULT_OFFSET + ResultRecordDescriptor.encode(result, record, RESULT_OFFSET);
        final long position = appender.append(record, 0, length);
        if (position < 0)
        {
            throw new IllegalStateException("output log " + log.directory() + " refused result " + seq + " (code " +
                position + "): free disk space, then restart the job from its last checkpoint");
        }
    }

    public void snapshot(final long epoch, final StateOutput mark)
    {
        log.flush();
        mark.putLong(sequence);
    }

    public void commit(final long epoch)
    {
        // records are durable at pre-commit and deduplicated by sequence: nothing to publish
    }

    /**
     * @return replayed results that were already in the log and were not written again.
     */
    public long skipped()
    {
        return skipped;
    }

    public void close()
    {
        // the log belongs to the caller
    }

    public java.nio.file.Path outputDirectory()
    {
        return log.directory();
    }

    /**
     * @return the output sequence of the last record in an output log, or -1 when it is empty.
     */
    public static long lastSequenceInLog(final Log log)
    {
        return OutputSequences.lastSequenceInLog(log, RESULT_OFFSET + ResultRecordDescriptor.FIELDS_OFFSET, "a result");
    }
}

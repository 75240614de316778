package dev.sluice.core.sink;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.log.Log;

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
    public static final int SEQUENCE_OFFSET = OutputSequences.SEQUENCE_OFFSET;
    /** Where the {@link ResultRecordDescriptor} layout of the result starts. */
    public static final int RESULT_OFFSET = OutputSequences.PAYLOAD_OFFSET;
    private static final int MIN_LENGTH = RESULT_OFFSET + ResultRecordDescriptor.FIELDS_OFFSET;

    private final Log log;
    private final OutputSequences output;

    /**
     * @param log the output log, opened for writing; this sink is its only writer.
     */
    public IdempotentLogSink(final Log log)
    {
        this.log = log;
        this.output = new OutputSequences(log, "a result", MIN_LENGTH);
    }

    public void restore(final StateInput mark)
    {
        output.restore(mark, "results");
    }

    public void onResult(final WindowResult result)
    {
        final long seq = output.next();
        if (seq >= 0)
        {
            output.append(RESULT_OFFSET + ResultRecordDescriptor.encode(result, output.record, RESULT_OFFSET), seq);
        }
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
     * @return replayed results that were already in the log and were not written again.
     */
    public long skipped()
    {
        return output.skipped();
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
        return OutputSequences.lastSequenceInLog(log, MIN_LENGTH, "a result");
    }
}

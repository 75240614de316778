package dev.sluice.core.sink;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.log.Log;
import dev.sluice.log.LogAppender;
import dev.sluice.log.LogException;
import dev.sluice.log.LogReader;
import org.agrona.ExpandableDirectByteBuffer;

import java.nio.ByteOrder;

/**
 * The output sequence that the exactly-once log sinks ({@link IdempotentLogSink}, {@link EventLogSink}) put first in
 * each record: the count of records the job wrote before it, the same on every replay, so that a restored job skips
 * what its output log already holds. Keeps the sequence, the record being written and the appends. Not thread-safe:
 * the job thread.
 */
final class OutputSequences
{
    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    /** Where a record's sequence is; what the sink writes follows it. */
    static final int SEQUENCE_OFFSET = 0;
    static final int PAYLOAD_OFFSET = 8;
    /** How long an append waits out back pressure (a segment being made, a full disk) before it fails. */
    static final long APPEND_TIMEOUT_MS = 30_000;

    private final Log log;
    private final LogAppender appender;
    private final String what;
    private final int minLength;
    /** The record being written: the sequence, then what the sink puts at {@link #PAYLOAD_OFFSET}. */
    final ExpandableDirectByteBuffer record = new ExpandableDirectByteBuffer(256);
    private long sequence;
    private long lastDurableSequence = -1;
    private long skipped;

    /**
     * @param log       the output log, opened for writing; the sink is its only writer.
     * @param what      what a record holds ("a result", "an event"), for messages.
     * @param minLength bytes a record takes at least.
     */
    OutputSequences(final Log log, final String what, final int minLength)
    {
        this.log = log;
        this.appender = log.appender();
        this.what = what;
        this.minLength = minLength;
    }

    /**
     * The sink's restore: the sequence from the mark, the last one the log holds; a fresh start needs an empty log.
     */
    void restore(final StateInput mark, final String plural)
    {
        sequence = mark == null ? 0 : mark.getLong();
        lastDurableSequence = lastSequenceInLog(log, minLength, what);
        if (mark == null && lastDurableSequence >= 0)
        {
            throw new IllegalStateException("output log " + log.directory() + " already holds " + plural + " up to " +
                "sequence " + lastDurableSequence + " but the job starts afresh: give each run its own output log, " +
                "or restore the job from the checkpoint of the run that wrote them");
        }
    }

    /**
     * @return the next record's sequence, written at the start of {@link #record}; -1 when the log holds it already
     * from before a crash (the replay hands over exactly the same output there): skip it.
     */
    long next()
    {
        final long seq = sequence++;
        if (seq <= lastDurableSequence)
        {
            skipped++;
            return -1;
        }
        record.putLong(SEQUENCE_OFFSET, seq, ORDER);
        return seq;
    }

    /**
     * Append {@link #record}, waiting out back pressure for at most {@link #APPEND_TIMEOUT_MS}.
     */
    void append(final int length, final long seq)
    {
        long position = appender.append(record, 0, length);
        final long deadlineNs = System.nanoTime() + APPEND_TIMEOUT_MS * 1_000_000L;
        while (position == LogAppender.BACK_PRESSURED && System.nanoTime() - deadlineNs < 0)
        {
            Thread.onSpinWait();
            position = appender.append(record, 0, length);
        }
        if (position < 0)
        {
            final LogException reason = appender.rollFailure();
            throw new IllegalStateException("output log " + log.directory() + " refused " + what + " at sequence " +
                seq + " (code " + position + (null == reason ? "" : ": " + reason.getMessage()) + "): free disk " +
                "space, then restart the job from its last checkpoint");
        }
    }

    /**
     * The sink's pre-commit: what was appended is made durable, and the mark is the sequence.
     */
    void snapshot(final StateOutput mark)
    {
        log.flush();
        mark.putLong(sequence);
    }

    long skipped()
    {
        return skipped;
    }

    /**
     * @param log       an output log.
     * @param minLength bytes a record of this sink takes at least.
     * @param what      what the records are, for the error about one that is not.
     * @return the output sequence of the last record, or -1 when the log is empty.
     */
    static long lastSequenceInLog(final Log log, final int minLength, final String what)
    {
        final long count = log.recordCount();
        if (count == 0 || count == log.startRecordNumber())
        {
            return -1;
        }
        final long[] last = {-1};
        try (LogReader reader = log.openReaderAtRecord(count - 1))
        {
            reader.poll((buffer, offset, length, position) ->
            {
                if (length < minLength)
                {
                    throw new IllegalStateException("output log " + log.directory() + " holds a record of " + length +
                        " bytes at position " + position + ", too short for " + what + ": not an output log of this " +
                        "sink");
                }
                last[0] = buffer.getLong(offset + SEQUENCE_OFFSET, ORDER);
            }, 1);
        }
        return last[0];
    }
}

package dev.sluice.core.sink;

import dev.sluice.log.Log;
import dev.sluice.log.LogReader;

import java.nio.ByteOrder;

/**
 * The output sequence that the exactly-once log sinks put first in each record: the count of records the job wrote
 * before it, the same on every replay, so that a restored job skips what its output log already holds.
 */
final class OutputSequences
{
    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private OutputSequences()
    {
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
                last[0] = buffer.getLong(offset, ORDER);
            }, 1);
        }
        return last[0];
    }
}

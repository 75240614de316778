package dev.sluice.core.sink;

import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import dev.sluice.log.LogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class IdempotentLogSinkTest
{
    @TempDir
    Path dir;

    private final SinkFixtures fixtures = new SinkFixtures();

    private static List<long[]> records(final Log log)
    {
        final List<long[]> records = new ArrayList<>();
        try (LogReader reader = log.openReader(log.startPosition()))
        {
            while (reader.poll((buffer, offset, length, position) -> records.add(new long[]{
                buffer.getLong(offset + IdempotentLogSink.SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN),
                buffer.getLong(offset + IdempotentLogSink.RESULT_OFFSET + ResultRecordDescriptor.KEY_OFFSET, ByteOrder.LITTLE_ENDIAN),
                buffer.getLong(offset + IdempotentLogSink.RESULT_OFFSET + ResultRecordDescriptor.FIELDS_OFFSET, ByteOrder.LITTLE_ENDIAN) }), 100) > 0)
            {
                // read all
            }
        }
        return records;
    }

    @Test
    void shouldSkipReplayedResultsTheLogAlreadyHolds()
    {
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            final IdempotentLogSink first = new IdempotentLogSink(log);
            first.restore(null);
            for (int i = 0; i < 3; i++)
            {
                first.onResult(fixtures.result(i));
            }
            final StateOutput mark = new StateOutput(16);
            first.snapshot(1, mark);
            first.commit(1);
            // after the checkpoint, results 3..6 reach the log, then the job is killed
            for (int i = 3; i < 7; i++)
            {
                first.onResult(fixtures.result(i));
            }
            assertEquals(6, IdempotentLogSink.lastSequenceInLog(log));

            final IdempotentLogSink second = new IdempotentLogSink(log);
            second.restore(SinkFixtures.input(mark));
            // the replay from checkpoint 1 emits 3.. again
            for (int i = 3; i < 10; i++)
            {
                second.onResult(fixtures.result(i));
            }
            assertEquals(4, second.skipped());
            final List<long[]> records = records(log);
            assertEquals(10, records.size());
            for (int i = 0; i < 10; i++)
            {
                assertEquals(i, records.get(i)[0], "seq");
                assertEquals(i % 10, records.get(i)[1], "key");
                assertEquals(i, records.get(i)[2], "value");
            }
        }
    }

    @Test
    void shouldRefuseAFreshStartOnALogThatHoldsResults()
    {
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            final IdempotentLogSink first = new IdempotentLogSink(log);
            first.restore(null);
            first.onResult(fixtures.result(0));
            final IdempotentLogSink second = new IdempotentLogSink(log);
            final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> second.restore(null));
            assertTrue(ex.getMessage().contains("already holds results up to sequence 0"), ex.getMessage());
        }
    }

    @Test
    void shouldReportAnEmptyLogAsHoldingNoSequence()
    {
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            assertEquals(-1, IdempotentLogSink.lastSequenceInLog(log));
        }
    }
}

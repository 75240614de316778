package dev.sluice.log;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writers of one partitioned log in two processes, each the single writer of its own partition, and a reader of
 * every partition following both as they write.
 */
class PartitionedLogProcessTest
{
    private static final int RECORDS = 20_000;
    private static final LogConfig CONFIG = LogConfig.builder().segmentLength(1 << 16).maxRecordLength(1000).build();

    @TempDir
    Path dir;

    @Test
    void shouldReadWhatAWriterInAnotherProcessAppendsToItsPartition() throws Exception
    {
        final Path logDir = dir.resolve("log");
        PartitionedLog.open(logDir, 2, CONFIG).close();
        final ChildJvm child = ChildJvm.start(dir.resolve("child.err"), PartitionWriterChild.class,
            logDir.toString(), "1", Integer.toString(RECORDS));
        try (PartitionedLog log = PartitionedLog.openPartitions(logDir, CONFIG, 0))
        {
            final long[] nextSequence = new long[2];
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
            try (PartitionedLogReader reader = log.openReaderAtStart())
            {
                long read = 0;
                long written = 0;
                final long deadline = System.nanoTime() + 60_000_000_000L;
                while (read < 2L * RECORDS && System.nanoTime() < deadline)
                {
                    if (written < RECORDS)
                    {
                        LogFixtures.fillSequenced(buffer, 0, 32, written++);
                        assertTrue(log.appender(0).append(buffer, 0, 32) >= 0);
                    }
                    read += reader.poll((p, b, o, l, position) ->
                    {
                        // each partition's records come in the order its writer appended them
                        assertEquals(nextSequence[p]++, LogFixtures.checkSequenced(b, o, l));
                    }, 100);
                    if (!child.isAlive() && written == RECORDS && reader.lagRecords() == 0)
                    {
                        break;
                    }
                }
                assertEquals(0, child.awaitExit(30_000), child.describe());
                while (reader.poll((p, b, o, l, position) ->
                    assertEquals(nextSequence[p]++, LogFixtures.checkSequenced(b, o, l)), 100) > 0)
                {
                }
            }
            assertEquals(RECORDS, nextSequence[0]);
            assertEquals(RECORDS, nextSequence[1], child.describe());
        }
    }

    /**
     * Appends numbered records to one partition of an existing partitioned log: args dir, partition, count.
     */
    public static final class PartitionWriterChild
    {
        public static void main(final String[] args)
        {
            final int partition = Integer.parseInt(args[1]);
            final int count = Integer.parseInt(args[2]);
            try (PartitionedLog log = PartitionedLog.openPartitions(Path.of(args[0]), CONFIG, partition))
            {
                final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
                for (int i = 0; i < count; i++)
                {
                    LogFixtures.fillSequenced(buffer, 0, 32, i);
                    if (log.appender(partition).append(buffer, 0, 32) < 0)
                    {
                        throw new IllegalStateException("append refused at " + i);
                    }
                }
            }
            System.out.println("done");
        }
    }
}

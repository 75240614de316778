package dev.sluice.log;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many readers on many threads share segment mappings and verified marks while the writer rolls segments and
 * retention deletes the oldest: no crash, every record a reader is handed is whole (the payloads carry their
 * sequence number and a checksum of their own) and comes exactly once, in order, a gap only where the reader
 * was told it fell behind retention; and when the readers are closed no mapping is held. A few seconds.
 */
class SharedSegmentsStressTest
{
    private static final int RECORDS = 200_000;
    private static final int MAX_RECORD_LENGTH = 200;
    private static final int SEGMENT = 64 * 1024;
    private static final int TAILERS = 3;
    private static final int SCANNERS = 2;
    private static final int REPLAYERS = 2;
    private static final long DEADLINE_MS = 90_000;

    @TempDir
    Path dir;

    @Test
    void shouldShareMappingsSafelyWhileSegmentsRollAndRetentionDeletes() throws Exception
    {
        final LogConfig config = LogConfig.builder()
            .segmentLength(SEGMENT)
            .maxRecordLength(MAX_RECORD_LENGTH)
            .retentionBytes(24L * SEGMENT)
            .build();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        final AtomicBoolean written = new AtomicBoolean();
        final Log log = Log.open(dir, config);
        try
        {
            final List<Thread> threads = new ArrayList<>();
            final long[] tailed = new long[TAILERS];
            for (int r = 0; r < TAILERS; r++)
            {
                final int id = r;
                threads.add(LogFixtures.thread("tailer-" + r, failures, () -> tailed[id] = tail(log, id)));
            }
            for (int s = 0; s < SCANNERS; s++)
            {
                threads.add(LogFixtures.thread("scanner-" + s, failures, () -> scan(log, written)));
            }
            for (int s = 0; s < REPLAYERS; s++)
            {
                threads.add(LogFixtures.thread("replayer-" + s, failures, () -> replay(log, written)));
            }
            final Thread writer = LogFixtures.thread("writer", failures, () ->
            {
                write(log.appender());
                written.set(true);
            });
            threads.forEach(Thread::start);
            writer.start();
            writer.join(DEADLINE_MS);
            for (final Thread thread : threads)
            {
                thread.join(DEADLINE_MS);
                assertTrue(!thread.isAlive(), thread.getName() + " did not finish");
            }
            assertEquals(List.of(), failures, "failures in the writer or reader threads");
            for (int r = 0; r < TAILERS; r++)
            {
                assertEquals(RECORDS, tailed[r], "tailer " + r + " read to the last record");
            }
            assertTrue(LogFixtures.segmentFiles(dir).size() <= 25, "retention deleted segments");
            assertEquals(0, log.sharedSegments().heldMappings(), "a mapping is held after every reader closed");
            assertTrue(log.sharedSegments().mappings() <= SharedSegments.MAX_IDLE_MAPPINGS);
        }
        finally
        {
            written.set(true);
            log.close();
        }
        assertEquals(0, log.sharedSegments().mappings(), "mappings left after the log closed");
        assertEquals(List.of(), LogFixtures.mappingsUnder(dir), "mappings left behind");
    }

    private static void write(final LogAppender appender)
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[MAX_RECORD_LENGTH]);
        for (long sequence = 0; sequence < RECORDS; sequence++)
        {
            final int length = LogFixtures.sequencedLength(sequence, MAX_RECORD_LENGTH);
            LogFixtures.fillSequenced(payload, 0, length, sequence);
            assertTrue(appender.append(payload, 0, length) >= 0, "append " + sequence);
            if ((sequence & 1023) == 0)
            {
                // two cores: let the readers run, or most of them only ever learn they fell behind
                Thread.yield();
            }
        }
    }

    /**
     * Follows the log from its start to its last record, starting over at the log's start when retention
     * deletes what it had not read.
     *
     * @return the record number it reached.
     */
    private static long tail(final Log log, final int id)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        final long[] next = {-1};
        LogReader reader = null;
        try
        {
            while (next[0] < RECORDS)
            {
                assertTrue(System.nanoTime() < deadline, "tailer " + id + " at " + next[0] + " by the deadline");
                try
                {
                    if (reader == null)
                    {
                        reader = log.openReader(log.startPosition());
                        assertTrue(reader.recordNumber() > next[0], "a new reader goes back to " +
                            reader.recordNumber() + " from " + next[0]);
                        next[0] = reader.recordNumber();
                    }
                    final int read = reader.poll((buffer, offset, length, position) ->
                    {
                        assertEquals(next[0], LogFixtures.checkSequenced(buffer, offset, length), "at " + position);
                        next[0]++;
                    }, 1 + (id * 31) % 200);
                    if (read == 0)
                    {
                        Thread.yield();
                    }
                }
                catch (final LogTruncatedException ex)
                {
                    // loud: retention deleted records it had not read; take up from the start, never earlier
                    if (reader != null)
                    {
                        reader.close();
                        reader = null;
                    }
                }
            }
            return next[0];
        }
        finally
        {
            if (reader != null)
            {
                reader.close();
            }
        }
    }

    /**
     * Scans from the log's start to its tail, again and again, until a scan reads up to the last record.
     */
    private static void scan(final Log log, final AtomicBoolean written)
    {
        while (true)
        {
            final boolean done = written.get();
            final long[] next = {-1};
            try
            {
                final long start = log.startPosition();
                final long tail = log.tailPosition();
                log.scan(start, tail, (buffer, offset, length, position) ->
                {
                    final long sequence = LogFixtures.checkSequenced(buffer, offset, length);
                    assertTrue(next[0] < 0 || sequence == next[0], "scan at " + position + ": " + sequence +
                        " after " + (next[0] - 1));
                    next[0] = sequence + 1;
                });
            }
            catch (final LogTruncatedException ex)
            {
                continue;
            }
            if (done && next[0] == RECORDS)
            {
                return;
            }
        }
    }

    /**
     * Replays a few records from random record numbers.
     */
    private static void replay(final Log log, final AtomicBoolean written)
    {
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!written.get())
        {
            try
            {
                final long count = log.recordCount();
                final long first = log.startRecordNumber();
                if (count <= first)
                {
                    Thread.yield();
                    continue;
                }
                final long from = first + random.nextLong(count - first);
                final long[] next = {from};
                try (LogReader reader = log.openReaderAtRecord(from))
                {
                    reader.poll((buffer, offset, length, position) ->
                    {
                        assertEquals(next[0], LogFixtures.checkSequenced(buffer, offset, length), "replay at " + position);
                        next[0]++;
                    }, 1 + random.nextInt(2000));
                }
            }
            catch (final LogTruncatedException ex)
            {
                // retention got there first
            }
        }
    }
}

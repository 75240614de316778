package dev.sluice.log;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One writer, several reader threads, a scanning thread and a reader in a second process, all at once
 * over segments that roll: every reader sees every record exactly once, in order, whole (the payloads
 * carry their sequence number and a checksum of their own). A few seconds; in the default suite.
 */
class LogConcurrencyStressTest
{
    private static final int RECORDS = 300_000;
    private static final int READER_THREADS = 3;
    private static final int MAX_RECORD_LENGTH = 200;
    private static final long DEADLINE_MS = 90_000;

    @TempDir
    Path dir;

    @Test
    void shouldHandEveryRecordToEveryReaderExactlyOnceInOrder() throws Exception
    {
        final Path logDir = dir.resolve("log");
        final LogConfig config = LogConfig.builder()
            .segmentLength(1 << 20)
            .maxRecordLength(MAX_RECORD_LENGTH)
            .build();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        final AtomicBoolean stop = new AtomicBoolean();
        try (Log log = Log.open(logDir, config))
        {
            final ChildJvm child = ChildJvm.start(dir.resolve("child.err"), LogTailChild.class, logDir.toString(),
                Integer.toString(RECORDS));
            try
            {
                child.awaitLine("ready", 30_000);

                final List<Thread> threads = new ArrayList<>();
                final long[] seen = new long[READER_THREADS];
                for (int r = 0; r < READER_THREADS; r++)
                {
                    final int id = r;
                    threads.add(LogFixtures.thread("reader-" + r, failures, () -> seen[id] = tail(log, id, stop)));
                }
                final long[] scans = {0};
                threads.add(LogFixtures.thread("scanner", failures, () -> scans[0] = scanWhileWriting(log, stop)));
                final long[] replays = {0};
                threads.add(LogFixtures.thread("replayer", failures, () -> replays[0] = replayNewestWhileWriting(log, stop)));
                final Thread writer = LogFixtures.thread("writer", failures, () -> write(log.appender()));
                threads.forEach(Thread::start);
                writer.start();

                writer.join(DEADLINE_MS);
                for (final Thread thread : threads)
                {
                    thread.join(DEADLINE_MS);
                }
                stop.set(true);
                assertEquals(List.of(), failures, "failures in the writer, reader or scanner threads");
                for (int r = 0; r < READER_THREADS; r++)
                {
                    assertEquals(RECORDS, seen[r], "records seen by reader " + r);
                }
                assertTrue(scans[0] > 0, "the scanner finished no scan");
                assertTrue(replays[0] > 0, "the replayer replayed nothing");

                assertEquals(0, child.awaitExit(DEADLINE_MS), "the read-only process: " + child.describe());
                assertTrue(child.lines().contains("ok " + RECORDS), child.describe());
            }
            finally
            {
                stop.set(true);
                if (child.isAlive())
                {
                    child.kill();
                }
            }
        }
    }

    private static void write(final LogAppender appender)
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[MAX_RECORD_LENGTH]);
        final LogClaim claim = new LogClaim();
        for (long sequence = 0; sequence < RECORDS; sequence++)
        {
            final int length = LogFixtures.sequencedLength(sequence, MAX_RECORD_LENGTH);
            final long position;
            if ((sequence & 3) == 0)
            {
                position = appender.tryClaim(length, claim);
                if (position >= 0)
                {
                    LogFixtures.fillSequenced(claim.buffer(), claim.offset(), length, sequence);
                    claim.commit();
                }
            }
            else
            {
                LogFixtures.fillSequenced(payload, 0, length, sequence);
                position = appender.append(payload, 0, length);
            }
            assertTrue(position >= 0, "append " + sequence + " refused with " + position);
        }
    }

    /**
     * @return records seen.
     */
    private static long tail(final Log log, final int id, final AtomicBoolean stop)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        final long[] next = {0, -1};
        try (LogReader reader = log.openReader(log.startPosition()))
        {
            int turn = 0;
            while (next[0] < RECORDS && !stop.get())
            {
                assertTrue(System.nanoTime() < deadline, "reader " + id + " saw " + next[0] + " records by the deadline");
                final int limit = 1 + (turn++ * (id + 7)) % 50;
                final int read = reader.poll((buffer, offset, length, position) ->
                {
                    final long sequence = LogFixtures.checkSequenced(buffer, offset, length);
                    assertEquals(next[0], sequence, "reader " + id + " at position " + position);
                    assertTrue(position > next[1], "positions go up");
                    next[0]++;
                    next[1] = position;
                }, limit);
                assertTrue(read <= limit, "poll read past its limit");
                assertEquals(next[0], reader.recordNumber(), "reader " + id + " record number");
                if (read == 0)
                {
                    Thread.onSpinWait();
                }
            }
            // nothing more than was written ever shows up
            assertEquals(0, reader.poll((b, o, l, p) -> next[0]++, 10));
        }
        return next[0];
    }

    /**
     * Replays from the newest record, by record number and by timestamp, again and again, while it is written.
     *
     * @return replays done.
     */
    private static long replayNewestWhileWriting(final Log log, final AtomicBoolean stop)
    {
        long replays = 0;
        long count = 0;
        while (count < RECORDS && !stop.get())
        {
            count = log.recordCount();
            if (count == 0)
            {
                continue;
            }
            final long newest = count - 1;
            final long position = log.positionOfRecord(newest);
            final long[] got = {-1, -1};
            try (LogReader reader = log.openReader(position))
            {
                assertEquals(newest, reader.recordNumber(), "record number at the position of record " + newest);
                assertEquals(1, reader.poll((buffer, offset, length, p) ->
                {
                    got[0] = LogFixtures.checkSequenced(buffer, offset, length);
                    got[1] = RecordDescriptor.timestampNs(buffer, offset);
                }, 1));
            }
            assertEquals(newest, got[0], "record at the position of record " + newest);
            final long byTime = log.positionOfTimestamp(got[1]);
            assertTrue(byTime <= position, "replay from the timestamp of record " + newest + " starts after it");
            replays++;
        }
        return replays;
    }

    /**
     * Scans the whole log up to its current tail, again and again, while it is written.
     *
     * @return scans done.
     */
    private static long scanWhileWriting(final Log log, final AtomicBoolean stop)
    {
        long scans = 0;
        long last = -1;
        while (last < RECORDS && !stop.get())
        {
            // the count first: the records it counts lie before any tail read after it
            final long count = log.recordCount();
            final long tail = log.tailPosition();
            final long[] next = {0};
            final long scanned = log.scan(log.startPosition(), tail, (buffer, offset, length, position) ->
            {
                assertEquals(next[0], LogFixtures.checkSequenced(buffer, offset, length), "scan at " + position);
                next[0]++;
            });
            assertTrue(scanned >= count, "scan to the tail read " + scanned + " records, the log had " + count +
                " before the tail was taken");
            scans++;
            if (last == scanned && scanned == RECORDS)
            {
                break;
            }
            last = scanned;
        }
        return scans;
    }
}

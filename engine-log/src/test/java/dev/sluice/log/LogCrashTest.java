package dev.sluice.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash safety by really killing a writer: a child JVM ({@link LogCrashChild}) appends with fsync on
 * every append and is killed with SIGKILL at a random moment. On reopen every append it acknowledged
 * is there, whole, at the position it was given; nothing but at most one torn tail (the record being
 * written, never acknowledged) was cut. The same log goes through every kill, so recovery runs over
 * the remains of the previous recovery too. With page-cache durability the same holds (a killed process
 * leaves the page cache behind), over small segments that roll into prepared ones many times a second.
 */
class LogCrashTest
{
    static final int SEGMENT_LENGTH = 8192;
    static final int MAX_RECORD_LENGTH = 1500;
    /** About 85 records a segment: thousands of rolls a second without fsync. */
    static final int PAGE_CACHE_SEGMENT_LENGTH = 65536;

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryAcknowledgedAppendAcrossKills() throws Exception
    {
        runKills(dir.resolve("log"), dir.resolve("child.err"), 5, System.nanoTime());
    }

    @Test
    void shouldKeepEveryAcknowledgedPageCacheAppendAcrossKillsWhileRollingIntoPreparedSegments() throws Exception
    {
        runKills(dir.resolve("log"), dir.resolve("child.err"), 3, System.nanoTime(), Durability.PAGE_CACHE,
            PAGE_CACHE_SEGMENT_LENGTH);
    }

    /**
     * Kills a writing child {@code kills} times over one log and checks the log after each kill.
     */
    static void runKills(final Path logDir, final Path stderr, final int kills, final long seed) throws Exception
    {
        runKills(logDir, stderr, kills, seed, Durability.FSYNC_EACH_APPEND, SEGMENT_LENGTH);
    }

    private static void runKills(
        final Path logDir, final Path stderr, final int kills, final long seed, final Durability durability,
        final int segmentLength) throws Exception
    {
        final Random random = new Random(seed);
        final LogConfig config = LogConfig.builder()
            .segmentLength(segmentLength)
            .maxRecordLength(MAX_RECORD_LENGTH)
            .build();
        final Map<Long, Long> acknowledged = new HashMap<>();
        long records = 0;
        final long[] stats = new long[2];
        for (int kill = 0; kill < kills; kill++)
        {
            final ChildJvm child = ChildJvm.start(stderr, LogCrashChild.class, logDir.toString(),
                Integer.toString(segmentLength), Integer.toString(MAX_RECORD_LENGTH), durability.name());
            final String context = "kill " + kill + " of " + kills + " (seed " + seed + ")";
            try
            {
                final String open = child.awaitLine("open ", 30_000);
                assertEquals(records, Long.parseLong(open.split(" ")[1]), context + ": the child found " + open);
                child.awaitLine("ack ", 30_000);
                // a random moment: somewhere in the next few hundred appends, or in a segment roll
                Thread.sleep(random.nextInt(250));
            }
            finally
            {
                child.kill();
            }

            long lastAcknowledged = records - 1;
            for (final String line : child.lines())
            {
                if (line.startsWith("ack "))
                {
                    final String[] fields = line.split(" ");
                    final long sequence = Long.parseLong(fields[1]);
                    assertEquals(lastAcknowledged + 1, sequence, context + ": acknowledgements out of order");
                    acknowledged.put(sequence, Long.parseLong(fields[2]));
                    lastAcknowledged = sequence;
                }
            }
            records = verify(logDir, config, acknowledged, lastAcknowledged + 1, context + ", " + child.describe(),
                stats);
        }
        System.out.println("LogCrashTest: " + kills + " kills, " + records + " records, " + stats[0] +
            " recoveries cut a torn tail, " + stats[1] + " found the unacknowledged record whole (seed " + seed + ")");
        assertTrue(records >= kills, "the children appended only " + records + " records in " + kills + " runs");
    }

    /**
     * @return records in the log after recovery.
     */
    private static long verify(
        final Path logDir, final LogConfig config, final Map<Long, Long> acknowledged, final long acknowledgedCount,
        final String context, final long[] stats)
    {
        // a reader before any recovery sees every acknowledged record, and no torn one
        try (Log log = Log.openReadOnly(logDir))
        {
            final long count = checkRecords(log, acknowledged, context + " (read-only, before recovery)");
            assertTrue(count >= acknowledgedCount, context + ": read-only sees " + count + " records, " +
                acknowledgedCount + " were acknowledged");
        }
        try (Log log = Log.open(logDir, config))
        {
            final long count = checkRecords(log, acknowledged, context);
            assertTrue(count == acknowledgedCount || count == acknowledgedCount + 1, context + ": " + count +
                " records after recovery, " + acknowledgedCount + " acknowledged; only the one being appended may" +
                " be there unacknowledged");
            assertEquals(count, log.recordCount(), context);
            assertTrue(log.recoveredCutBytes() <= RecordDescriptor.alignedFrameLength(MAX_RECORD_LENGTH),
                context + ": recovery cut " + log.recoveredCutBytes() + " bytes, more than one record: " +
                log.recoveryNote());
            stats[0] += log.recoveredCutBytes() > 0 ? 1 : 0;
            stats[1] += count > acknowledgedCount ? 1 : 0;
            return count;
        }
    }

    private static long checkRecords(final Log log, final Map<Long, Long> acknowledged, final String context)
    {
        final long[] next = {0};
        log.scan(log.startPosition(), log.tailPosition(), (buffer, offset, length, position) ->
        {
            final long sequence = LogFixtures.checkSequenced(buffer, offset, length);
            assertEquals(next[0], sequence, context + ": record at position " + position);
            assertEquals(LogFixtures.sequencedLength(sequence, MAX_RECORD_LENGTH), length, context);
            final Long acknowledgedAt = acknowledged.get(sequence);
            if (acknowledgedAt != null)
            {
                assertEquals(acknowledgedAt.longValue(), position, context + ": position of record " + sequence);
            }
            next[0]++;
        });
        for (final Map.Entry<Long, Long> ack : acknowledged.entrySet())
        {
            assertTrue(ack.getKey() < next[0], context + ": acknowledged record " + ack.getKey() + " at " +
                ack.getValue() + " is gone; the log holds " + next[0]);
        }
        return next[0];
    }
}

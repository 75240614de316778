package dev.sluice.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
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
    /** Records checked again after each kill, before the previous tail: more than recovery may touch. */
    static final long RECHECKED_RECORDS = 200;

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
        final long[] killNs = new long[kills];
        for (int kill = 0; kill < kills; kill++)
        {
            final long killStart = System.nanoTime();
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
                stats, Math.max(0, records - RECHECKED_RECORDS), random);
            killNs[kill] = System.nanoTime() - killStart;
        }
        if (kills >= 100)
        {
            // a kill, its restart and its checks cost the same whatever the log holds: no pass over it all per kill
            final int tenth = kills / 10;
            final long early = medianMs(Arrays.copyOfRange(killNs, 0, tenth));
            final long late = medianMs(Arrays.copyOfRange(killNs, kills - tenth, kills));
            System.out.println("LogCrashTest: median ms per kill, first " + tenth + " kills " + early + ", last " +
                tenth + " kills " + late + ", " + LogFixtures.segmentFiles(logDir).size() + " segments at the end");
            assertTrue(late <= 2 * early + 100, "a kill took " + late + " ms at the end, " + early +
                " ms at the start: the time per kill grows with the log");
        }
        // each kill checked the records from a little before the previous tail on; the whole log once at the end
        try (Log log = Log.openReadOnly(logDir))
        {
            assertEquals(records, checkRecords(log, acknowledged, 0, "the whole log after " + kills + " kills"));
        }
        System.out.println("LogCrashTest: " + kills + " kills, " + records + " records, " + stats[0] +
            " recoveries cut a torn tail, " + stats[1] + " found the unacknowledged record whole (seed " + seed + ")");
        assertTrue(records >= kills, "the children appended only " + records + " records in " + kills + " runs");
    }

    /**
     * Checks the log after a kill, from record {@code from} on (and one older acknowledged record at random), so
     * that the time a kill takes stays flat as the log grows.
     *
     * @return records in the log after recovery.
     */
    private static long verify(
        final Path logDir, final LogConfig config, final Map<Long, Long> acknowledged, final long acknowledgedCount,
        final String context, final long[] stats, final long from, final Random random)
    {
        // a reader before any recovery sees every acknowledged record, and no torn one
        try (Log log = Log.openReadOnly(logDir))
        {
            final long count = checkRecords(log, acknowledged, from, context + " (read-only, before recovery)");
            assertTrue(count >= acknowledgedCount, context + ": read-only sees " + count + " records, " +
                acknowledgedCount + " were acknowledged");
        }
        try (Log log = Log.open(logDir, config))
        {
            final long count = checkRecords(log, acknowledged, from, context);
            if (from > 0)
            {
                checkOne(log, acknowledged, (long)random.nextInt((int)Math.min(from, Integer.MAX_VALUE)), context);
            }
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

    /**
     * Reads the log from record {@code from} to its tail: record {@code n} carries sequence {@code n}, whole, and
     * every acknowledged record from {@code from} on is at the position it was acknowledged at.
     *
     * @return records in the log.
     */
    private static long medianMs(final long[] ns)
    {
        final long[] sorted = ns.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1_000_000;
    }

    private static long checkRecords(
        final Log log, final Map<Long, Long> acknowledged, final long from, final String context)
    {
        final long[] next = {from};
        try (LogReader reader = log.openReaderAtRecord(from))
        {
            while (reader.poll((buffer, offset, length, position) ->
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
            }, 1000) > 0)
            {
                // until the tail
            }
        }
        for (long sequence = from; acknowledged.containsKey(sequence); sequence++)
        {
            assertTrue(sequence < next[0], context + ": acknowledged record " + sequence + " at " +
                acknowledged.get(sequence) + " is gone; the log holds " + next[0]);
        }
        return next[0];
    }

    /**
     * An older record, read where it was acknowledged: recovery must not have touched it.
     */
    private static void checkOne(
        final Log log, final Map<Long, Long> acknowledged, final long sequence, final String context)
    {
        final Long position = acknowledged.get(sequence);
        if (position == null)
        {
            return;
        }
        try (LogReader reader = log.openReader(position))
        {
            assertEquals(1, reader.poll((buffer, offset, length, at) ->
                assertEquals(sequence, LogFixtures.checkSequenced(buffer, offset, length), context + ": at " + at), 1),
                context + ": record " + sequence);
        }
    }
}

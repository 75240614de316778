package dev.sluice.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each durability policy forces what it promises, when it promises: observed through the position up
 * to which the appender has forced its records (an injected clock drives the time-based policy).
 */
class LogDurabilityTest
{
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private final AtomicLong nowNs = new AtomicLong(5_000_000_000_000L);

    private LogConfig.Builder config(final Durability durability)
    {
        return LogConfig.builder().segmentLength(4096).maxRecordLength(1000).durability(durability).clock(nowNs::get);
    }

    private static long append(final Log log)
    {
        return LogFixtures.append(log.appender(), new byte[100]);
    }

    @Test
    void shouldLeaveRecordsToThePageCacheUntilFlush()
    {
        try (Log log = Log.open(dir, config(Durability.PAGE_CACHE).build()))
        {
            final long start = log.appender().forcedPosition();
            for (int i = 0; i < 3; i++)
            {
                append(log);
                nowNs.addAndGet(1000 * MS);
            }
            assertEquals(start, log.appender().forcedPosition(), "page-cache durability forces nothing by itself");
            log.flush();
            assertEquals(log.tailPosition(), log.appender().forcedPosition());
            append(log);
            log.appender().flush();
            assertEquals(log.tailPosition(), log.appender().forcedPosition());
        }
    }

    @Test
    void shouldForceEveryNRecords()
    {
        try (Log log = Log.open(dir, config(Durability.PERIODIC_FSYNC).fsyncEveryRecords(3)
            .fsyncIntervalMs(Long.MAX_VALUE).build()))
        {
            final long start = log.appender().forcedPosition();
            append(log);
            append(log);
            assertEquals(start, log.appender().forcedPosition(), "two records of three");
            append(log);
            final long third = log.tailPosition();
            assertEquals(third, log.appender().forcedPosition(), "the third record forces");
            append(log);
            append(log);
            assertEquals(third, log.appender().forcedPosition());
            append(log);
            assertEquals(log.tailPosition(), log.appender().forcedPosition(), "the sixth record forces");
        }
    }

    @Test
    void shouldForceWhenTheIntervalHasPassed()
    {
        try (Log log = Log.open(dir, config(Durability.PERIODIC_FSYNC).fsyncEveryRecords(Integer.MAX_VALUE)
            .fsyncIntervalMs(10).build()))
        {
            final long start = log.appender().forcedPosition();
            nowNs.addAndGet(5 * MS);
            append(log);
            nowNs.addAndGet(4 * MS);
            append(log);
            assertEquals(start, log.appender().forcedPosition(), "9 ms of a 10 ms interval");
            nowNs.addAndGet(MS);
            append(log);
            final long forced = log.tailPosition();
            assertEquals(forced, log.appender().forcedPosition(), "10 ms have passed");
            nowNs.addAndGet(9 * MS);
            append(log);
            assertEquals(forced, log.appender().forcedPosition(), "the interval counts from the last force");
            nowNs.addAndGet(MS);
            append(log);
            assertEquals(log.tailPosition(), log.appender().forcedPosition());
        }
    }

    @Test
    void shouldForceEachAppendAcrossSegmentRolls()
    {
        try (Log log = Log.open(dir, config(Durability.FSYNC_EACH_APPEND).build()))
        {
            final LogClaim claim = new LogClaim();
            for (int i = 0; i < 100; i++)
            {
                if (i % 3 == 0)
                {
                    log.appender().tryClaim(200, claim);
                    claim.commit();
                }
                else
                {
                    append(log);
                }
                assertEquals(log.tailPosition(), log.appender().forcedPosition(), "after append " + i);
            }
        }
    }
}

package dev.sluice.log;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue in front of the log, one case at a time: queue order, back pressure, claims that are aborted or held
 * open, and what close does with what is queued.
 */
class ManyToOneLogAppenderTest
{
    private static final int QUEUE_CAPACITY = 4096;

    @TempDir
    Path dir;

    @Test
    void shouldAppendCommittedRecordsInQueueOrderAtTheirQueuePositions()
    {
        try (Log log = Log.open(dir, LogConfig.defaults());
            ManyToOneLogAppender appender = ManyToOneLogAppender.drainedByCaller(log, QUEUE_CAPACITY))
        {
            final long first = append(appender, payload(1, 100));
            final ManyToOneLogClaim claim = new ManyToOneLogClaim();
            final long claimed = appender.tryClaim(30, claim);
            claim.buffer().putBytes(claim.offset(), payload(2, 30));
            assertEquals(claimed, claim.commit());
            assertTrue(first > 0 && claimed > first, first + " then " + claimed);
            assertEquals(0, appender.appendedQueuePosition(), "appended before the drain");
            assertEquals(0, log.recordCount());

            assertEquals(2, appender.drain(10));
            assertEquals(claimed, appender.appendedQueuePosition());
            final List<LogFixtures.Entry> entries = LogFixtures.scanAll(log);
            assertArrayEquals(payload(1, 100), entries.get(0).payload);
            assertArrayEquals(payload(2, 30), entries.get(1).payload);
        }
    }

    @Test
    void shouldHoldBackRecordsClaimedAfterAnOpenClaimAndSkipAnAbortedOne()
    {
        try (Log log = Log.open(dir, LogConfig.defaults());
            ManyToOneLogAppender appender = ManyToOneLogAppender.drainedByCaller(log, QUEUE_CAPACITY))
        {
            final ManyToOneLogClaim open = new ManyToOneLogClaim();
            final ManyToOneLogClaim aborted = new ManyToOneLogClaim();
            appender.tryClaim(10, open);
            appender.tryClaim(10, aborted);
            append(appender, payload(3, 10));
            assertEquals(0, appender.drain(10), "the drain passed a claim not yet committed");

            open.buffer().putBytes(0, payload(1, 10));
            open.commit();
            aborted.abort();
            assertEquals(2, appender.drain(10));
            final List<LogFixtures.Entry> entries = LogFixtures.scanAll(log);
            assertEquals(2, entries.size());
            assertArrayEquals(payload(1, 10), entries.get(0).payload);
            assertArrayEquals(payload(3, 10), entries.get(1).payload);
            assertThrows(IllegalStateException.class, open::commit);
        }
    }

    @Test
    void shouldRefuseToClaimWithAClaimThatIsStillOpen()
    {
        try (Log log = Log.open(dir, LogConfig.defaults());
            ManyToOneLogAppender appender = ManyToOneLogAppender.drainedByCaller(log, QUEUE_CAPACITY))
        {
            final ManyToOneLogClaim claim = new ManyToOneLogClaim();
            final long first = appender.tryClaim(10, claim);
            assertThrows(IllegalStateException.class, () -> appender.tryClaim(10, claim));
            claim.buffer().putBytes(0, payload(1, 10));
            assertEquals(first, claim.commit());
            assertTrue(appender.tryClaim(10, claim) > first, "a committed claim cannot be used again");
            claim.abort();
            assertEquals(1, appender.drain(10));
        }
    }

    @Test
    void shouldBackPressureAFullQueueWithNoReasonUntilItIsDrained()
    {
        try (Log log = Log.open(dir, LogConfig.defaults());
            ManyToOneLogAppender appender = ManyToOneLogAppender.drainedByCaller(log, QUEUE_CAPACITY))
        {
            final byte[] record = payload(0, appender.maxRecordLength());
            int accepted = 0;
            while (append(appender, record) >= 0)
            {
                accepted++;
            }
            assertEquals(ManyToOneLogAppender.BACK_PRESSURED, append(appender, record));
            assertNull(appender.backPressureReason(), "a full queue with a healthy log is no failure");
            assertTrue(accepted >= 6, accepted + " records of an eighth of the queue each");

            assertEquals(accepted, appender.drain(Integer.MAX_VALUE) + appender.drain(Integer.MAX_VALUE));
            assertTrue(append(appender, record) >= 0, "no room after the drain");
        }
    }

    @Test
    void shouldRefuseARecordOverTheQueuesMaximumWithTheWayOut()
    {
        try (Log log = Log.open(dir, LogConfig.defaults());
            ManyToOneLogAppender appender = ManyToOneLogAppender.drainedByCaller(log, QUEUE_CAPACITY))
        {
            assertEquals(QUEUE_CAPACITY / 8, appender.maxRecordLength());
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> appender.tryClaim(QUEUE_CAPACITY / 8 + 1, new ManyToOneLogClaim()));
            assertTrue(ex.getMessage().contains("an eighth of the queue's " + QUEUE_CAPACITY + " bytes"),
                ex.getMessage());
            assertThrows(IllegalArgumentException.class,
                () -> ManyToOneLogAppender.drainedByCaller(log, QUEUE_CAPACITY + 1));
        }
    }

    @Test
    void shouldAppendEverythingQueuedOnCloseAndRefuseAppendsAfter()
    {
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            final ManyToOneLogAppender appender = ManyToOneLogAppender.drainedByCaller(log, QUEUE_CAPACITY);
            long last = 0;
            for (int n = 0; n < 20; n++)
            {
                last = append(appender, payload(n, 100));
            }
            appender.close();
            assertEquals(20, log.recordCount());
            assertEquals(last, appender.appendedQueuePosition());
            assertEquals(ManyToOneLogAppender.CLOSED, append(appender, payload(0, 10)));
            assertEquals(ManyToOneLogAppender.CLOSED, appender.tryClaim(10, new ManyToOneLogClaim()));
            assertTrue(log.appender().append(new UnsafeBuffer(payload(21, 10)), 0, 10) > 0,
                "the log's own appender is free again");
        }
    }

    @Test
    void shouldWaitOnCloseForAClaimThatIsCommittedMeanwhile() throws Exception
    {
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            final ManyToOneLogAppender appender = ManyToOneLogAppender.startDrainThread(log, QUEUE_CAPACITY,
                new BackoffIdleStrategy());
            final CountDownLatch claimed = new CountDownLatch(1);
            final CompletableFuture<Long> committed = CompletableFuture.supplyAsync(() ->
            {
                final ManyToOneLogClaim claim = new ManyToOneLogClaim();
                final long queuePosition = appender.tryClaim(10, claim);
                claimed.countDown();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
                claim.buffer().putBytes(0, payload(7, 10));
                return claim.commit() == queuePosition ? queuePosition : -99;
            });
            assertTrue(claimed.await(10, TimeUnit.SECONDS));
            appender.close();
            assertTrue(committed.get(10, TimeUnit.SECONDS) > 0, "the record committed during close was refused");
            assertEquals(1, log.recordCount());
        }
    }

    @Test
    void shouldReportAClaimHeldOpenPastTheCloseAndRefuseItsCommit()
    {
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            final ManyToOneLogAppender appender = ManyToOneLogAppender.drainedByCaller(log, QUEUE_CAPACITY);
            final ManyToOneLogClaim claim = new ManyToOneLogClaim();
            appender.tryClaim(10, claim);
            append(appender, payload(1, 10));
            final LogException ex = assertThrows(LogException.class, () -> appender.close(50));
            assertTrue(ex.getMessage().contains("up to 1 queued records not appended"), ex.getMessage());
            assertTrue(ex.getMessage().contains("1 claims neither committed nor aborted"), ex.getMessage());
            assertEquals(ManyToOneLogAppender.CLOSED, claim.commit());
            assertEquals(0, log.recordCount());
        }
    }

    @Test
    void shouldBeClosedByItsLogBeforeTheLogsAppender()
    {
        final ManyToOneLogAppender appender;
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            appender = ManyToOneLogAppender.startDrainThread(log, QUEUE_CAPACITY, new BackoffIdleStrategy());
            final ManyToOneLogClaim claim = new ManyToOneLogClaim();
            // 30 records of 112 bytes in the queue fit its 4096 bytes whether the drain has run or not
            for (int n = 0; n < 30; n++)
            {
                assertTrue(appender.tryClaim(100, claim) > 0);
                claim.buffer().putBytes(0, payload(n, 100));
                claim.commit();
            }
        }
        assertTrue(appender.isClosed());
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            assertEquals(30, log.recordCount(), "records queued when the log was closed");
        }
    }

    @Test
    void shouldRefuseASecondAppenderOnOneLogUntilTheFirstIsClosed()
    {
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            final ManyToOneLogAppender first = ManyToOneLogAppender.drainedByCaller(log, QUEUE_CAPACITY);
            final IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> ManyToOneLogAppender.drainedByCaller(log, QUEUE_CAPACITY));
            assertTrue(ex.getMessage().contains("already has a ManyToOneLogAppender"), ex.getMessage());
            first.close();
            ManyToOneLogAppender.drainedByCaller(log, QUEUE_CAPACITY).close();
        }
    }

    @Test
    void shouldRefuseDrainCallsWhenItDrainsOnItsOwnThread()
    {
        try (Log log = Log.open(dir, LogConfig.defaults());
            ManyToOneLogAppender appender = ManyToOneLogAppender.startDrainThread(log, QUEUE_CAPACITY,
                new BackoffIdleStrategy()))
        {
            assertThrows(IllegalStateException.class, () -> appender.drain(1));
        }
    }

    private static long append(final ManyToOneLogAppender appender, final byte[] payload)
    {
        return appender.append(new UnsafeBuffer(payload), 0, payload.length);
    }

    private static byte[] payload(final int n, final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(n * 31 + i);
        }
        return bytes;
    }
}

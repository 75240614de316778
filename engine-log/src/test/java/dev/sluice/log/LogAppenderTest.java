package dev.sluice.log;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The single writer: one per log across processes, zero-copy claims, and the closed code.
 */
class LogAppenderTest
{
    private static final LogConfig SMALL = LogConfig.builder().segmentLength(4096).maxRecordLength(1000).build();

    @TempDir
    Path dir;

    @Test
    void shouldRefuseASecondWriterInThisProcessAndAnother() throws Exception
    {
        final Path logDir = dir.resolve("log");
        try (Log log = Log.open(logDir, SMALL))
        {
            LogFixtures.append(log.appender(), new byte[] {1});
            final LogWriterHeldException here =
                assertThrows(LogWriterHeldException.class, () -> Log.open(logDir, SMALL));
            assertTrue(here.getMessage().contains("Log.openReadOnly"), here.getMessage());

            final ChildJvm other = ChildJvm.start(dir.resolve("child.err"), LogSecondWriterChild.class,
                logDir.toString());
            assertEquals(0, other.awaitExit(30_000), other.describe());
            final String line = other.awaitLine("", 1000);
            assertTrue(line.startsWith("refused ") && line.contains("already open for writing"), other.describe());

            // readers are welcome meanwhile, and the writer goes on
            try (Log reader = Log.openReadOnly(logDir))
            {
                assertEquals(1, reader.recordCount());
            }
            LogFixtures.append(log.appender(), new byte[] {2});
        }
        // once the writer closes, the next one may open
        final ChildJvm next = ChildJvm.start(dir.resolve("next.err"), LogSecondWriterChild.class, logDir.toString());
        assertEquals(0, next.awaitExit(30_000), next.describe());
        assertEquals("opened 2", next.awaitLine("", 1000), next.describe());
    }

    @Test
    void shouldReturnClosedAfterClose()
    {
        final Log log = Log.open(dir, SMALL);
        final LogAppender appender = log.appender();
        LogFixtures.append(appender, new byte[] {1});
        log.close();
        assertTrue(log.isClosed());
        assertEquals(LogAppender.CLOSED, appender.append(new UnsafeBuffer(new byte[4]), 0, 4));
        assertEquals(LogAppender.CLOSED, appender.tryClaim(4, new LogClaim()));
        assertThrows(IllegalStateException.class, () -> log.openReader(SegmentDescriptor.HEADER_LENGTH));
        log.close();
        try (Log reopened = Log.open(dir, SMALL))
        {
            assertEquals(1, reopened.recordCount());
        }
    }

    @Test
    void shouldRefuseToAppendThroughAReadOnlyLog()
    {
        try (Log log = Log.open(dir, SMALL))
        {
            LogFixtures.append(log.appender(), new byte[] {1});
            try (Log reader = Log.openReadOnly(dir))
            {
                final IllegalStateException ex = assertThrows(IllegalStateException.class, reader::appender);
                assertTrue(ex.getMessage().contains("Log.open"), ex.getMessage());
                assertThrows(IllegalStateException.class, reader::enforceRetention);
            }
        }
    }

    @Test
    void shouldHideAPendingClaimFromReadersAndRefuseOtherAppends()
    {
        try (Log log = Log.open(dir, SMALL))
        {
            final LogClaim claim = new LogClaim();
            final long position = log.appender().tryClaim(8, claim);
            claim.buffer().putLong(claim.offset(), 99L);
            assertEquals(0, log.recordCount());
            assertEquals(0, log.scan(log.startPosition(), log.tailPosition(), (b, o, l, p) -> { }));
            try (LogReader reader = log.openReader(log.startPosition()))
            {
                assertEquals(0, reader.poll((b, o, l, p) -> { }, 10));
                assertThrows(IllegalStateException.class,
                    () -> log.appender().append(new UnsafeBuffer(new byte[1]), 0, 1));
                assertThrows(IllegalStateException.class, () -> log.appender().tryClaim(1, new LogClaim()));
                claim.commit();
                final long[] got = {0, -1};
                assertEquals(1, reader.poll((b, o, l, p) ->
                {
                    got[0] = b.getLong(o);
                    got[1] = p;
                }, 10));
                assertEquals(99L, got[0]);
                assertEquals(position, got[1]);
            }
            assertThrows(IllegalStateException.class, claim::commit);
            assertThrows(IllegalStateException.class, claim::abort);
        }
    }

    @Test
    void shouldLeaveNothingOfAnAbortedClaimThatRolledASegment()
    {
        try (Log log = Log.open(dir, SMALL))
        {
            for (int i = 0; i < 4; i++)
            {
                LogFixtures.append(log.appender(), new byte[900]);
            }
            final LogClaim claim = new LogClaim();
            // no room for 900 more bytes: the claim rolls into the next segment, then gives its room back
            final long claimed = log.appender().tryClaim(900, claim);
            assertEquals(4096 + SegmentDescriptor.HEADER_LENGTH, claimed);
            claim.buffer().setMemory(claim.offset(), 900, (byte)7);
            claim.abort();
            assertEquals(claimed, log.tailPosition());
            assertEquals(4, log.recordCount());
            final long next = LogFixtures.append(log.appender(), new byte[] {5});
            assertEquals(claimed, next);
        }
        try (Log log = Log.open(dir, SMALL))
        {
            assertEquals(0, log.recoveredCutBytes(), log.recoveryNote());
            final List<LogFixtures.Entry> entries = LogFixtures.scanAll(log);
            assertEquals(5, entries.size());
            assertArrayEquals(new byte[] {5}, entries.get(4).payload);
        }
    }

    @Test
    void shouldPublishNothingOfAClaimLeftPendingAtClose()
    {
        final LogClaim claim = new LogClaim();
        try (Log log = Log.open(dir, SMALL))
        {
            LogFixtures.append(log.appender(), new byte[] {1});
            log.appender().tryClaim(100, claim);
            claim.buffer().setMemory(claim.offset(), 100, (byte)3);
        }
        claim.commit();
        try (Log log = Log.open(dir, SMALL))
        {
            assertEquals(1, log.recordCount());
            assertEquals(1, LogFixtures.scanAll(log).size());
        }
    }

    @Test
    void shouldKeepTimestampsFromGoingBackWhenTheClockDoes()
    {
        final AtomicLong nowNs = new AtomicLong(1_000_000);
        final LogConfig config = SMALL.toBuilder().clock(nowNs::get).build();
        try (Log log = Log.open(dir, config))
        {
            LogFixtures.append(log.appender(), new byte[] {1});
            nowNs.set(500_000);
            LogFixtures.append(log.appender(), new byte[] {2});
            nowNs.set(2_000_000);
            LogFixtures.append(log.appender(), new byte[] {3});
        }
        nowNs.set(10);
        try (Log log = Log.open(dir, config))
        {
            LogFixtures.append(log.appender(), new byte[] {4});
            final List<LogFixtures.Entry> entries = LogFixtures.scanAll(log);
            assertEquals(1_000_000, entries.get(0).timestampNs);
            assertEquals(1_000_000, entries.get(1).timestampNs, "the clock went back: the timestamp stays");
            assertEquals(2_000_000, entries.get(2).timestampNs);
            assertEquals(2_000_000, entries.get(3).timestampNs, "after reopening too");
            assertEquals(entries.get(0).position, log.positionOfTimestamp(1_000_000));
            assertEquals(entries.get(2).position, log.positionOfTimestamp(1_500_000));
        }
    }
}

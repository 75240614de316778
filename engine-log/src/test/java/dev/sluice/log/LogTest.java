package dev.sluice.log;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LogTest
{
    @TempDir
    Path dir;

    private static final LogConfig SMALL = LogConfig.builder().segmentLength(4096).maxRecordLength(1000).build();

    private static long append(final LogAppender appender, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return appender.append(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private static String text(final DirectBuffer buffer, final int offset, final int length)
    {
        return buffer.getStringWithoutLengthUtf8(offset, length);
    }

    @Test
    void shouldReadBackAcrossSegmentsByPollScanAndReplay()
    {
        final List<Long> positions = new ArrayList<>();
        try (Log log = Log.open(dir, SMALL))
        {
            for (int i = 0; i < 500; i++)
            {
                final long position = append(log.appender(), "record-" + i);
                assertTrue(position >= 0);
                positions.add(position);
            }
            assertEquals(500, log.recordCount());
            final List<String> polled = new ArrayList<>();
            try (LogReader reader = log.openReader(log.startPosition()))
            {
                while (reader.poll((b, o, l, p) ->
                {
                    assertEquals(positions.get(polled.size()), p);
                    polled.add(text(b, o, l));
                }, 7) > 0)
                {
                }
                assertEquals(500, reader.recordNumber());
                assertEquals(log.tailPosition(), reader.position());
            }
            assertEquals(500, polled.size());
            assertEquals("record-499", polled.get(499));

            final List<String> scanned = new ArrayList<>();
            assertEquals(500, log.scan(log.startPosition(), log.tailPosition(), (b, o, l, p) -> scanned.add(text(b, o, l))));
            assertEquals(polled, scanned);

            for (final int n : new int[] {0, 1, 63, 64, 255, 256, 257, 499})
            {
                try (LogReader reader = log.openReaderAtRecord(n))
                {
                    final String[] first = new String[1];
                    assertEquals(1, reader.poll((b, o, l, p) -> first[0] = text(b, o, l), 1));
                    assertEquals("record-" + n, first[0]);
                }
                assertEquals(positions.get(n), log.positionOfRecord(n));
            }
        }
        try (Log log = Log.open(dir, SMALL))
        {
            assertEquals(500, log.recordCount());
            assertEquals(positions.get(0), log.startPosition());
            final long next = append(log.appender(), "after-reopen");
            try (LogReader reader = log.openReader(next))
            {
                final String[] got = new String[1];
                assertEquals(1, reader.poll((b, o, l, p) -> got[0] = text(b, o, l), 10));
                assertEquals("after-reopen", got[0]);
                assertEquals(500, reader.recordNumber() - 1);
            }
        }
    }

    @Test
    void shouldRejectPositionBetweenRecords()
    {
        try (Log log = Log.open(dir, SMALL))
        {
            final long position = append(log.appender(), "hello");
            append(log.appender(), "world");
            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> log.openReader(position + 8));
            assertTrue(ex.getMessage().contains("between records"), ex.getMessage());
        }
    }

    @Test
    void shouldRejectOversizeRecord()
    {
        try (Log log = Log.open(dir, SMALL))
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> log.appender().append(new UnsafeBuffer(new byte[1001]), 0, 1001));
            assertTrue(ex.getMessage().contains("maxRecordLength"), ex.getMessage());
        }
    }

    @Test
    void shouldReplayFromTimestamp()
    {
        final long[] now = {1_000_000_000L};
        final LogConfig config = SMALL.toBuilder().clock(() -> now[0]).build();
        try (Log log = Log.open(dir, config))
        {
            for (int i = 0; i < 300; i++)
            {
                now[0] += 1000;
                append(log.appender(), "t" + i);
            }
            try (LogReader reader = log.openReaderAtTimestamp(1_000_000_000L + 1000 * 150 - 10))
            {
                final String[] got = new String[1];
                reader.poll((b, o, l, p) -> got[0] = text(b, o, l) + "@" + RecordDescriptor.timestampNs(b, o), 1);
                assertEquals("t149@" + (1_000_000_000L + 1000 * 150), got[0]);
            }
            assertEquals(log.tailPosition(), log.positionOfTimestamp(Long.MAX_VALUE));
            assertEquals(log.startPosition(), log.positionOfTimestamp(0));
        }
    }

    @Test
    void shouldKeepCursorAcrossReopenAndReportLag()
    {
        try (Log log = Log.open(dir, SMALL))
        {
            for (int i = 0; i < 100; i++)
            {
                append(log.appender(), "r" + i);
            }
            final LogCursor cursor = log.cursor("consumer-a");
            assertEquals(100, cursor.lagRecords());
            try (LogReader reader = log.openReader(cursor))
            {
                assertEquals(40, reader.poll((b, o, l, p) -> {}, 40));
                cursor.store(reader);
            }
            assertEquals(60, cursor.lagRecords());
            assertTrue(cursor.lagBytes() > 60 * 16);
        }
        try (Log log = Log.open(dir, SMALL))
        {
            final LogCursor cursor = log.cursor("consumer-a");
            assertEquals(40, cursor.recordNumber());
            try (LogReader reader = log.openReader(cursor))
            {
                final String[] got = new String[1];
                reader.poll((b, o, l, p) -> got[0] = text(b, o, l), 1);
                assertEquals("r40", got[0]);
            }
            assertThrows(IllegalArgumentException.class, () -> log.cursor("../etc"));
        }
    }

    @Test
    void shouldDeleteWholeSegmentsAndTellLaggingReaders()
    {
        final LogConfig config = SMALL.toBuilder().retentionBytes(3 * 4096).build();
        try (Log log = Log.open(dir, config))
        {
            final long first = append(log.appender(), "first");
            final LogReader lagging = log.openReader(first);
            final LogCursor cursor = log.cursor("slow");
            for (int i = 0; i < 2000; i++)
            {
                append(log.appender(), "filler-" + i);
            }
            assertTrue(log.startPosition() > first);
            final LogTruncatedException ex = assertThrows(LogTruncatedException.class,
                () -> lagging.poll((b, o, l, p) -> {}, Integer.MAX_VALUE));
            assertTrue(ex.lostRecords() > 0, ex.getMessage());
            assertThrows(LogTruncatedException.class, () -> log.openReader(cursor));
            lagging.close();
        }
    }

    @Test
    void shouldClaimCommitAndAbort()
    {
        try (Log log = Log.open(dir, SMALL))
        {
            final LogClaim claim = new LogClaim();
            final long aborted = log.appender().tryClaim(8, claim);
            claim.buffer().putLong(claim.offset(), 7L);
            claim.abort();
            final long committed = log.appender().tryClaim(8, claim);
            assertEquals(aborted, committed);
            claim.buffer().putLong(claim.offset(), 42L);
            claim.commit();
            assertThrows(IllegalStateException.class, claim::commit);
            final long[] got = new long[1];
            assertEquals(1, log.scan(log.startPosition(), log.tailPosition(), (b, o, l, p) -> got[0] = b.getLong(o)));
            assertEquals(42L, got[0]);
        }
    }

    @Test
    void shouldRefuseSecondWriter()
    {
        try (Log log = Log.open(dir, SMALL))
        {
            assertThrows(LogException.class, () -> Log.open(dir, SMALL));
        }
    }
}

package dev.sluice.log;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Wrong arguments get an {@link IllegalArgumentException} whose message names the value and the fix,
 * and leave the log as it was.
 */
class LogBadArgumentsTest
{
    private static final LogConfig SMALL = LogConfig.builder().segmentLength(4096).maxRecordLength(1000).build();

    @TempDir
    Path dir;

    private static void assertRejected(final Executable call, final String value, final String fix)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, call);
        assertTrue(ex.getMessage().contains(value), "message should name " + value + ": " + ex.getMessage());
        assertTrue(ex.getMessage().contains(fix), "message should say how to fix it (" + fix + "): " +
            ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {-4096, -1, 0, 1, 2048, 4095, 5000, 4097, 65535, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void shouldRejectSegmentLengthThatIsNotAPowerOfTwoInRange(final int length)
    {
        assertRejected(() -> LogConfig.builder().segmentLength(length), "segmentLength " + length, "power of two");
    }

    @Test
    void shouldRejectNegativeSizesAndCounts()
    {
        assertRejected(() -> LogConfig.builder().maxRecordLength(-1), "maxRecordLength -1", "largest payload");
        assertRejected(() -> LogConfig.builder().fsyncEveryRecords(0), "fsyncEveryRecords 0", "Integer.MAX_VALUE");
        assertRejected(() -> LogConfig.builder().fsyncIntervalMs(-5), "fsyncIntervalMs -5", "Long.MAX_VALUE");
        assertRejected(() -> LogConfig.builder().retentionBytes(-1), "retentionBytes -1", "Long.MAX_VALUE");
        assertRejected(() -> LogConfig.builder().retentionBytes(0), "retentionBytes 0", "Long.MAX_VALUE");
        assertRejected(() -> LogConfig.builder().retentionAgeMs(-1), "retentionAgeMs -1", "Long.MAX_VALUE");
        assertRejected(() -> LogConfig.builder().durability(null), "durability is null", "Durability.values()");
    }

    @Test
    void shouldRejectSegmentSmallerThanTheLargestRecord()
    {
        // a 4096-byte segment holds a 64-byte header, frames of at most 4024 bytes and the 8 bytes of padding
        // that seal it: payloads up to 4008
        assertEquals(4008, LogConfig.builder().segmentLength(4096).maxRecordLength(4008).build().maxRecordLength());
        assertEquals(4008, LogConfig.maxRecordLengthFor(4096));
        assertRejected(() -> LogConfig.builder().segmentLength(4096).maxRecordLength(4009).build(),
            "maxRecordLength 4009", "at most 4008");
        // the defaults: a 1 MiB record does not fit a 4 KiB segment
        assertRejected(() -> LogConfig.builder().segmentLength(4096).build(), "maxRecordLength 1048576",
            "raise segmentLength");
        assertRejected(() -> LogConfig.builder().maxRecordLength(Integer.MAX_VALUE).build(),
            "maxRecordLength " + Integer.MAX_VALUE, "lower maxRecordLength");
    }

    @Test
    void shouldRejectConfigWhoseRecordsDoNotFitTheExistingSegments()
    {
        try (Log log = Log.open(dir, SMALL))
        {
            LogFixtures.append(log.appender(), new byte[10]);
        }
        // the log keeps its 4 KiB segments whatever is configured: a 10000-byte record cannot fit them
        final LogConfig bigger = LogConfig.builder().segmentLength(1 << 20).maxRecordLength(10_000).build();
        assertRejected(() -> Log.open(dir, bigger), "maxRecordLength 10000", "4096");
        try (Log log = Log.open(dir, SMALL))
        {
            assertEquals(1, log.recordCount());
            assertEquals(0, log.recoveredCutBytes());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "-lead", ".hidden", "../etc", "a/b", "a\\b", "a b", "naïve", "a:b", "x*",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklm"})
    void shouldRejectCursorNameThatIsNotAPlainIdentifier(final String name)
    {
        try (Log log = Log.open(dir, SMALL))
        {
            assertRejected(() -> log.cursor(name), "'" + name + "'", "e.g. 'orders-v2'");
        }
    }

    @Test
    void shouldAcceptPlainCursorNamesUpToSixtyFourCharacters()
    {
        try (Log log = Log.open(dir, SMALL))
        {
            for (final String name : List.of("a", "orders-v2", "A.b_c-9", "a".repeat(64)))
            {
                assertEquals(name, log.cursor(name).name());
            }
            assertRejected(() -> log.cursor(null), "'null'", "plain identifier");
        }
    }

    @Test
    void shouldRejectPositionsThatAreNotRecordStarts()
    {
        try (Log log = Log.open(dir, SMALL))
        {
            final long first = LogFixtures.append(log.appender(), new byte[100]);
            final long second = LogFixtures.append(log.appender(), new byte[100]);
            for (long between = first + 8; between < second; between += 8)
            {
                final long position = between;
                assertRejected(() -> log.openReader(position), "position " + position + " is between records",
                    "use a position the log handed out");
            }
            assertRejected(() -> log.openReader(first + 3), "position " + (first + 3),
                "use a position the log handed out");
            assertRejected(() -> log.openReader(-1), "position -1", "the log starts at " + first);
            assertRejected(() -> log.openReader(10), "position 10", "the log starts at " + first);
            final long tail = log.tailPosition();
            assertRejected(() -> log.openReader(tail + 8), "position " + (tail + 8), "tailPosition()");
            assertRejected(() -> log.openReader(Long.MAX_VALUE), "position " + Long.MAX_VALUE, "tailPosition()");
            // and the log is as it was
            try (LogReader reader = log.openReader(second))
            {
                assertEquals(1, reader.recordNumber());
            }
        }
    }

    @Test
    void shouldRejectPositionInASegmentHeader()
    {
        try (Log log = Log.open(dir, SMALL))
        {
            for (int i = 0; i < 10; i++)
            {
                LogFixtures.append(log.appender(), new byte[900]);
            }
            assertTrue(log.tailPosition() > 2 * 4096, "the log spans three segments");
            assertRejected(() -> log.openReader(4096 + 8), "position 4104 lies in a segment header",
                "use a position the log handed out");
            assertRejected(() -> log.openReader(4096), "position 4096 lies in a segment header",
                "use a position the log handed out");
        }
    }

    @Test
    void shouldRejectScanBoundsOutsideTheLog()
    {
        try (Log log = Log.open(dir, SMALL))
        {
            final long first = LogFixtures.append(log.appender(), new byte[100]);
            final long second = LogFixtures.append(log.appender(), new byte[100]);
            final long tail = log.tailPosition();
            final RecordHandler ignore = (b, o, l, p) -> { };
            assertRejected(() -> log.scan(first, tail + 8, ignore), "scan to " + (tail + 8), "tailPosition()");
            assertRejected(() -> log.scan(second, first, ignore), "scan to " + first, "tailPosition()");
            assertRejected(() -> log.scan(-8, tail, ignore), "position -8", "the log starts at " + first);
            assertRejected(() -> log.scan(first + 8, tail, ignore), "position " + (first + 8),
                "use a position the log handed out");
            assertEquals(0, log.scan(tail, tail, ignore));
            assertEquals(1, log.scan(second, tail, ignore));
        }
    }

    @Test
    void shouldRejectRecordNumbersOutsideTheLog()
    {
        try (Log log = Log.open(dir, SMALL))
        {
            LogFixtures.append(log.appender(), new byte[1]);
            assertRejected(() -> log.positionOfRecord(-1), "record number -1", "give a record number that was appended");
            assertRejected(() -> log.positionOfRecord(2), "record number 2", "give a record number that was appended");
            assertRejected(() -> log.openReaderAtRecord(7), "record number 7", "give a record number that was appended");
            assertEquals(log.tailPosition(), log.positionOfRecord(1));
        }
    }

    @Test
    void shouldRejectRecordLengthOutsideZeroToMaxAndWriteNothing()
    {
        try (Log log = Log.open(dir, SMALL))
        {
            final UnsafeBuffer src = new UnsafeBuffer(new byte[2000]);
            assertRejected(() -> log.appender().append(src, 0, 1001), "record length 1001",
                "raise LogConfig.maxRecordLength");
            assertRejected(() -> log.appender().append(src, 0, -1), "record length -1",
                "raise LogConfig.maxRecordLength");
            assertRejected(() -> log.appender().tryClaim(1001, new LogClaim()), "record length 1001",
                "raise LogConfig.maxRecordLength");
            assertEquals(0, log.recordCount());
            assertEquals(SegmentDescriptor.HEADER_LENGTH, log.tailPosition());
            assertEquals(0, log.appender().append(src, 0, 1000) - SegmentDescriptor.HEADER_LENGTH);
        }
    }

    @Test
    void shouldRejectCursorStoreOfNegativeValues()
    {
        try (Log log = Log.open(dir, SMALL))
        {
            final LogCursor cursor = log.cursor("c");
            assertRejected(() -> cursor.store(-1, 0), "position -1", "store a reader's position()");
            assertRejected(() -> cursor.store(64, -3), "record number -3", "store a reader's position()");
            assertEquals(64, cursor.position());
        }
    }

    @Test
    void shouldLeaveTheLogWholeWhenTheSourceBufferIsTooShort()
    {
        try (Log log = Log.open(dir, SMALL))
        {
            final UnsafeBuffer src = new UnsafeBuffer(new byte[50]);
            // the buffer holds 50 bytes: a 100-byte payload from it is the caller's mistake, not a hole in the log
            assertThrows(IndexOutOfBoundsException.class, () -> log.appender().append(src, 0, 100));
            assertThrows(IndexOutOfBoundsException.class, () -> log.appender().append(src, 40, 20));
            final byte[] payload = {1, 2, 3};
            final long position = LogFixtures.append(log.appender(), payload);
            assertEquals(SegmentDescriptor.HEADER_LENGTH, position);
            final List<LogFixtures.Entry> entries = LogFixtures.scanAll(log);
            assertEquals(1, entries.size());
            assertArrayEquals(payload, entries.get(0).payload);
        }
        try (Log log = Log.open(dir, SMALL))
        {
            assertEquals(0, log.recoveredCutBytes(), log.recoveryNote());
            assertEquals(1, log.recordCount());
        }
    }
}

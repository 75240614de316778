package dev.sluice.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static dev.sluice.log.LogFixtures.SMALL_PER_SEGMENT;
import static dev.sluice.log.LogFixtures.SMALL_SEGMENT;
import static dev.sluice.log.LogFixtures.small;
import static dev.sluice.log.LogFixtures.smallPayload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention deletes whole oldest segments past a size or an age, never the one being written; a reader
 * or cursor that falls behind it is told, loudly and with numbers, how much it lost.
 */
class LogRetentionTest
{
    @TempDir
    Path dir;

    private static List<Long> appendRecords(final Log log, final int from, final int count)
    {
        final List<Long> positions = new ArrayList<>();
        for (int n = from; n < from + count; n++)
        {
            positions.add(LogFixtures.append(log.appender(), smallPayload(n)));
        }
        return positions;
    }

    private static void assertHoldsRecordsFrom(final Log log, final long firstRecord, final long count)
    {
        final List<LogFixtures.Entry> entries = LogFixtures.scanAll(log);
        assertEquals(count - firstRecord, entries.size());
        for (int i = 0; i < entries.size(); i++)
        {
            assertArrayEquals(smallPayload((int)firstRecord + i), entries.get(i).payload, "record " + (firstRecord + i));
        }
    }

    @Test
    void shouldKeepAtMostTheConfiguredBytesInWholeSegments() throws Exception
    {
        try (Log log = Log.open(dir, small().retentionBytes(3 * SMALL_SEGMENT).build()))
        {
            final List<Long> positions = appendRecords(log, 0, 10 * SMALL_PER_SEGMENT + 1);
            // eleven segments written, the newest holding one record: three kept, the newest included
            final List<Path> segments = LogFixtures.segmentFiles(dir);
            assertEquals(3, segments.size(), segments.toString());
            for (final Path segment : segments)
            {
                assertEquals(SMALL_SEGMENT, Files.size(segment));
            }
            assertEquals(8L * SMALL_SEGMENT + SegmentDescriptor.HEADER_LENGTH, log.startPosition());
            assertEquals(8L * SMALL_PER_SEGMENT, log.startRecordNumber());
            assertEquals(positions.get(8 * SMALL_PER_SEGMENT), log.startPosition());
            assertEquals(10 * SMALL_PER_SEGMENT + 1, log.recordCount());
            assertHoldsRecordsFrom(log, 8L * SMALL_PER_SEGMENT, 10 * SMALL_PER_SEGMENT + 1);
        }
    }

    @Test
    void shouldTellALaggingReaderHowManyBytesAndRecordsItLost()
    {
        try (Log log = Log.open(dir, small().retentionBytes(2 * SMALL_SEGMENT).build()))
        {
            final List<Long> positions = appendRecords(log, 0, 2);
            final LogReader neverRead = log.openReader(positions.get(0));
            final LogReader halfway = log.openReader(positions.get(0));
            final List<byte[]> got = new ArrayList<>();
            assertEquals(2, halfway.poll((b, o, l, p) -> got.add(LogFixtures.copy(b, o, l, p).payload), 10));

            appendRecords(log, 2, 4 * SMALL_PER_SEGMENT);
            final long oldestRecord = log.startRecordNumber();
            assertTrue(oldestRecord > SMALL_PER_SEGMENT, "retention deleted at least two segments");

            final LogTruncatedException never = assertThrows(LogTruncatedException.class,
                () -> neverRead.poll((b, o, l, p) -> { }, 100));
            assertEquals(oldestRecord, never.lostRecords());
            assertEquals(log.startPosition(), never.oldestPosition());
            assertEquals(never.oldestPosition() - never.requestedPosition(), never.lostBytes());
            assertTrue(never.getMessage().contains(never.lostBytes() + " bytes (" + oldestRecord + " records)"),
                never.getMessage());
            // loud: it says so again, and hands out nothing
            assertThrows(LogTruncatedException.class, () -> neverRead.poll((b, o, l, p) -> got.add(null), 100));

            // the reader that had the first segment open reads it to its end, then learns what it lost
            final LogTruncatedException late = assertThrows(LogTruncatedException.class,
                () -> halfway.poll((b, o, l, p) -> got.add(LogFixtures.copy(b, o, l, p).payload), 100));
            assertEquals(SMALL_PER_SEGMENT, got.size());
            for (int i = 0; i < got.size(); i++)
            {
                assertArrayEquals(smallPayload(i), got.get(i));
            }
            assertEquals(oldestRecord - SMALL_PER_SEGMENT, late.lostRecords());
            assertEquals(SMALL_SEGMENT + SegmentDescriptor.HEADER_LENGTH, late.requestedPosition());
            assertTrue(late.lostBytes() > 0);
            neverRead.close();
            halfway.close();

            final LogTruncatedException byNumber = assertThrows(LogTruncatedException.class,
                () -> log.positionOfRecord(1));
            assertEquals(oldestRecord - 1, byNumber.lostRecords());
            assertThrows(LogTruncatedException.class, () -> log.openReaderAtRecord(0));
            assertThrows(LogTruncatedException.class, () -> log.openReader(positions.get(1)));
        }
    }

    @Test
    void shouldTellALaggingCursorHowManyRecordsItLost()
    {
        try (Log log = Log.open(dir, small().retentionBytes(2 * SMALL_SEGMENT).build()))
        {
            final List<Long> positions = appendRecords(log, 0, 3);
            final LogCursor cursor = log.cursor("slow");
            cursor.store(positions.get(2), 2);
            assertEquals(1, cursor.lagRecords());

            appendRecords(log, 3, 4 * SMALL_PER_SEGMENT);
            final long oldestRecord = log.startRecordNumber();
            final LogTruncatedException ex = assertThrows(LogTruncatedException.class, () -> log.openReader(cursor));
            assertEquals(oldestRecord - 2, ex.lostRecords());
            assertEquals(positions.get(2).longValue(), ex.requestedPosition());
            assertEquals(log.startPosition(), ex.oldestPosition());
            assertTrue(ex.getMessage().contains("cursor 'slow'"), ex.getMessage());
            assertTrue(ex.getMessage().contains("resume from " + log.startPosition()), ex.getMessage());

            // storing the start position, as the message says, resumes the consumer
            cursor.store(log.startPosition(), oldestRecord);
            try (LogReader reader = log.openReader(cursor))
            {
                final byte[][] first = new byte[1][];
                assertEquals(1, reader.poll((b, o, l, p) -> first[0] = LogFixtures.copy(b, o, l, p).payload, 1));
                assertArrayEquals(smallPayload((int)oldestRecord), first[0]);
            }
        }
    }

    @Test
    void shouldDeleteSegmentsOlderThanTheRetentionAge()
    {
        final AtomicLong nowNs = new AtomicLong(1_000_000_000_000_000L);
        final long hourMs = 3_600_000L;
        try (Log log = Log.open(dir, small().retentionAgeMs(hourMs).clock(nowNs::get).build()))
        {
            appendRecords(log, 0, 3 * SMALL_PER_SEGMENT);
            assertEquals(3, LogFixtures.segmentFiles(dir).size());
            assertEquals(0, log.enforceRetention(), "nothing is an hour old yet");

            nowNs.addAndGet(hourMs * 1_000_000L);
            assertEquals(0, log.enforceRetention(), "exactly an hour old is not past the age");

            nowNs.addAndGet(1_000_000L);
            // the two sealed segments were sealed (the next one made) over an hour ago; the active one stays
            assertEquals(2, log.enforceRetention());
            assertEquals(1, LogFixtures.segmentFiles(dir).size());
            assertEquals(2L * SMALL_SEGMENT + SegmentDescriptor.HEADER_LENGTH, log.startPosition());
            assertEquals(2L * SMALL_PER_SEGMENT, log.startRecordNumber());
            assertHoldsRecordsFrom(log, 2L * SMALL_PER_SEGMENT, 3L * SMALL_PER_SEGMENT);

            // age retention also runs on each roll. A segment's age counts from when the next one was made (its
            // newest record is older than that): the segment sealed by this roll is kept for another hour
            appendRecords(log, 3 * SMALL_PER_SEGMENT, SMALL_PER_SEGMENT);
            nowNs.addAndGet(2 * hourMs * 1_000_000L);
            appendRecords(log, 4 * SMALL_PER_SEGMENT, 1);
            assertEquals(2, LogFixtures.segmentFiles(dir).size());
            assertEquals(3L * SMALL_PER_SEGMENT, log.startRecordNumber());
            nowNs.addAndGet(hourMs * 1_000_000L + 1_000_000L);
            assertEquals(1, log.enforceRetention());
            assertEquals(4L * SMALL_PER_SEGMENT, log.startRecordNumber());
            assertHoldsRecordsFrom(log, 4L * SMALL_PER_SEGMENT, 4L * SMALL_PER_SEGMENT + 1);
        }
    }

    @Test
    void shouldApplyRetentionOnOpen()
    {
        try (Log log = Log.open(dir, small().build()))
        {
            appendRecords(log, 0, 5 * SMALL_PER_SEGMENT + 1);
        }
        assertEquals(6, LogFixtures.segmentFiles(dir).size());
        try (Log log = Log.open(dir, small().retentionBytes(2 * SMALL_SEGMENT).build()))
        {
            assertEquals(2, LogFixtures.segmentFiles(dir).size());
            assertEquals(4L * SMALL_PER_SEGMENT, log.startRecordNumber());
            assertHoldsRecordsFrom(log, 4L * SMALL_PER_SEGMENT, 5L * SMALL_PER_SEGMENT + 1);
        }
    }

    @Test
    void shouldTellAReadOnlyReaderThatRetentionOvertookIt()
    {
        try (Log writer = Log.open(dir, small().retentionBytes(2 * SMALL_SEGMENT).build()))
        {
            appendRecords(writer, 0, 2);
            try (Log reader = Log.openReadOnly(dir); LogReader lagging = reader.openReader(reader.startPosition()))
            {
                appendRecords(writer, 2, 4 * SMALL_PER_SEGMENT);
                assertEquals(writer.startPosition(), reader.startPosition());
                assertEquals(writer.startRecordNumber(), reader.startRecordNumber());
                final LogTruncatedException ex = assertThrows(LogTruncatedException.class,
                    () -> lagging.poll((b, o, l, p) -> { }, 100));
                assertEquals(writer.startRecordNumber(), ex.lostRecords());
                assertHoldsRecordsFrom(reader, writer.startRecordNumber(), writer.recordCount());
            }
        }
    }

    @Test
    void shouldNeverDeleteTheSegmentBeingWritten()
    {
        try (Log log = Log.open(dir, small().retentionBytes(1).build()))
        {
            appendRecords(log, 0, 3 * SMALL_PER_SEGMENT + 2);
            assertEquals(1, LogFixtures.segmentFiles(dir).size());
            assertEquals(3L * SMALL_PER_SEGMENT, log.startRecordNumber());
            assertHoldsRecordsFrom(log, 3L * SMALL_PER_SEGMENT, 3L * SMALL_PER_SEGMENT + 2);
        }
    }
}

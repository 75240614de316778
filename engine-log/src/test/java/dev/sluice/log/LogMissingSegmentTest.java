package dev.sluice.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A missing segment is loss, reported with the missing file's name, wherever it was: at the head, in the
 * middle or at the tail, for the writer's open and for readers. Never an empty stretch of log: a log that
 * lost its first segment must not read as a shorter log.
 */
class LogMissingSegmentTest
{
    private static final int SEGMENTS = 6;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "segment {0} of " + SEGMENTS)
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void shouldReportADeletedSegmentWhereverItWas(final int index) throws IOException
    {
        final int records = writeSegments(SEGMENTS);
        final List<Path> files = LogFixtures.segmentFiles(dir);
        assertEquals(SEGMENTS, files.size());
        final Path deleted = files.get(index);
        Files.delete(deleted);

        if (index < SEGMENTS - 1)
        {
            // a reader of what is left reads no record that is not there, and reports the loss
            final CorruptLogException readError = assertThrows(CorruptLogException.class, () ->
            {
                try (Log log = Log.openReadOnly(dir))
                {
                    final List<LogFixtures.Entry> read = LogFixtures.scanAll(log);
                    throw new AssertionError("read " + read.size() + " of " + records + " records without error");
                }
            });
            assertNamesMissing(readError, deleted);
        }
        final CorruptLogException openError = assertThrows(CorruptLogException.class,
            () -> Log.open(dir, LogFixtures.small().build()).close());
        assertNamesMissing(openError, deleted);
        // refusing changed nothing: the same refusal again
        assertThrows(CorruptLogException.class, () -> Log.open(dir, LogFixtures.small().build()).close());
    }

    @Test
    void shouldReportADeletedNewestSegmentToAReaderOfTheSealedOneBeforeIt() throws IOException
    {
        writeSegments(SEGMENTS);
        final List<Path> files = LogFixtures.segmentFiles(dir);
        final Path newest = files.get(files.size() - 1);
        Files.delete(newest);
        final CorruptLogException error = assertThrows(CorruptLogException.class, () ->
        {
            try (Log log = Log.openReadOnly(dir))
            {
                LogFixtures.pollAll(log.openReader(log.startPosition()), new int[] {7});
            }
        });
        assertNamesMissing(error, newest);
    }

    @Test
    void shouldReportEverySegmentDeleted() throws IOException
    {
        writeSegments(3);
        for (final Path file : LogFixtures.segmentFiles(dir))
        {
            Files.delete(file);
        }
        final CorruptLogException error = assertThrows(CorruptLogException.class,
            () -> Log.open(dir, LogFixtures.small().build()).close());
        assertTrue(error.getMessage().contains("every segment file is missing"), error.getMessage());
    }

    @Test
    void shouldReportTheHeadDeletedAfterRetentionMovedTheStart() throws IOException
    {
        try (Log log = Log.open(dir, LogFixtures.small().retentionBytes(3L * LogFixtures.SMALL_SEGMENT).build()))
        {
            for (int i = 0; LogFixtures.segmentFiles(dir).size() < 3 || log.startPosition() < 3L * LogFixtures.SMALL_SEGMENT; i++)
            {
                LogFixtures.append(log.appender(), LogFixtures.smallPayload(i));
            }
        }
        final List<Path> files = LogFixtures.segmentFiles(dir);
        // retention's start is fine as it is
        try (Log log = Log.open(dir, LogFixtures.small().retentionBytes(3L * LogFixtures.SMALL_SEGMENT).build()))
        {
            assertEquals(files.get(0).getFileName().toString(),
                SegmentDescriptor.fileName(log.startPosition() - SegmentDescriptor.HEADER_LENGTH));
        }
        Files.delete(files.get(0));
        assertNamesMissing(assertThrows(CorruptLogException.class,
            () -> Log.open(dir, LogFixtures.small().build()).close()), files.get(0));
        assertNamesMissing(assertThrows(CorruptLogException.class,
            () -> Log.openReadOnly(dir).close()), files.get(0));
    }

    @Test
    void shouldFinishARetentionThatACrashInterrupted() throws IOException
    {
        writeSegments(4);
        final List<Path> files = LogFixtures.segmentFiles(dir);
        final long newStart = 2L * LogFixtures.SMALL_SEGMENT;
        final long startRecord;
        try (Log log = Log.openReadOnly(dir))
        {
            startRecord = readRecordNumberOf(log, newStart);
        }
        // retention recorded the new start, then the process died before it deleted a thing
        LogStart.write(dir, new LogStart(newStart, startRecord));
        try (Log log = Log.open(dir, LogFixtures.small().build()))
        {
            assertEquals(newStart + SegmentDescriptor.HEADER_LENGTH, log.startPosition());
            assertEquals(startRecord, log.startRecordNumber());
        }
        assertTrue(Files.notExists(files.get(0)) && Files.notExists(files.get(1)), "the segments below the start");
    }

    @Test
    void shouldRecreateALostStartWhenTheLogStillBeginsAtZero() throws IOException
    {
        final int records = writeSegments(3);
        Files.delete(dir.resolve(LogStart.FILE_NAME));
        try (Log log = Log.open(dir, LogFixtures.small().build()))
        {
            assertEquals(records, log.recordCount());
            assertEquals(records, LogFixtures.scanAll(log).size());
        }
        assertTrue(Files.exists(dir.resolve(LogStart.FILE_NAME)));
    }

    @Test
    void shouldReportARenamedSegment() throws IOException
    {
        writeSegments(4);
        final List<Path> files = LogFixtures.segmentFiles(dir);
        Files.move(files.get(1), dir.resolve("segment-1.bak"));
        assertNamesMissing(assertThrows(CorruptLogException.class,
            () -> Log.open(dir, LogFixtures.small().build()).close()), files.get(1));
    }

    @Test
    void shouldAppendAfterALostTailOnlyWhenTold() throws IOException
    {
        final int records = writeSegments(4);
        final List<Path> files = LogFixtures.segmentFiles(dir);
        final Path newest = files.get(files.size() - 1);
        final long kept;
        try (Log log = Log.openReadOnly(dir))
        {
            kept = readRecordNumberOf(log, SegmentDescriptor.parseBasePosition(newest.getFileName().toString()));
        }
        Files.delete(newest);
        final CorruptLogException refused = assertThrows(CorruptLogException.class,
            () -> Log.open(dir, LogFixtures.small().build()).close());
        assertTrue(refused.getMessage().contains("acceptLostTail(true)"), refused.getMessage());
        assertTrue(kept < records);

        try (Log log = Log.open(dir, LogFixtures.small().acceptLostTail(true).build()))
        {
            assertEquals(kept, log.recordCount());
            assertTrue(LogFixtures.append(log.appender(), LogFixtures.smallPayload(-1)) > 0);
            assertEquals(kept + 1, LogFixtures.scanAll(log).size());
        }
        // once appended to, the log is whole again
        try (Log log = Log.open(dir, LogFixtures.small().build()))
        {
            assertEquals(kept + 1, log.recordCount());
        }
    }

    /**
     * @return records written: enough for {@code segments} segment files, the newest holding some.
     */
    private int writeSegments(final int segments)
    {
        int records = 0;
        try (Log log = Log.open(dir, LogFixtures.small().build()))
        {
            while (LogFixtures.segmentFiles(dir).size() < segments)
            {
                LogFixtures.append(log.appender(), LogFixtures.smallPayload(records++));
            }
            for (int i = 0; i < 3; i++)
            {
                LogFixtures.append(log.appender(), LogFixtures.smallPayload(records++));
            }
            assertEquals(records, LogFixtures.scanAll(log).size());
        }
        return records;
    }

    private static long readRecordNumberOf(final Log log, final long base)
    {
        final List<Long> numbers = new ArrayList<>();
        final long[] number = {0};
        log.scan(log.startPosition(), log.tailPosition(), (b, o, l, position) ->
        {
            if (position == base + SegmentDescriptor.HEADER_LENGTH)
            {
                numbers.add(number[0]);
            }
            number[0]++;
        });
        assertEquals(1, numbers.size(), "a record at the start of segment " + base);
        return numbers.get(0);
    }

    private static void assertNamesMissing(final CorruptLogException error, final Path missing)
    {
        assertEquals(missing.getFileName(), error.file().getFileName(), error.getMessage());
        assertTrue(error.getMessage().contains("missing"), error.getMessage());
    }
}

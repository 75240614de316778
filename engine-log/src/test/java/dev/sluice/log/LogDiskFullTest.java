package dev.sluice.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full disk on a real small file system (a tmpfs, {@link SmallFilesystem}): appends are back pressured with
 * a reason that says so, no JVM dies of a fault on a mapped write, every acknowledged record stays whole, and
 * the log goes on once space is freed. Opening a log whose newest segment needs space the disk lacks is
 * refused with the same reason.
 */
class LogDiskFullTest
{
    static final int SEGMENT_LENGTH = 1 << 20;
    static final int MAX_RECORD_LENGTH = 2000;
    static final int FILESYSTEM_BYTES = 4 << 20;

    @TempDir
    Path work;

    @ParameterizedTest(name = "prepareSegments={0}")
    @ValueSource(booleans = {true, false})
    void shouldBackPressureAFullDiskAndGoOnWhenSpaceIsFreed(final boolean prepare) throws Exception
    {
        try (SmallFilesystem fs = SmallFilesystem.mount(work, FILESYSTEM_BYTES))
        {
            final Path filler = fs.fill("filler", 2L * SEGMENT_LENGTH + SEGMENT_LENGTH / 2);
            final Path logDir = fs.root().resolve("log");

            final long first = appendUntilFull(logDir, prepare, 0, "first run");
            assertTrue(first > 0, "appended nothing before the disk was full");
            checkRecords(logDir, first);

            // again on the still-full disk: it opens, is back pressured at once, and loses nothing
            assertEquals(first, appendUntilFull(logDir, prepare, first, "rerun on the full disk"));
            checkRecords(logDir, first);

            Files.delete(filler);
            final long second = appendUntilFull(logDir, prepare, first, "after freeing space");
            assertTrue(second >= first + (SEGMENT_LENGTH / (MAX_RECORD_LENGTH + 24)),
                "after freeing two segments' worth only " + (second - first) + " more records were appended");
            checkRecords(logDir, second);
        }
    }

    @Test
    void shouldRefuseToOpenANewestSegmentTheDiskCannotBackAndOpenOnceItCan() throws Exception
    {
        try (SmallFilesystem fs = SmallFilesystem.mount(work, FILESYSTEM_BYTES))
        {
            final Path logDir = fs.root().resolve("log");
            long records = 0;
            try (Log log = Log.open(logDir, config(false)))
            {
                final UnsafeBuffer payload = new UnsafeBuffer(new byte[MAX_RECORD_LENGTH]);
                while (log.tailPosition() < SEGMENT_LENGTH + SEGMENT_LENGTH / 8)
                {
                    final int length = LogFixtures.sequencedLength(records, MAX_RECORD_LENGTH);
                    LogFixtures.fillSequenced(payload, 0, length, records);
                    assertTrue(log.appender().append(payload, 0, length) > 0);
                    records++;
                }
            }
            final List<Path> segments = LogFixtures.segmentFiles(logDir);
            final Path newest = segments.get(segments.size() - 1);
            // the newest segment cut short (as a copy or an old release may leave it), then the space it gave
            // back taken by something else: opening must back the rest of it before anything is written there
            final long kept;
            try (Log log = Log.openReadOnly(logDir))
            {
                kept = log.tailPosition() - SegmentDescriptor.parseBasePosition(newest.getFileName().toString());
            }
            try (FileChannel channel = FileChannel.open(newest, StandardOpenOption.WRITE))
            {
                channel.truncate((kept + 4095) / 4096 * 4096);
            }
            final Path filler = fs.fill("filler", 0);

            final LogException refused = assertThrows(LogException.class,
                () -> Log.open(logDir, config(false)).close());
            assertTrue(refused.getMessage().startsWith("no space left on " + logDir), refused.getMessage());
            assertTrue(refused.getMessage().contains("bytes needed"), refused.getMessage());

            Files.delete(filler);
            try (Log log = Log.open(logDir, config(false)))
            {
                assertEquals(records, log.recordCount());
            }
            checkRecords(logDir, records);
        }
    }

    private long appendUntilFull(final Path logDir, final boolean prepare, final long expectedAtOpen,
        final String context) throws Exception
    {
        return appendUntilFull(work, logDir, prepare, Long.MAX_VALUE, expectedAtOpen, context);
    }

    /**
     * Runs {@link LogDiskFullChild} until the file system is full.
     *
     * @return records in the log when it was.
     */
    static long appendUntilFull(final Path work, final Path logDir, final boolean prepare, final long retentionBytes,
        final long expectedAtOpen, final String context) throws Exception
    {
        final ChildJvm child = ChildJvm.start(work.resolve("child.err"), LogDiskFullChild.class, logDir.toString(),
            Integer.toString(SEGMENT_LENGTH), Integer.toString(MAX_RECORD_LENGTH), Boolean.toString(prepare),
            Long.toString(retentionBytes));
        final int exit = child.awaitExit(60_000);
        assertEquals(0, exit, context + ": the writer died (134 is a fault on a mapped write): " + child.describe());
        final String open = child.awaitLine("open ", 1_000);
        assertEquals(expectedAtOpen, Long.parseLong(open.split(" ")[1]), context + ": " + open);
        final String full = child.awaitLine("full ", 1_000);
        assertTrue(full.contains("no space left on " + logDir), context + ": " + full);
        return Long.parseLong(full.split(" ")[1]);
    }

    private static LogConfig config(final boolean prepare)
    {
        return LogConfig.builder().segmentLength(SEGMENT_LENGTH).maxRecordLength(MAX_RECORD_LENGTH)
            .prepareSegments(prepare).build();
    }

    /**
     * Reads the log: record {@code n} carries sequence {@code n}, whole, from its start (retention may have moved
     * it) to {@code expected}.
     */
    static void checkRecords(final Path logDir, final long expected)
    {
        try (Log log = Log.openReadOnly(logDir))
        {
            final long[] next = {log.startRecordNumber()};
            log.scan(log.startPosition(), log.tailPosition(), (buffer, offset, length, position) ->
            {
                assertEquals(next[0], LogFixtures.checkSequenced(buffer, offset, length), "record at " + position);
                next[0]++;
            });
            assertEquals(expected, next[0], "records in the log");
        }
    }
}

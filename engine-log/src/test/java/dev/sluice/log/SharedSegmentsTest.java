package dev.sluice.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.sluice.log.LogFixtures.SMALL_PER_SEGMENT;
import static dev.sluice.log.LogFixtures.SMALL_SEGMENT;
import static dev.sluice.log.LogFixtures.small;
import static dev.sluice.log.LogFixtures.smallPayload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readers of one log share its read-only segment mappings: a second scan maps nothing, idle mappings are kept
 * up to a bound, and a mapping goes only when no reader holds it: when evicted, when retention deleted its
 * file, or when the log closes.
 */
class SharedSegmentsTest
{
    @TempDir
    Path dir;

    private static void appendRecords(final Log log, final int from, final int count)
    {
        for (int n = from; n < from + count; n++)
        {
            LogFixtures.append(log.appender(), smallPayload(n));
        }
    }

    private static long scanAll(final Log log)
    {
        return log.scan(log.startPosition(), log.tailPosition(), (b, o, l, p) -> { });
    }

    @Test
    void shouldMapEachSegmentOnceForManyScans()
    {
        try (Log log = Log.open(dir, small().build()))
        {
            appendRecords(log, 0, 3 * SMALL_PER_SEGMENT);
            final SharedSegments shared = log.sharedSegments();
            assertEquals(0, shared.mappingsMade(), "the appender maps its own segments");
            assertEquals(3 * SMALL_PER_SEGMENT, scanAll(log));
            assertEquals(3, shared.mappingsMade());
            assertEquals(3 * SMALL_PER_SEGMENT, scanAll(log));
            try (LogReader a = log.openReader(log.startPosition()); LogReader b = log.openReader(log.startPosition()))
            {
                assertEquals(2, a.poll((buf, o, l, p) -> { }, 2));
                assertEquals(2, b.poll((buf, o, l, p) -> { }, 2));
                assertEquals(1, shared.heldMappings(), "two readers in one segment hold one mapping");
            }
            assertEquals(3, shared.mappingsMade());
            assertEquals(3, shared.mappings());
            assertEquals(0, shared.heldMappings());
        }
    }

    @Test
    void shouldKeepAtMostTheBoundOfIdleMappings()
    {
        final int segments = SharedSegments.MAX_IDLE_MAPPINGS + 8;
        try (Log log = Log.open(dir, small().build()))
        {
            appendRecords(log, 0, segments * SMALL_PER_SEGMENT);
            assertEquals(segments * SMALL_PER_SEGMENT, scanAll(log));
            final SharedSegments shared = log.sharedSegments();
            assertEquals(SharedSegments.MAX_IDLE_MAPPINGS, shared.mappings());
            // the least recently released were unmapped; they keep their marks
            assertEquals(SegmentDescriptor.HEADER_LENGTH + SMALL_PER_SEGMENT * 920, shared.verifiedTo(0));
            assertEquals(segments * SMALL_PER_SEGMENT, scanAll(log));
            assertEquals(SharedSegments.MAX_IDLE_MAPPINGS, shared.mappings());
            assertEquals(0, shared.heldMappings());
        }
        assertEquals(List.of(), LogFixtures.mappingsUnder(dir), "mappings left behind");
    }

    @Test
    void shouldLetAReaderFinishASegmentRetentionDeletedUnderIt()
    {
        try (Log log = Log.open(dir, small().retentionBytes(2 * SMALL_SEGMENT).build()))
        {
            appendRecords(log, 0, 2);
            final Path first = dir.resolve(SegmentDescriptor.fileName(0));
            final String firstName = first.getFileName().toString();
            final LogReader reader = log.openReader(log.startPosition());
            final List<byte[]> got = new ArrayList<>();
            assertEquals(1, reader.poll((b, o, l, p) -> got.add(LogFixtures.copy(b, o, l, p).payload), 1));

            appendRecords(log, 2, 3 * SMALL_PER_SEGMENT);
            assertFalse(Files.exists(first), "retention deleted the segment the reader is in");
            assertEquals(1, log.sharedSegments().heldMappings());
            assertEquals(0, log.sharedSegments().verifiedTo(0), "its mark went with it");

            final LogTruncatedException lost = assertThrows(LogTruncatedException.class,
                () -> reader.poll((b, o, l, p) -> got.add(LogFixtures.copy(b, o, l, p).payload), 100));
            assertEquals(SMALL_PER_SEGMENT, got.size(), "the reader read its segment to the end");
            for (int i = 0; i < got.size(); i++)
            {
                assertArrayEquals(smallPayload(i), got.get(i));
            }
            assertEquals(log.startRecordNumber() - SMALL_PER_SEGMENT, lost.lostRecords());
            assertTrue(LogFixtures.mappingsUnder(dir).stream().anyMatch(line -> line.contains(firstName)),
                "held: still mapped");

            reader.close();
            assertEquals(0, log.sharedSegments().heldMappings());
            assertFalse(LogFixtures.mappingsUnder(dir).stream().anyMatch(line -> line.contains(firstName)),
                "unmapped at its last release");
        }
    }

    @Test
    void shouldUnmapIdleMappingsAtCloseAndHeldOnesAtTheirRelease()
    {
        final Log log = Log.open(dir, small().build());
        final LogReader reader;
        try
        {
            appendRecords(log, 0, 3 * SMALL_PER_SEGMENT);
            assertEquals(3 * SMALL_PER_SEGMENT, scanAll(log));
            reader = log.openReader(log.startPosition());
            assertEquals(1, reader.poll((b, o, l, p) -> { }, 1));
        }
        finally
        {
            log.close();
        }
        final SharedSegments shared = log.sharedSegments();
        assertEquals(1, shared.mappings(), "the held one stays mapped for its reader");
        assertEquals(1, reader.poll((b, o, l, p) -> { }, 1), "and the reader can still read it");
        reader.close();
        assertEquals(0, shared.mappings());
        assertEquals(0, shared.heldMappings());
        assertEquals(List.of(), LogFixtures.mappingsUnder(dir), "mappings left behind");
    }

    @Test
    void shouldForgetSegmentsAnotherProcessDeleted()
    {
        try (Log writer = Log.open(dir, small().retentionBytes(2 * SMALL_SEGMENT).build());
            Log reader = Log.openReadOnly(dir))
        {
            appendRecords(writer, 0, 2 * SMALL_PER_SEGMENT);
            assertEquals(2 * SMALL_PER_SEGMENT, scanAll(reader));
            assertEquals(2, reader.sharedSegments().mappings());

            appendRecords(writer, 2 * SMALL_PER_SEGMENT, 3 * SMALL_PER_SEGMENT);
            assertEquals(2 * SMALL_PER_SEGMENT, scanAll(reader));
            // segments 0 to 2 are gone: the read-only log dropped the mappings it had of them
            assertEquals(2, reader.sharedSegments().mappings());
            assertEquals(0, reader.sharedSegments().verifiedTo(0));
            final String deleted = SegmentDescriptor.fileName(0);
            assertFalse(LogFixtures.mappingsUnder(dir).stream().anyMatch(line -> line.contains(deleted)));
        }
    }
}

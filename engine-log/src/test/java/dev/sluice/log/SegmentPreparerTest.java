package dev.sluice.log;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class SegmentPreparerTest
{
    private static final int SEGMENT = 64 * 1024;
    private static final int PAYLOAD = 1000;
    private static final long WAIT_MS = 10_000;

    @TempDir
    Path dir;

    @Test
    void shouldRollIntoPreparedSegmentsThatReadBackAndReopenWhole() throws Exception
    {
        final LogConfig config = LogConfig.builder().segmentLength(SEGMENT).maxRecordLength(PAYLOAD).build();
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[PAYLOAD]);
        long records = 0;
        try (Log log = Log.open(dir, config))
        {
            for (int segment = 0; segment < 5; segment++)
            {
                // let the preparer finish the next segment, then fill this one so that the next append rolls
                awaitPrepared(log);
                final long segmentBase = log.appender().position() - log.appender().position() % SEGMENT;
                while (log.appender().position() - segmentBase + RecordDescriptor.alignedFrameLength(PAYLOAD) <= SEGMENT)
                {
                    payload.putLong(0, records++);
                    assertTrue(log.appender().append(payload, 0, PAYLOAD) >= 0);
                }
                payload.putLong(0, records++);
                assertTrue(log.appender().append(payload, 0, PAYLOAD) >= 0);
            }
            assertEquals(5, log.preparedSegmentsInstalled());
            assertEquals(records, readSequence(log));
        }
        assertEquals(List.of(), preparedFiles(), "close deletes the prepared segment nobody took");
        assertFalse(preparerThreadAlive(), "close stops the preparer");
        try (Log reopened = Log.open(dir, config))
        {
            assertEquals(records, reopened.recordCount());
            assertEquals(0, reopened.recoveredCutBytes());
            assertEquals(records, readSequence(reopened));
        }
    }

    @Test
    void shouldPrepareInStepsThatEachGiveTheCoreBack() throws Exception
    {
        final int length = 5 * Segment.PREPARE_STEP_BYTES + 4096;
        final Path temp = dir.resolve("steps" + SegmentDescriptor.TEMP_SUFFIX);
        final int[] pauses = new int[1];
        final java.util.List<Integer> made = new java.util.ArrayList<>();
        final java.nio.MappedByteBuffer mapped = Segment.prepare(temp, length, bytes ->
        {
            pauses[0]++;
            made.add(bytes);
        });
        try
        {
            assertEquals(6, pauses[0], "one pause after each 64 KiB step, the short last one included");
            assertEquals(java.util.List.of(Segment.PREPARE_STEP_BYTES, 2 * Segment.PREPARE_STEP_BYTES,
                3 * Segment.PREPARE_STEP_BYTES, 4 * Segment.PREPARE_STEP_BYTES, 5 * Segment.PREPARE_STEP_BYTES, length),
                made, "told the bytes made after each step");
            assertEquals(length, mapped.capacity());
            assertEquals(length, Files.size(temp), "every byte backed, none left sparse past the last step");
            for (int at = 0; at < length; at += 512)
            {
                assertEquals(0, mapped.get(at));
            }
        }
        finally
        {
            org.agrona.IoUtil.unmap(mapped);
        }
    }

    @Test
    void shouldLetTheAppenderMakeASegmentThePreparerCouldNot() throws Exception
    {
        final LogConfig config = LogConfig.builder().segmentLength(SEGMENT).maxRecordLength(PAYLOAD).build();
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[PAYLOAD]);
        // a non-empty directory where the third segment's prepared file would go: preparing it fails
        final Path blocker = dir.resolve(String.format("%020d.prepared%s", 2L * SEGMENT, SegmentDescriptor.TEMP_SUFFIX));
        long records = 0;
        try (Log log = Log.open(dir, config))
        {
            Files.createDirectories(blocker.resolve("in-the-way"));
            for (int segment = 0; segment < 4; segment++)
            {
                // give the preparer its chance at the next segment before rolling into it
                Thread.sleep(50);
                final long segmentBase = log.appender().position() - log.appender().position() % SEGMENT;
                while (log.appender().position() < segmentBase + SEGMENT)
                {
                    payload.putLong(0, records++);
                    assertTrue(log.appender().append(payload, 0, PAYLOAD) >= 0);
                }
            }
            assertEquals(records, readSequence(log));
            assertTrue(log.preparedSegmentsInstalled() < 4, "the blocked segment was made by the appender");
        }
        Files.delete(blocker.resolve("in-the-way"));
        Files.delete(blocker);
        try (Log reopened = Log.open(dir, config))
        {
            assertEquals(records, readSequence(reopened));
        }
    }

    @Test
    void shouldMakeSegmentsOnTheAppendingThreadWhenPreparationIsOff() throws Exception
    {
        final LogConfig config = LogConfig.builder().segmentLength(SEGMENT).maxRecordLength(PAYLOAD).prepareSegments(false).build();
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[PAYLOAD]);
        try (Log log = Log.open(dir, config))
        {
            for (int i = 0; i < 300; i++)
            {
                payload.putLong(0, i);
                assertTrue(log.appender().append(payload, 0, PAYLOAD) >= 0);
            }
            assertEquals(0, log.preparedSegmentsInstalled());
            assertEquals(List.of(), preparedFiles());
            assertFalse(preparerThreadAlive());
            assertEquals(300, readSequence(log));
        }
    }

    @Test
    void shouldDeleteAPreparedSegmentLeftByACrashOnOpen() throws Exception
    {
        try (Log log = Log.open(dir, LogConfig.builder().segmentLength(SEGMENT).maxRecordLength(PAYLOAD).prepareSegments(false).build()))
        {
            log.appender().append(new UnsafeBuffer(new byte[8]), 0, 8);
        }
        final Path left = dir.resolve(String.format("%020d.prepared%s", SEGMENT, SegmentDescriptor.TEMP_SUFFIX));
        Files.write(left, new byte[SEGMENT]);
        try (Log log = Log.open(dir, LogConfig.builder().segmentLength(SEGMENT).maxRecordLength(PAYLOAD).prepareSegments(false).build()))
        {
            assertFalse(Files.exists(left));
            assertEquals(1, log.recordCount());
        }
    }

    private static long readSequence(final Log log)
    {
        final long[] expected = {0};
        log.scan(log.startPosition(), log.tailPosition(), (buffer, offset, length, position) ->
        {
            assertEquals(PAYLOAD, length);
            assertEquals(expected[0]++, buffer.getLong(offset));
        });
        return expected[0];
    }

    private static void awaitPrepared(final Log log) throws Exception
    {
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!log.nextSegmentPrepared())
        {
            assertTrue(System.currentTimeMillis() < deadline, "no prepared segment within " + WAIT_MS + " ms");
            Thread.sleep(1);
        }
    }

    private List<Path> preparedFiles() throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(f -> f.getFileName().toString().endsWith(".prepared" + SegmentDescriptor.TEMP_SUFFIX))
                .collect(Collectors.toList());
        }
    }

    private boolean preparerThreadAlive()
    {
        final String name = "sluice-segment-preparer-" + dir.getFileName();
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }
}

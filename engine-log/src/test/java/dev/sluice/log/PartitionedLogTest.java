package dev.sluice.log;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionedLogTest
{
    private static final LogConfig SMALL = LogConfig.builder().segmentLength(4096).maxRecordLength(1000).build();

    @TempDir
    Path dir;

    private static long append(final PartitionedLog log, final long key, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return log.append(key, new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private static String text(final DirectBuffer buffer, final int offset, final int length)
    {
        return buffer.getStringWithoutLengthUtf8(offset, length);
    }

    /** Everything a reader hands over, as "partition:text", in the order of each partition. */
    private static List<List<String>> readAll(final PartitionedLogReader reader, final int partitions)
    {
        final List<List<String>> read = new ArrayList<>();
        for (int p = 0; p < partitions; p++)
        {
            read.add(new ArrayList<>());
        }
        while (reader.poll((partition, b, o, l, position) -> read.get(partition).add(text(b, o, l)), 5) > 0)
        {
        }
        return read;
    }

    @Test
    void shouldRouteByKeyAndKeepEachPartitionsOrderAcrossSegmentsAndReopen()
    {
        final List<List<String>> expected = new ArrayList<>();
        try (PartitionedLog log = PartitionedLog.open(dir, 4, SMALL))
        {
            for (int p = 0; p < 4; p++)
            {
                expected.add(new ArrayList<>());
            }
            for (int i = 0; i < 2_000; i++)
            {
                final long key = i % 37;
                final String text = "k" + key + "-" + i;
                assertTrue(append(log, key, text) >= 0);
                expected.get(log.partitionOfKeyHash(key)).add(text);
            }
            assertEquals(2_000, log.recordCount());
            for (int p = 0; p < 4; p++)
            {
                // 37 keys over 4 partitions: every partition gets some
                assertFalse(expected.get(p).isEmpty(), "partition " + p + " got no key");
                assertEquals(expected.get(p).size(), log.partition(p).recordCount());
            }
            try (PartitionedLogReader reader = log.openReaderAtStart())
            {
                assertEquals(expected, readAll(reader, 4));
                assertArrayEquals(log.tailPositions(), reader.positions());
                assertEquals(0, reader.lagRecords());
            }
        }
        try (PartitionedLog log = PartitionedLog.open(dir, SMALL); PartitionedLogReader reader = log.openReaderAtStart())
        {
            assertEquals(4, log.partitionCount());
            assertEquals(KeyGroups.DEFAULT_KEY_GROUPS, log.keyGroups());
            assertEquals(expected, readAll(reader, 4));
        }
    }

    @Test
    void shouldReplayEveryPartitionFromRecordNumbersPositionsAndATimestamp()
    {
        try (PartitionedLog log = PartitionedLog.open(dir, 3, SMALL))
        {
            for (int i = 0; i < 300; i++)
            {
                // the caller chooses the partition: records i go to i % 3
                final byte[] bytes = ("r" + i).getBytes(StandardCharsets.UTF_8);
                log.appender(i % 3).append(new UnsafeBuffer(bytes), 0, bytes.length);
            }
            final long[] records = { 0, 50, 99 };
            try (PartitionedLogReader reader = log.openReaderAtRecords(records))
            {
                final List<List<String>> read = readAll(reader, 3);
                assertEquals(100, read.get(0).size());
                assertEquals("r151", read.get(1).get(0));
                assertEquals(List.of("r299"), read.get(2));
            }
            final long[] middle;
            try (PartitionedLogReader reader = log.openReaderAtRecords(new long[]{ 10, 20, 30 }))
            {
                middle = reader.positions();
            }
            try (PartitionedLogReader reader = log.openReader(middle))
            {
                final List<List<String>> read = readAll(reader, 3);
                assertEquals("r30", read.get(0).get(0));
                assertEquals("r61", read.get(1).get(0));
                assertEquals("r92", read.get(2).get(0));
            }
            // a timestamp after every record: each partition's tail
            assertArrayEquals(log.tailPositions(), log.positionsOfTimestamp(Long.MAX_VALUE));
            try (PartitionedLogReader reader = log.openReaderAtTimestamp(0))
            {
                assertEquals(300, readAll(reader, 3).stream().mapToInt(List::size).sum());
            }
        }
    }

    @Test
    void shouldResumeFromACursorInEveryPartition()
    {
        try (PartitionedLog log = PartitionedLog.open(dir, 2, SMALL))
        {
            for (int i = 0; i < 100; i++)
            {
                append(log, i, "a" + i);
            }
            final PartitionedLogCursor cursor = log.cursor("billing");
            try (PartitionedLogReader reader = log.openReader(cursor))
            {
                assertEquals(30, reader.poll((p, b, o, l, position) -> { }, 30));
                cursor.store(reader);
            }
            assertEquals(70, cursor.lagRecords());
            for (int i = 100; i < 120; i++)
            {
                append(log, i, "a" + i);
            }
            try (PartitionedLogReader reader = log.openReader(log.cursor("billing")))
            {
                assertEquals(90, readAll(reader, 2).stream().mapToInt(List::size).sum());
            }
        }
    }

    @Test
    void shouldRefuseAnotherLayoutOfAnExistingLog()
    {
        PartitionedLog.open(dir, 2, SMALL).close();
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> PartitionedLog.open(dir, 3, SMALL));
        assertTrue(ex.getMessage().contains("has 2 partitions"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PartitionedLog.open(dir, 2, 64, SMALL));
        assertThrows(IllegalArgumentException.class, () -> PartitionedLog.open(dir.resolve("x"), 0, SMALL));
        assertThrows(IllegalArgumentException.class, () -> PartitionedLog.open(dir.resolve("y"), 8, 4, SMALL));
    }

    @Test
    void shouldRefuseADirectoryWithoutOrWithADamagedDescriptor() throws Exception
    {
        final LogException none = assertThrows(LogException.class, () -> PartitionedLog.openReadOnly(dir));
        assertTrue(none.getMessage().contains("no partitioned log in"), none.getMessage());
        PartitionedLog.open(dir, 2, SMALL).close();
        final Path descriptor = dir.resolve(PartitionedLogDescriptor.FILE_NAME);
        final byte[] bytes = Files.readAllBytes(descriptor);
        bytes[PartitionedLogDescriptor.PARTITION_COUNT_OFFSET] ^= 1;
        Files.write(descriptor, bytes);
        final CorruptLogException corrupt =
            assertThrows(CorruptLogException.class, () -> PartitionedLog.openReadOnly(dir));
        assertTrue(corrupt.getMessage().contains("checksum"), corrupt.getMessage());
    }

    @Test
    void shouldLetEachPartitionHaveItsOwnWriter()
    {
        PartitionedLog.open(dir, 2, SMALL).close();
        try (PartitionedLog first = PartitionedLog.openPartitions(dir, SMALL, 0);
            PartitionedLog second = PartitionedLog.openPartitions(dir, SMALL, 1))
        {
            assertTrue(first.isWritable(0));
            assertFalse(first.isWritable(1));
            assertThrows(IllegalStateException.class, () -> first.appender(1));
            assertThrows(LogWriterHeldException.class, () -> PartitionedLog.openPartitions(dir, SMALL, 1));
            final byte[] bytes = "x".getBytes(StandardCharsets.UTF_8);
            first.appender(0).append(new UnsafeBuffer(bytes), 0, 1);
            second.appender(1).append(new UnsafeBuffer(bytes), 0, 1);
            second.appender(1).append(new UnsafeBuffer(bytes), 0, 1);
            try (PartitionedLog reader = PartitionedLog.openReadOnly(dir))
            {
                assertEquals(3, reader.recordCount());
                assertEquals(1, reader.partition(0).recordCount());
                assertEquals(2, reader.partition(1).recordCount());
            }
        }
    }
}

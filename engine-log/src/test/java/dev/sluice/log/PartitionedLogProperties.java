package dev.sluice.log;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A partitioned log is its partitions: whatever is appended by key comes back from each partition in the order it
 * was appended, read all at once or replayed from any record of each; key groups cut into contiguous ranges give every
 * key exactly one owner, and N partitions line up with P owners whenever P divides N.
 */
class PartitionedLogProperties
{
    private static final LogConfig SMALL = LogConfig.builder().segmentLength(4096).maxRecordLength(1000).build();

    @Provide
    Arbitrary<List<long[]>> keyedRecords()
    {
        // key, payload length
        return Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(0, 300))
            .as((key, length) -> new long[]{ key, length }).list().ofMaxSize(300);
    }

    @Property(tries = 40)
    void everyPartitionShouldHoldItsKeysInAppendOrderAndReplayFromAnyRecord(
        @ForAll("keyedRecords") final List<long[]> records,
        @ForAll @IntRange(min = 1, max = 5) final int partitions,
        @ForAll @IntRange(min = 0, max = 1000) final int replaySeed) throws Exception
    {
        final Path dir = LogFixtures.newTempDir("partitioned");
        try (PartitionedLog log = PartitionedLog.open(dir, partitions, SMALL))
        {
            final List<List<Long>> expected = new ArrayList<>();
            for (int p = 0; p < partitions; p++)
            {
                expected.add(new ArrayList<>());
            }
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1000]);
            long sequence = 0;
            for (final long[] record : records)
            {
                final int length = Math.max(LogFixtures.SEQUENCED_MIN_LENGTH, (int)record[1]);
                LogFixtures.fillSequenced(buffer, 0, length, sequence);
                assertTrue(log.append(record[0], buffer, 0, length) >= 0);
                expected.get(log.partitionOfKeyHash(record[0])).add(sequence++);
            }
            assertEquals(expected, readAll(log, new long[partitions]));

            // replay each partition from a record of its own
            final long[] from = new long[partitions];
            for (int p = 0; p < partitions; p++)
            {
                from[p] = expected.get(p).isEmpty() ? 0 : (replaySeed + p * 7L) % (expected.get(p).size() + 1);
            }
            final List<List<Long>> suffixes = new ArrayList<>();
            for (int p = 0; p < partitions; p++)
            {
                suffixes.add(expected.get(p).subList((int)from[p], expected.get(p).size()));
            }
            assertEquals(suffixes, readAll(log, from));
        }
        finally
        {
            LogFixtures.deleteRecursively(dir);
        }
    }

    private static List<List<Long>> readAll(final PartitionedLog log, final long[] fromRecords)
    {
        final List<List<Long>> read = new ArrayList<>();
        for (int p = 0; p < log.partitionCount(); p++)
        {
            read.add(new ArrayList<>());
        }
        try (PartitionedLogReader reader = log.openReaderAtRecords(fromRecords))
        {
            while (reader.poll((p, b, o, l, position) -> read.get(p).add(LogFixtures.checkSequenced(b, o, l)), 7) > 0)
            {
            }
        }
        return read;
    }

    @Property(tries = 200)
    void keyGroupsShouldGiveEveryKeyOneOwnerAndLineUpPartitionsWithWorkers(
        @ForAll @IntRange(min = 1, max = 64) final int workers,
        @ForAll @IntRange(min = 1, max = 8) final int partitionsPerWorker,
        @ForAll @IntRange(min = 0, max = 3) final int extraGroupsShift,
        @ForAll final long key)
    {
        final int partitions = workers * partitionsPerWorker;
        final int keyGroups = Math.min(KeyGroups.MAX_KEY_GROUPS, partitions << extraGroupsShift);
        final int group = KeyGroups.keyGroupOf(key, keyGroups);
        assertTrue(group >= 0 && group < keyGroups);
        final int worker = KeyGroups.ownerOf(group, keyGroups, workers);
        // the owner's range holds the group, and the ranges are contiguous and cover everything
        assertTrue(KeyGroups.firstKeyGroupOf(worker, keyGroups, workers) <= group);
        assertTrue(group < KeyGroups.firstKeyGroupOf(worker + 1, keyGroups, workers));
        assertEquals(0, KeyGroups.firstKeyGroupOf(0, keyGroups, workers));
        assertEquals(keyGroups, KeyGroups.firstKeyGroupOf(workers, keyGroups, workers));
        // the partition the key is written to belongs wholly to the worker that owns the key
        final int partition = KeyGroups.ownerOf(group, keyGroups, partitions);
        final int first = KeyGroups.firstKeyGroupOf(partition, keyGroups, partitions);
        final int last = KeyGroups.firstKeyGroupOf(partition + 1, keyGroups, partitions) - 1;
        assertEquals(worker, KeyGroups.ownerOf(first, keyGroups, workers));
        assertEquals(worker, KeyGroups.ownerOf(last, keyGroups, workers));
    }

    @Property(tries = 20)
    void keyGroupsShouldSpreadPackedKeysEvenly(@ForAll @IntRange(min = 2, max = 16) final int owners)
    {
        // keys that differ in low bits only, as packed (product, region) ids do
        final int[] counts = new int[owners];
        for (long product = 0; product < 1000; product++)
        {
            for (long region = 0; region < 8; region++)
            {
                counts[KeyGroups.ownerOfKey(product << 32 | region, KeyGroups.DEFAULT_KEY_GROUPS, owners)]++;
            }
        }
        final int mean = 8000 / owners;
        for (final int count : counts)
        {
            assertTrue(Math.abs(count - mean) < mean / 4 + 40, Arrays.toString(counts));
        }
    }
}

package dev.sluice.core;

import dev.sluice.core.source.InMemoryLog;
import dev.sluice.core.source.PartitionedSource;
import dev.sluice.core.source.SourceReader;

import java.util.List;

/**
 * In-memory logs as the partitions of one source, for tests: each written before the job starts and read by one
 * worker. {@link #keyGroups()} is 0 (records not routed by key) unless given.
 */
final class InMemoryPartitions implements PartitionedSource
{
    private final InMemoryLog[] partitions;
    private final int keyGroups;

    InMemoryPartitions(final List<List<TestEvent>> events, final int keyGroups)
    {
        this.partitions = new InMemoryLog[events.size()];
        final TestEvent.TestCodec codec = new TestEvent.TestCodec();
        for (int p = 0; p < partitions.length; p++)
        {
            partitions[p] = new InMemoryLog();
            for (final TestEvent e : events.get(p))
            {
                partitions[p].append(codec, e);
            }
        }
        this.keyGroups = keyGroups;
    }

    public int partitionCount()
    {
        return partitions.length;
    }

    public int keyGroups()
    {
        return keyGroups;
    }

    public SourceReader openPartition(final int partition)
    {
        return partitions[partition].all().open();
    }
}

package dev.sluice.core.source;

import dev.sluice.log.PartitionedLog;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Records of every partition of a {@link PartitionedLog}: a bounded range or the tails. Each partition is read as a
 * {@link LogSource} of its own; starts and ends are given per partition (positions, record numbers) or for all of
 * them (a timestamp), and resolved when a job opens the partition. Immutable; build with {@link #range} or
 * {@link #tail}.
 */
public final class PartitionedLogSource implements PartitionedSource
{
    private final PartitionedLog log;
    private final IntFunction<LogSource> partitionSource;

    private PartitionedLogSource(final PartitionedLog log, final IntFunction<LogSource> partitionSource)
    {
        this.log = log;
        this.partitionSource = partitionSource;
    }

    /**
     * @return every partition from its start to its tail when the job opens it; narrow with from/to methods.
     */
    public static PartitionedLogSource range(final PartitionedLog log)
    {
        return new PartitionedLogSource(log, p -> LogSource.range(log.partition(p)));
    }

    /**
     * @return every partition from its start, following new appends without end.
     */
    public static PartitionedLogSource tail(final PartitionedLog log)
    {
        return new PartitionedLogSource(log, p -> LogSource.tail(log.partition(p)));
    }

    /**
     * @param positions a position per partition.
     * @return a copy starting at those records.
     */
    public PartitionedLogSource fromPositions(final long[] positions)
    {
        final long[] copy = checked(positions);
        return with(p -> partitionSource.apply(p).fromPosition(copy[p]));
    }

    /**
     * @param recordNumbers a record number per partition (0 is each partition's first record ever).
     * @return a copy starting at those records.
     */
    public PartitionedLogSource fromRecords(final long[] recordNumbers)
    {
        final long[] copy = checked(recordNumbers);
        return with(p -> partitionSource.apply(p).fromRecord(copy[p]));
    }

    /**
     * @param timestampNs epoch ns.
     * @return a copy starting, in every partition, at its first record appended at or after that time.
     */
    public PartitionedLogSource fromTimestampNs(final long timestampNs)
    {
        return with(p -> partitionSource.apply(p).fromTimestampNs(timestampNs));
    }

    /**
     * @param positions an exclusive end position per partition.
     * @return a bounded copy.
     */
    public PartitionedLogSource toPositions(final long[] positions)
    {
        final long[] copy = checked(positions);
        return with(p -> partitionSource.apply(p).toPosition(copy[p]));
    }

    /**
     * @param timestampNs exclusive end in every partition.
     * @return a bounded copy.
     */
    public PartitionedLogSource toTimestampNs(final long timestampNs)
    {
        return with(p -> partitionSource.apply(p).toTimestampNs(timestampNs));
    }

    public int partitionCount()
    {
        return log.partitionCount();
    }

    public int keyGroups()
    {
        return log.keyGroups();
    }

    public SourceReader openPartition(final int partition)
    {
        return partitionSource.apply(partition).open();
    }

    public String toString()
    {
        return "PartitionedLogSource{" + log.directory() + ", partitions=" + log.partitionCount() + '}';
    }

    private PartitionedLogSource with(final IntFunction<LogSource> next)
    {
        return new PartitionedLogSource(log, next);
    }

    private long[] checked(final long[] values)
    {
        if (values.length != log.partitionCount())
        {
            throw new IllegalArgumentException(values.length + " values for the " + log.partitionCount() +
                " partitions of " + log.directory() + ": give one per partition");
        }
        return Arrays.copyOf(values, values.length);
    }
}

package dev.sluice.core.source;

import dev.sluice.core.function.PipelineDefinitionException;

/**
 * A source of several independently ordered inputs, its partitions: each is read by one worker of a parallel job,
 * has its own watermark, and is replayed from its own position. {@link PartitionedLogSource} reads the partitions of
 * a {@link dev.sluice.log.PartitionedLog}.
 * <p>
 * A job on one thread reads a single partition only; a source of more runs as a {@code ParallelJob} (at any
 * parallelism, 1 included), which merges the partitions' watermarks.
 */
public interface PartitionedSource extends Source
{
    /**
     * @return the number of partitions.
     */
    int partitionCount();

    /**
     * @return the key groups the partitions were routed by (see {@link dev.sluice.log.KeyGroups}), or 0 when the
     * records were not routed by key: a parallel job over the same key groups reads a partition without sending its
     * records elsewhere when the partition count is a multiple of its parallelism.
     */
    int keyGroups();

    /**
     * @param partition 0 .. {@link #partitionCount()} - 1.
     * @return a reader of that partition, positioned at this source's start in it; the job closes it.
     */
    SourceReader openPartition(int partition);

    /**
     * @return the reader of the only partition.
     * @throws PipelineDefinitionException when there are several.
     */
    default SourceReader open()
    {
        if (partitionCount() != 1)
        {
            throw new PipelineDefinitionException("a source of " + partitionCount() + " partitions has a watermark " +
                "per partition, which a job on one thread does not merge: run it with ParallelJob.create(...) at any" +
                " parallelism (1 included)");
        }
        return openPartition(0);
    }
}

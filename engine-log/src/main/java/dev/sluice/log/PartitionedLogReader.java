package dev.sluice.log;

import org.agrona.DirectBuffer;

/**
 * Reads every partition of a {@link PartitionedLog}, each in its own order, following their writers: one
 * {@link LogReader} per partition, polled in turn. A poll starts at the partition after the one the previous poll
 * started at, so that a busy partition does not starve the others. There is no order across partitions.
 *
 * <p>Not thread-safe: one thread polls a reader.
 */
public final class PartitionedLogReader implements AutoCloseable
{
    private final LogReader[] readers;
    private final PartitionTagger tagger = new PartitionTagger();
    private int nextPartition;
    private boolean closed;

    PartitionedLogReader(final LogReader[] readers)
    {
        this.readers = readers;
    }

    /**
     * Hands up to {@code limit} records, from the partitions in turn, to {@code handler}.
     *
     * @return records handed over; zero when no partition has anything new.
     * @throws CorruptLogException    at a corrupt record of a partition.
     * @throws LogTruncatedException when retention deleted records a partition's reader had not read.
     */
    public int poll(final PartitionedRecordHandler handler, final int limit)
    {
        if (closed)
        {
            throw new IllegalStateException("partitioned log reader is closed");
        }
        final int partitions = readers.length;
        final int first = nextPartition;
        nextPartition = first + 1 == partitions ? 0 : first + 1;
        tagger.handler = handler;
        int count = 0;
        for (int i = 0; i < partitions && count < limit; i++)
        {
            int p = first + i;
            if (p >= partitions)
            {
                p -= partitions;
            }
            tagger.partition = p;
            count += readers[p].poll(tagger, limit - count);
        }
        return count;
    }

    /**
     * @return partitions read.
     */
    public int partitionCount()
    {
        return readers.length;
    }

    /**
     * @return position of the next record this reader hands over from {@code partition}.
     */
    public long position(final int partition)
    {
        return readers[partition].position();
    }

    /**
     * @return record number of the next record this reader hands over from {@code partition}.
     */
    public long recordNumber(final int partition)
    {
        return readers[partition].recordNumber();
    }

    /**
     * @return the position of each partition's next record: a vector to resume from with
     * {@link PartitionedLog#openReader(long[])}.
     */
    public long[] positions()
    {
        final long[] positions = new long[readers.length];
        for (int p = 0; p < positions.length; p++)
        {
            positions[p] = readers[p].position();
        }
        return positions;
    }

    /**
     * @return records appended to any partition but not yet read by this reader.
     */
    public long lagRecords()
    {
        long lag = 0;
        for (final LogReader reader : readers)
        {
            lag += reader.lagRecords();
        }
        return lag;
    }

    /**
     * Releases the segment each partition's reader holds.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            for (final LogReader reader : readers)
            {
                reader.close();
            }
        }
    }

    /**
     * Hands a partition's records on with the partition: one object, re-aimed per partition, no allocation.
     */
    private static final class PartitionTagger implements RecordHandler
    {
        PartitionedRecordHandler handler;
        int partition;

        public void onRecord(final DirectBuffer buffer, final int offset, final int length, final long position)
        {
            handler.onRecord(partition, buffer, offset, length, position);
        }
    }
}

package dev.sluice.log;

import org.agrona.DirectBuffer;

/**
 * Receives the records of a {@link PartitionedLogReader}: a {@link RecordHandler} that is also told the partition.
 * The buffer is a view valid only during the call; nothing is allocated per record.
 */
@FunctionalInterface
public interface PartitionedRecordHandler
{
    /**
     * @param partition the partition the record is in.
     * @param buffer    holding the payload.
     * @param offset    of the payload.
     * @param length    of the payload.
     * @param position  the record's position in its partition.
     */
    void onRecord(int partition, DirectBuffer buffer, int offset, int length, long position);
}

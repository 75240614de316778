package dev.sluice.log;

import org.agrona.DirectBuffer;

/**
 * Receives records from {@link LogReader#poll} and {@link Log#scan}. The buffer is a view over the
 * mapped segment, valid only during the call: copy what must outlive it. The append timestamp is at
 * {@link RecordDescriptor#timestampNs(DirectBuffer, int)}.
 */
@FunctionalInterface
public interface RecordHandler
{
    /**
     * @param buffer   the segment the record lies in.
     * @param offset   where the payload starts in {@code buffer}.
     * @param length   payload length in bytes, possibly zero.
     * @param position log position of the record (of its header), usable to replay from it.
     */
    void onRecord(DirectBuffer buffer, int offset, int length, long position);
}

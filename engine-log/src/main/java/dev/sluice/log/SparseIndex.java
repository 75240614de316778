package dev.sluice.log;

import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Every {@link #STRIDE}-th record of one segment: its offset and append timestamp, so that replay
 * from a record number or a timestamp hops over at most {@code STRIDE} records after a binary
 * search. Built by walking the segment's frames (checksums included) the first time it is needed
 * and extended as the segment grows. Cold path: guarded by its own monitor.
 */
final class SparseIndex
{
    static final int STRIDE = 256;

    final long basePosition;
    final long baseRecordNumber;
    private int[] offsets = new int[16];
    private long[] timestamps = new long[16];
    private int entries;
    /** Offset after the last indexed record, and records in [header, endOffset). */
    private int endOffset = SegmentDescriptor.HEADER_LENGTH;
    private long records;
    private long lastTimestamp = Long.MIN_VALUE;
    private boolean sealed;

    SparseIndex(final long basePosition, final long baseRecordNumber)
    {
        this.basePosition = basePosition;
        this.baseRecordNumber = baseRecordNumber;
    }

    /**
     * Walks the frames after what is already indexed.
     *
     * @throws CorruptLogException on a frame that is neither a record, padding nor the end.
     */
    synchronized void extend(final Segment segment, final CRC32C crc)
    {
        if (sealed)
        {
            return;
        }
        int offset = endOffset;
        while (true)
        {
            final int check = segment.checkFrame(crc, offset);
            if (check == Segment.END)
            {
                sealed = offset >= segment.segmentLength;
                break;
            }
            if (check == Segment.PADDING)
            {
                sealed = true;
                break;
            }
            if (check < 0)
            {
                throw new CorruptLogException(segment.file, basePosition + offset, Segment.describe(check));
            }
            final long timestamp = segment.buffer.getLong(offset + RecordDescriptor.TIMESTAMP_OFFSET);
            if (records % STRIDE == 0)
            {
                if (entries == offsets.length)
                {
                    offsets = Arrays.copyOf(offsets, entries * 2);
                    timestamps = Arrays.copyOf(timestamps, entries * 2);
                }
                offsets[entries] = offset;
                timestamps[entries] = timestamp;
                entries++;
            }
            lastTimestamp = timestamp;
            records++;
            offset += check;
        }
        endOffset = offset;
    }

    synchronized long records()
    {
        return records;
    }

    synchronized int endOffset()
    {
        return endOffset;
    }

    /**
     * @return true when no record can follow: the segment ends in padding or is full.
     */
    synchronized boolean sealed()
    {
        return sealed;
    }

    synchronized long lastTimestamp()
    {
        return lastTimestamp;
    }

    /**
     * @return the offset of record {@code recordNumber}, which must lie in this segment's indexed part,
     * or {@code -1} if it does not.
     */
    synchronized int offsetOfRecord(final Segment segment, final long recordNumber)
    {
        final long inSegment = recordNumber - baseRecordNumber;
        if (inSegment < 0 || inSegment >= records)
        {
            return -1;
        }
        final int entry = (int)(inSegment / STRIDE);
        int offset = offsets[entry];
        for (long n = (long)entry * STRIDE; n < inSegment; n++)
        {
            offset += RecordDescriptor.alignedFrameLength(
                segment.buffer.getInt(offset) - RecordDescriptor.HEADER_LENGTH);
        }
        return offset;
    }

    /**
     * @return record number (within the log) of the record at {@code offset}, or {@code -1} when no
     * indexed record starts there.
     */
    synchronized long recordNumberAt(final Segment segment, final int offset)
    {
        if (offset == endOffset)
        {
            return baseRecordNumber + records;
        }
        int entry = Arrays.binarySearch(offsets, 0, entries, offset);
        if (entry >= 0)
        {
            return baseRecordNumber + (long)entry * STRIDE;
        }
        entry = -entry - 2;
        if (entry < 0)
        {
            return -1;
        }
        int at = offsets[entry];
        long n = (long)entry * STRIDE;
        while (at < offset && n < records)
        {
            at += RecordDescriptor.alignedFrameLength(segment.buffer.getInt(at) - RecordDescriptor.HEADER_LENGTH);
            n++;
        }
        return at == offset ? baseRecordNumber + n : -1;
    }

    /**
     * @return offset of the first indexed record with a timestamp at or after {@code timestampNs}, or
     * {@link #endOffset()} when every indexed record is older.
     */
    synchronized int offsetOfTimestamp(final Segment segment, final long timestampNs)
    {
        if (entries == 0 || lastTimestamp < timestampNs)
        {
            return endOffset;
        }
        // last entry whose timestamp is before the target: the answer lies within its stride
        int low = 0;
        int high = entries - 1;
        int start = 0;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            if (timestamps[mid] < timestampNs)
            {
                start = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        int offset = offsets[start];
        long n = (long)start * STRIDE;
        while (n < records && segment.buffer.getLong(offset + RecordDescriptor.TIMESTAMP_OFFSET) < timestampNs)
        {
            offset += RecordDescriptor.alignedFrameLength(segment.buffer.getInt(offset) - RecordDescriptor.HEADER_LENGTH);
            n++;
        }
        return offset;
    }
}

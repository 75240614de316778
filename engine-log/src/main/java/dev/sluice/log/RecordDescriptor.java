package dev.sluice.log;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;

/**
 * Layout of one record (frame) in a segment. Frames start at {@link #ALIGNMENT}-aligned offsets.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                         Frame Length                          |  header + payload, unaligned
 *  +---------------------------------------------------------------+
 *  |                     Checksum (CRC32C)                         |  over timestamp and payload
 *  +---------------------------------------------------------------+
 *  |                  Append Timestamp (epoch ns)                  |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                          Payload                             ...
 * ...                                                              |
 *  +---------------------------------------------------------------+
 *  |                   Zero padding to 8 bytes                     |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * The frame length word is written last with release ordering: a reader that sees it non-zero
 * (with acquire ordering) sees the whole frame. Its values mean:
 * <ul>
 *   <li>{@code 0}: not yet written, the tail of the log;</li>
 *   <li>{@code > 0}: a record of that many bytes, header included;</li>
 *   <li>{@code < 0}: padding to the end of the segment: the rest of the segment, {@code -length}
 *       bytes, is unused and the next record starts in the next segment.</li>
 * </ul>
 */
public final class RecordDescriptor
{
    /** Frames start at multiples of this many bytes. */
    public static final int ALIGNMENT = 8;

    /** Bytes of header in front of every payload. */
    public static final int HEADER_LENGTH = 16;

    public static final int LENGTH_OFFSET = 0;
    public static final int CHECKSUM_OFFSET = 4;
    public static final int TIMESTAMP_OFFSET = 8;

    private RecordDescriptor()
    {
    }

    /**
     * @param payloadLength bytes of payload.
     * @return bytes the frame takes in the segment, header and alignment padding included.
     */
    public static int alignedFrameLength(final int payloadLength)
    {
        return BitUtil.align(HEADER_LENGTH + payloadLength, ALIGNMENT);
    }

    /**
     * The append timestamp of the record whose payload starts at {@code payloadOffset}, as handed to a
     * {@link RecordHandler}: the header sits just in front of the payload.
     *
     * @param buffer        the buffer a handler was given.
     * @param payloadOffset the payload offset a handler was given.
     * @return the append time of the record in nanoseconds since the epoch.
     */
    public static long timestampNs(final DirectBuffer buffer, final int payloadOffset)
    {
        return buffer.getLong(payloadOffset - HEADER_LENGTH + TIMESTAMP_OFFSET);
    }
}

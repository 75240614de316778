package dev.sluice.log;

import java.nio.ByteOrder;

/**
 * Layout of a segment file. A segment is a fixed-size file named by the log position of its first
 * byte ({@code 00000000000000000000.seg}, 20 decimal digits), made whole under a temporary name and
 * renamed into place, so a segment file that exists always has a complete header.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    Magic "SLUICELG"                           |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        Format Version                         |
 *  +---------------------------------------------------------------+
 *  |                        Segment Length                         |  bytes, header included
 *  +---------------------------------------------------------------+
 *  |                 Base Position (log position of byte 0)        |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |        Base Record Number (records in all earlier segments)   |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 Created (epoch ms)                            |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                Header Checksum (CRC32C of bytes 0..39)        |
 *  +---------------------------------------------------------------+
 *  |                 Reserved, zero, to byte 64                   ...
 *  +---------------------------------------------------------------+
 *  |                 Frames (see RecordDescriptor)                ...
 * </pre>
 *
 * All fields are little-endian. A log position is {@code basePosition + offset in segment}, so the
 * first record of every segment is at {@code basePosition + HEADER_LENGTH}.
 */
public final class SegmentDescriptor
{
    public static final long MAGIC = 0x474C45434955_4C53L; // "SLUICELG" read little-endian
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 64;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int SEGMENT_LENGTH_OFFSET = 12;
    public static final int BASE_POSITION_OFFSET = 16;
    public static final int BASE_RECORD_NUMBER_OFFSET = 24;
    public static final int CREATED_MS_OFFSET = 32;
    public static final int HEADER_CHECKSUM_OFFSET = 40;

    public static final String SUFFIX = ".seg";
    public static final String TEMP_SUFFIX = ".seg.tmp";

    /** Smallest segment: a header and one frame with a 64-byte payload. */
    public static final int MIN_SEGMENT_LENGTH = 4096;
    /** Largest segment: one mapping, addressed by an int offset. */
    public static final int MAX_SEGMENT_LENGTH = 1 << 30;

    static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    private SegmentDescriptor()
    {
    }

    /**
     * @param basePosition log position of the segment's first byte.
     * @return the segment's file name.
     */
    public static String fileName(final long basePosition)
    {
        return String.format("%020d%s", basePosition, SUFFIX);
    }

    /**
     * @param fileName a file name found in a log directory.
     * @return the base position it names, or {@code -1} when it is not a segment's name.
     */
    public static long parseBasePosition(final String fileName)
    {
        if (fileName.length() != 20 + SUFFIX.length() || !fileName.endsWith(SUFFIX))
        {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < 20; i++)
        {
            final char c = fileName.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            value = value * 10 + (c - '0');
            if (value < 0)
            {
                return -1;
            }
        }
        return value;
    }
}

package dev.sluice.core.checkpoint;


/**
 * Layout of a checkpoint file, {@code checkpoint-<id, 20 digits>.ckpt}, little-endian:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     Magic "SLCKPT\0\1"                        |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        Format Version                         |
 *  +---------------------------------------------------------------+
 *  |                    Pipeline Version (user's)                  |
 *  +---------------------------------------------------------------+
 *  |                         Checkpoint Id                         |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        Created (epoch ms)                     |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   State Layout Fingerprint                    |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 Pipeline Name Length (0..255)                 |
 *  +---------------------------------------------------------------+
 *  |                          Body Length                          |
 *  +---------------------------------------------------------------+
 *  |                  Reserved, zero, to byte 64                  ...
 *  +---------------------------------------------------------------+
 *  |                   Pipeline Name (UTF-8)                      ...
 *  +---------------------------------------------------------------+
 *  |                  Body (written by the job)                   ...
 *  +---------------------------------------------------------------+
 *  |              CRC32C of every byte before this one             |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * A file is valid only when its size is exactly header + name + body + 4 and the trailing checksum
 * matches: a half-written or bit-flipped file is never half-loaded.
 */
public final class CheckpointDescriptor
{
    public static final long MAGIC = 0x0100_5450_4B43_4C53L; // "SLCKPT\0\1" read little-endian
    public static final int FORMAT_VERSION = 1;
    public static final int HEADER_LENGTH = 64;
    public static final int TRAILER_LENGTH = 4;
    public static final int MAX_NAME_LENGTH = 255;
    /** Largest body a checkpoint may hold; a larger length read from disk is corruption. */
    public static final int MAX_BODY_LENGTH = Integer.MAX_VALUE - 1024;

    public static final int MAGIC_OFFSET = 0;
    public static final int FORMAT_VERSION_OFFSET = 8;
    public static final int PIPELINE_VERSION_OFFSET = 12;
    public static final int CHECKPOINT_ID_OFFSET = 16;
    public static final int CREATED_MS_OFFSET = 24;
    public static final int FINGERPRINT_OFFSET = 32;
    public static final int NAME_LENGTH_OFFSET = 40;
    public static final int BODY_LENGTH_OFFSET = 44;

    public static final String PREFIX = "checkpoint-";
    public static final String SUFFIX = ".ckpt";
    public static final String TEMP_SUFFIX = ".ckpt.tmp";

    private CheckpointDescriptor()
    {
    }

    public static String fileName(final long checkpointId)
    {
        return String.format("%s%020d%s", PREFIX, checkpointId, SUFFIX);
    }

    /**
     * @return the checkpoint id a file name carries, or -1 when it is not a checkpoint's name.
     */
    public static long parseId(final String fileName)
    {
        if (!fileName.startsWith(PREFIX) || !fileName.endsWith(SUFFIX) ||
            fileName.length() != PREFIX.length() + 20 + SUFFIX.length())
        {
            return -1;
        }
        long id = 0;
        for (int i = PREFIX.length(); i < PREFIX.length() + 20; i++)
        {
            final char c = fileName.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            id = id * 10 + (c - '0');
            if (id < 0)
            {
                return -1;
            }
        }
        return id;
    }
}

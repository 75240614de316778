package dev.sluice.log;

import java.nio.file.Path;

/**
 * A segment file holds bytes that are not a whole, checksummed record where one must be. The
 * corrupt bytes are never handed out as data.
 */
public final class CorruptLogException extends LogException
{
    /** The way out of a segment that is missing: its records cannot be had from this log again. */
    static final String LOST_SEGMENT = "nothing was changed: restore the missing file from a copy, or move the log" +
        " aside and write it again from its source";

    private final Path file;
    private final long position;

    public CorruptLogException(final Path file, final long position, final String reason)
    {
        this(file, position, reason, "the records before it are intact: restore the file from a copy, or move the" +
            " segment and the ones after it out of the directory and open the log with" +
            " LogConfig.builder().acceptLostTail(true) to go on without them");
    }

    /**
     * @param wayOut what the reader of the message can do about it.
     */
    public CorruptLogException(final Path file, final long position, final String reason, final String wayOut)
    {
        super("corrupt log: " + reason + " in " + file + " at position " + position + "; " + wayOut);
        this.file = file;
        this.position = position;
    }

    /**
     * @return the segment file that holds the corruption.
     */
    public Path file()
    {
        return file;
    }

    /**
     * @return log position at which the corruption starts, or the segment's base when the header is bad.
     */
    public long position()
    {
        return position;
    }
}

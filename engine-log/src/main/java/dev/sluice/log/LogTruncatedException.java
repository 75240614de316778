package dev.sluice.log;

/**
 * A reader or cursor asked for a position that retention has already deleted: the records between
 * it and the oldest retained position are lost to this reader.
 */
public final class LogTruncatedException extends LogException
{
    private final long requestedPosition;
    private final long oldestPosition;
    private final long lostRecords;

    public LogTruncatedException(
        final String who, final long requestedPosition, final long oldestPosition, final long lostRecords)
    {
        super(who + " is at position " + requestedPosition + " but retention deleted everything before " +
            oldestPosition + ": " + (oldestPosition - requestedPosition) + " bytes" +
            (lostRecords >= 0 ? " (" + lostRecords + " records)" : "") + " are lost to it;" +
            " consume faster or raise LogConfig retention, then resume from " + oldestPosition);
        this.requestedPosition = requestedPosition;
        this.oldestPosition = oldestPosition;
        this.lostRecords = lostRecords;
    }

    public long requestedPosition()
    {
        return requestedPosition;
    }

    public long oldestPosition()
    {
        return oldestPosition;
    }

    /**
     * @return records lost, or {@code -1} when the reader's record number was not known.
     */
    public long lostRecords()
    {
        return lostRecords;
    }

    public long lostBytes()
    {
        return oldestPosition - requestedPosition;
    }
}

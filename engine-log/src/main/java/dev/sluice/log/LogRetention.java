package dev.sluice.log;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Retention by size and age: which whole oldest segments go, and the order that keeps the log's start known
 * whatever crash comes in between: warn the cursors it overtakes, record the new start in {@link LogStart},
 * then delete. The writer's business; called on each roll and on open, under the log's lock.
 */
final class LogRetention
{
    private static final System.Logger LOGGER = System.getLogger(LogRetention.class.getName());

    /** The log's view of its segments, for retention. */
    interface Segments
    {
        /**
         * @return when the segment at {@code base} was made, epoch ms.
         */
        long createdMs(long base);

        /**
         * @return the first record number of the segment at {@code base}.
         */
        long baseRecordNumber(long base);

        /**
         * Forgets what the log holds of a deleted segment (indexes, readers' mappings).
         */
        void deleted(long base);
    }

    private final Path dir;
    private final int segmentLength;
    private final long retentionBytes;
    private final long retentionAgeMs;

    LogRetention(final Path dir, final int segmentLength, final LogConfig config)
    {
        this.dir = dir;
        this.segmentLength = segmentLength;
        this.retentionBytes = config.retentionBytes();
        this.retentionAgeMs = config.retentionAgeMs();
    }

    /**
     * @param oldest  the oldest segment's base.
     * @param active  the base of the segment being written, which is kept.
     * @param nowMs   the log clock's time, epoch ms.
     * @return the base of the oldest segment to keep: {@code oldest} when nothing is due.
     */
    long newOldest(final long oldest, final long active, final long nowMs, final Segments segments)
    {
        long newOldest = oldest;
        while (newOldest < active)
        {
            final boolean overSize = active - newOldest + segmentLength > retentionBytes;
            // a sealed segment's newest record is older than the next segment's creation
            final boolean overAge = retentionAgeMs != Long.MAX_VALUE &&
                segments.createdMs(newOldest + segmentLength) < nowMs - retentionAgeMs;
            if (!overSize && !overAge)
            {
                break;
            }
            newOldest += segmentLength;
        }
        return newOldest;
    }

    /**
     * Records {@code newOldest} as the log's start, before {@link #deleteBelow} deletes anything: a log whose oldest
     * segment lies past its recorded start has lost segments, one whose oldest lies before it was interrupted here.
     */
    void recordStart(final long newOldest, final Segments segments)
    {
        warnLaggingCursors(newOldest);
        try
        {
            LogStart.write(dir, new LogStart(newOldest, segments.baseRecordNumber(newOldest)));
        }
        catch (final IOException ex)
        {
            throw new LogException("retention could not record the log's new start in " +
                dir.resolve(LogStart.FILE_NAME) + ", so it deleted nothing: " + ex, ex);
        }
    }

    /**
     * Deletes the segments in {@code [oldest, newOldest)}, after {@link #recordStart}.
     *
     * @return segments deleted.
     */
    int deleteBelow(final long oldest, final long newOldest, final Segments segments)
    {
        int deleted = 0;
        for (long base = oldest; base < newOldest; base += segmentLength)
        {
            final Path file = dir.resolve(SegmentDescriptor.fileName(base));
            try
            {
                Files.deleteIfExists(file);
            }
            catch (final IOException ex)
            {
                throw new LogException("retention could not delete " + file + ": " + ex, ex);
            }
            segments.deleted(base);
            deleted++;
        }
        return deleted;
    }

    private void warnLaggingCursors(final long newOldestBase)
    {
        final Path cursorDir = dir.resolve("cursors");
        if (!Files.isDirectory(cursorDir))
        {
            return;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(cursorDir, "*" + LogCursor.SUFFIX))
        {
            for (final Path file : stream)
            {
                final long position = LogCursor.readPosition(file);
                if (position >= 0 && position < newOldestBase)
                {
                    LOGGER.log(System.Logger.Level.WARNING, "retention deletes records cursor " + file.getFileName() +
                        " has not consumed: it is at position " + position + ", the log now starts at " +
                        (newOldestBase + SegmentDescriptor.HEADER_LENGTH) + "; that consumer loses data");
                }
            }
        }
        catch (final IOException ex)
        {
            LOGGER.log(System.Logger.Level.WARNING, "cannot check cursors in " + cursorDir + ": " + ex);
        }
    }
}

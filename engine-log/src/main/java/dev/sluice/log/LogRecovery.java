package dev.sluice.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Makes a log whole before its writer appends: what {@link Log#open} finds, checks and repairs.
 *
 * <ul>
 *   <li>Temporary files of a segment or a {@code log.start} that was being made are deleted: they were never
 *       renamed into place, so never used.</li>
 *   <li>The segments must run without a gap from the recorded {@link LogStart} to the newest. A segment
 *       missing at the head, in the middle or after a sealed newest one is loss, reported as a
 *       {@link CorruptLogException} naming the missing file, never read as an empty stretch. Segments below
 *       the start are the remains of a retention that a crash interrupted, and are deleted.</li>
 *   <li>The newest two segments are walked record by record: a torn tail is cut back to the last whole
 *       record, the one before the newest is sealed if a crash left it open, and every byte after the
 *       newest's tail is written as zeros through the file, so the file system backs the space the appender
 *       will write through its mapping (a mapped write into space it cannot back is a SIGBUS).</li>
 * </ul>
 *
 * Opening costs a directory listing and three headers however many segments the log holds; the segments in
 * between are checked when a reader maps them.
 */
final class LogRecovery
{
    private static final System.Logger LOGGER = System.getLogger(LogRecovery.class.getName());

    int segmentLength;
    long oldestBase;
    Segment tail;
    int tailOffset;
    long recordCount;
    long lastTimestampNs = Long.MIN_VALUE;
    long cutBytes;
    String note;

    private final Path dir;
    private final LogConfig config;

    private LogRecovery(final Path dir, final LogConfig config)
    {
        this.dir = dir;
        this.config = config;
    }

    /**
     * @return what the appender starts from; its {@link #tail} is mapped for writing and belongs to the caller.
     */
    static LogRecovery recover(final Path dir, final LogConfig config) throws IOException
    {
        final LogRecovery recovery = new LogRecovery(dir, config);
        try
        {
            recovery.run();
        }
        catch (final IOException | RuntimeException ex)
        {
            if (recovery.tail != null)
            {
                recovery.tail.close();
            }
            throw ex;
        }
        return recovery;
    }

    private void run() throws IOException
    {
        deleteTemporaryFiles();
        final List<Long> bases = Log.listSegmentBases(dir);
        final LogStart start = LogStart.read(dir);
        if (bases.isEmpty())
        {
            if (start != null)
            {
                throw new CorruptLogException(segmentFile(start.basePosition), start.basePosition, "every segment" +
                    " file is missing, yet " + LogStart.FILE_NAME + " says the log starts here, at record " +
                    start.baseRecordNumber + ": its records are lost", CorruptLogException.LOST_SEGMENT);
            }
            segmentLength = config.segmentLength();
            oldestBase = 0;
            tail = Segment.create(dir, 0, 0, segmentLength, nowMs());
            LogStart.write(dir, new LogStart(0, 0));
            tailOffset = SegmentDescriptor.HEADER_LENGTH;
            note = "created a new log";
            return;
        }

        checkStart(bases, start);
        final Segment.SegmentHeader oldest = Segment.SegmentHeader.read(segmentFile(bases.get(0)));
        segmentLength = oldest.segmentLength;
        oldestBase = oldest.basePosition;
        for (int i = 1; i < bases.size(); i++)
        {
            final long expected = bases.get(i - 1) + segmentLength;
            if (bases.get(i) != expected)
            {
                throw new CorruptLogException(segmentFile(expected), expected, "segment file is missing, yet the" +
                    " log goes on after it (the next segment is " + SegmentDescriptor.fileName(bases.get(i)) +
                    "): the records in it are lost", CorruptLogException.LOST_SEGMENT);
            }
        }
        walkNewest(bases);
    }

    private void deleteTemporaryFiles() throws IOException
    {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SegmentDescriptor.TEMP_SUFFIX))
        {
            for (final Path temp : stream)
            {
                Files.delete(temp);
            }
        }
        Files.deleteIfExists(dir.resolve(LogStart.TEMP_NAME));
    }

    /**
     * Checks the oldest segment against the recorded start, deleting what an interrupted retention left.
     */
    private void checkStart(final List<Long> bases, final LogStart start) throws IOException
    {
        if (start == null)
        {
            if (bases.get(0) != 0)
            {
                throw new CorruptLogException(segmentFile(0), 0, "segment files are missing at the head: the oldest" +
                    " is " + SegmentDescriptor.fileName(bases.get(0)) + ", and no " + LogStart.FILE_NAME + " says" +
                    " that retention deleted the ones before it: their records are lost",
                    CorruptLogException.LOST_SEGMENT);
            }
            // a log made before its start was recorded, or by a crash between its first segment and log.start
            LogStart.write(dir, new LogStart(0, Segment.SegmentHeader.read(segmentFile(0)).baseRecordNumber));
            return;
        }
        if (bases.get(0) > start.basePosition)
        {
            final long found = Segment.SegmentHeader.read(segmentFile(bases.get(0))).baseRecordNumber;
            throw new CorruptLogException(segmentFile(start.basePosition), start.basePosition, "segment file is" +
                " missing at the head: the log starts here (" + LogStart.FILE_NAME + "), but its oldest segment is " +
                SegmentDescriptor.fileName(bases.get(0)) + "; records " + start.baseRecordNumber + " to " +
                (found - 1) + " are lost", CorruptLogException.LOST_SEGMENT);
        }
        while (!bases.isEmpty() && bases.get(0) < start.basePosition)
        {
            // retention records the new start before it deletes: a crash in between leaves these behind
            Files.deleteIfExists(segmentFile(bases.remove(0)));
        }
        if (bases.isEmpty() || bases.get(0) != start.basePosition)
        {
            throw new CorruptLogException(segmentFile(start.basePosition), start.basePosition, "segment file is" +
                " missing at the head: the log starts here (" + LogStart.FILE_NAME + "), but no segment does",
                CorruptLogException.LOST_SEGMENT);
        }
    }

    private void walkNewest(final List<Long> bases) throws IOException
    {
        final int newestIndex = bases.size() - 1;
        for (int i = Math.max(0, newestIndex - 1); i <= newestIndex; i++)
        {
            checkLengthAndSize(bases.get(i), i == newestIndex);
        }
        final CRC32C crc = new CRC32C();
        final StringBuilder walkNote = new StringBuilder();
        long expectedBaseRecord = -1;
        // the segment before the newest may have been left unsealed by a crash right after the newest was made
        for (int i = Math.max(0, newestIndex - 1); i <= newestIndex; i++)
        {
            final boolean newest = i == newestIndex;
            Segment segment = Segment.open(segmentFile(bases.get(i)), false);
            if (expectedBaseRecord >= 0 && segment.baseRecordNumber != expectedBaseRecord)
            {
                final boolean empty = segment.buffer.getInt(SegmentDescriptor.HEADER_LENGTH) == 0;
                segment.close();
                if (!newest || !empty)
                {
                    throw new CorruptLogException(segment.file, segment.basePosition, "base record number " +
                        segment.baseRecordNumber + " does not follow the previous segment's " + expectedBaseRecord);
                }
                Files.delete(segment.file);
                segment = Segment.create(dir, bases.get(i), expectedBaseRecord, segmentLength, nowMs());
            }
            final long[] scan;
            try
            {
                scan = walk(segment, crc, walkNote);
            }
            catch (final RuntimeException ex)
            {
                // a corrupt log stays closed: leave no mapping behind
                segment.close();
                throw ex;
            }
            final int walkedTail = (int)scan[0];
            if (scan[2] != Long.MIN_VALUE)
            {
                lastTimestampNs = scan[2];
            }
            expectedBaseRecord = segment.baseRecordNumber + scan[1];
            cutBytes += scan[3];
            if (!newest)
            {
                if (walkedTail < segmentLength)
                {
                    segment.buffer.putIntOrdered(walkedTail, -(segmentLength - walkedTail));
                    segment.force(walkedTail, 8);
                }
                segment.close();
                continue;
            }
            tail = segment;
            tailOffset = walkedTail;
            recordCount = expectedBaseRecord;
            if (scan[4] != 0)
            {
                checkSealedNewest(segment);
            }
            else
            {
                backTail(segment);
            }
            if (lastTimestampNs == Long.MIN_VALUE)
            {
                lastTimestampNs = segment.createdMs * 1_000_000;
            }
        }
        note = "opened " + bases.size() + " segment(s), " + recordCount + " records" +
            (walkNote.length() > 0 ? "; " + walkNote : "");
        if (cutBytes > 0)
        {
            LOGGER.log(System.Logger.Level.WARNING, "log " + dir + ": " + walkNote);
        }
    }

    private void checkLengthAndSize(final long base, final boolean newest) throws IOException
    {
        final Path file = segmentFile(base);
        final Segment.SegmentHeader header = Segment.SegmentHeader.read(file);
        if (header.segmentLength != segmentLength)
        {
            throw new CorruptLogException(file, base, "segment length " + header.segmentLength +
                " differs from the log's " + segmentLength);
        }
        final long size = Files.size(file);
        if (size > segmentLength || (size < segmentLength && !newest))
        {
            throw new CorruptLogException(file, base, "segment file is " + size + " bytes where its header says " +
                segmentLength + " (truncated or extended)");
        }
        if (size < segmentLength)
        {
            // the newest segment was cut short: what is left is whole or a torn tail, and the rest reads as zeros
            // (backTail then has the file system back them before the appender writes there)
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
            {
                channel.write(ByteBuffer.allocate(1), segmentLength - 1);
            }
            catch (final IOException ex)
            {
                throw Log.noSpaceOr(dir, segmentLength - size, "extend the cut-short newest segment " + file, ex);
            }
        }
    }

    /**
     * The newest segment is sealed: the appender makes the next segment before it seals one, so a next segment
     * was there, and is gone with the records in it.
     */
    private void checkSealedNewest(final Segment segment)
    {
        final long missing = segment.basePosition + segmentLength;
        if (!config.acceptLostTail())
        {
            throw new CorruptLogException(segmentFile(missing), missing, "segment file is missing at the tail: the" +
                " segment before it (" + segment.file.getFileName() + ", records up to " + (recordCount - 1) +
                ") is sealed, so the log went on into this one, whose records are lost; restore it, or open the" +
                " log with LogConfig.builder().acceptLostTail(true) to append after the sealed segment",
                "nothing was changed");
        }
        LOGGER.log(System.Logger.Level.WARNING, "log " + dir + ": segment " + segmentFile(missing).getFileName() +
            " and any after it are missing; appending goes on after record " + (recordCount - 1) +
            " (acceptLostTail): what they held is lost");
        note = "accepted a lost tail after " + segment.file.getFileName();
    }

    private void backTail(final Segment segment) throws IOException
    {
        try
        {
            segment.backWithZeros(tailOffset);
        }
        catch (final IOException ex)
        {
            throw Log.noSpaceOr(dir, segmentLength - tailOffset, "back the newest segment " + segment.file +
                " after its last record", ex);
        }
    }

    private long nowMs()
    {
        return config.clock().nanoTime() / 1_000_000;
    }

    private Path segmentFile(final long base)
    {
        return dir.resolve(SegmentDescriptor.fileName(base));
    }

    /**
     * Walks a segment's frames from its header to the end of whole records, cutting a torn tail.
     *
     * @return {tail offset, records, last timestamp, bytes cut, 1 if sealed by padding}.
     * @throws CorruptLogException when a bad frame has whole records after it: that is not a torn tail.
     */
    private static long[] walk(final Segment segment, final CRC32C crc, final StringBuilder note)
    {
        int offset = SegmentDescriptor.HEADER_LENGTH;
        long records = 0;
        long lastTimestamp = Long.MIN_VALUE;
        while (true)
        {
            final int check = segment.checkFrame(crc, offset);
            if (check == Segment.END)
            {
                break;
            }
            if (check == Segment.PADDING)
            {
                return new long[] {segment.segmentLength, records, lastTimestamp, 0, 1};
            }
            if (check < 0)
            {
                if (segment.anyValidFrameFrom(crc, offset + RecordDescriptor.ALIGNMENT))
                {
                    throw new CorruptLogException(segment.file, segment.basePosition + offset,
                        Segment.describe(check) + " with whole records after it (not a torn tail)");
                }
                note.append("cut a torn tail (").append(Segment.describe(check)).append(") at position ")
                    .append(segment.basePosition + offset).append(" in ").append(segment.file.getFileName());
                break;
            }
            lastTimestamp = segment.buffer.getLong(offset + RecordDescriptor.TIMESTAMP_OFFSET);
            records++;
            offset += check;
        }
        // everything after the tail must read as zero: a reader takes a non-zero length as a record. Only bytes
        // read as non-zero are written here, and those the file system has backed already
        long cut = 0;
        final int length = segment.segmentLength;
        for (int at = offset; at < length; at += 8)
        {
            if (segment.buffer.getLong(at) != 0)
            {
                segment.buffer.putLong(at, 0);
                cut = at + 8 - offset;
            }
        }
        if (cut > 0)
        {
            segment.force(offset, (int)cut);
            if (note.length() == 0)
            {
                note.append("zeroed ").append(cut).append(" unpublished bytes after the tail at position ")
                    .append(segment.basePosition + offset);
            }
        }
        return new long[] {offset, records, lastTimestamp, cut, 0};
    }
}

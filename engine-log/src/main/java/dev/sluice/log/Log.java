package dev.sluice.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * An append-only log in a directory of fixed-size, memory-mapped segment files.
 *
 * <pre>
 *   dir/
 *     00000000000000000000.seg    segment at log position 0          (SegmentDescriptor)
 *     00000000000067108864.seg    next segment, one segment length on
 *     000...134217728.prepared.seg.tmp  the one after, made ahead     (SegmentPreparer)
 *     cursors/NAME.cursor         durable consumer positions          (LogCursor)
 *     log.start                   where the log starts                (LogStart)
 *     writer.lock                 held by the one writing process     (WriterLock)
 * </pre>
 *
 * <p>One process opens a log for writing ({@link #open}): it takes {@code writer.lock}, makes the log whole
 * ({@code LogRecovery}: a torn tail cut back to the last whole record, a missing segment reported), and owns the
 * single {@link LogAppender}; retention ({@code LogRetention}) deletes whole oldest segments. Any number of
 * readers in this JVM and other processes ({@link #openReadOnly}) read concurrently. This class holds what
 * readers and the writer share: the segment directory, indexes, mappings and cursors.
 *
 * <p>Thread-safety: the appender belongs to one thread; each {@link LogReader} to one thread; the rest
 * of this class may be called from any thread. A writing log also runs a daemon thread of its own, the
 * {@link SegmentPreparer}, unless {@link LogConfig#prepareSegments()} is off.
 */
public final class Log implements AutoCloseable
{
    private static final System.Logger LOGGER = System.getLogger(Log.class.getName());
    private static final Pattern CURSOR_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

    private final Path dir;
    private final LogConfig config;
    private final boolean readOnly;
    private final int segmentLength;
    private final Map<Long, SparseIndex> indexes = new ConcurrentHashMap<>();
    /** Read-only mappings and verified marks shared by this log's readers. */
    private final SharedSegments sharedSegments = new SharedSegments(SharedSegments.MAX_IDLE_MAPPINGS);
    private final Map<String, LogCursor> cursors = new ConcurrentHashMap<>();
    private final WriterLock writerLock;
    private final LogRetention retention;
    private final LogRetention.Segments retentionView = new LogRetention.Segments()
    {
        public long createdMs(final long base)
        {
            return header(base).createdMs;
        }

        public long baseRecordNumber(final long base)
        {
            return header(base).baseRecordNumber;
        }

        public void deleted(final long base)
        {
            indexes.remove(base);
            sharedSegments.retire(base);
        }
    };
    private final LogAppender appender;
    private final SegmentPreparer preparer;
    private final long recoveredCutBytes;
    private final String recoveryNote;

    /** Started by the first reader that enters a segment, when the config asks for it; guarded by verifierLock. */
    private volatile SegmentVerifier verifier;
    private final Object verifierLock = new Object();
    private volatile long oldestBase;
    /** Read-only: the newest segment seen; see {@link #newestBase()}. */
    private final AtomicLong newestSeen = new AtomicLong();
    /** Read-only: the highest record count computed so far; those records are all published. */
    private volatile long knownRecordCount = Long.MIN_VALUE;
    private volatile boolean closed;
    /** The queue in front of the appender while one is open; closed before the appender. Guarded by its lock. */
    private ManyToOneLogAppender manyToOne;
    private final Object manyToOneLock = new Object();

    private Log(final Path dir, final LogConfig config, final boolean readOnly) throws IOException
    {
        this.dir = dir;
        this.config = config;
        this.readOnly = readOnly;
        if (readOnly)
        {
            final List<Long> bases = listSegmentBases(dir);
            if (bases.isEmpty())
            {
                throw new LogException("no log in " + dir + ": no segment files (*.seg) there; open it for writing" +
                    " first with Log.open, or check the path");
            }
            oldestBase = checkedStart(dir, bases);
            newestSeen.set(bases.get(bases.size() - 1));
            final Segment.SegmentHeader header = Segment.SegmentHeader.read(segmentFile(oldestBase));
            segmentLength = header.segmentLength;
            writerLock = null;
            retention = null;
            appender = null;
            preparer = null;
            recoveredCutBytes = 0;
            recoveryNote = "opened read-only";
            return;
        }

        Files.createDirectories(dir);
        writerLock = WriterLock.acquire(dir);
        LogRecovery recovery = null;
        try
        {
            recovery = LogRecovery.recover(dir, config);
            segmentLength = recovery.segmentLength;
            oldestBase = recovery.oldestBase;
            if (config.maxRecordLength() > LogConfig.maxRecordLengthFor(segmentLength))
            {
                throw new IllegalArgumentException("maxRecordLength " + config.maxRecordLength() + " does not fit" +
                    " the segments of the existing log " + dir + ", which are " + segmentLength + " bytes (fixed when" +
                    " the log was made); lower maxRecordLength to at most " +
                    LogConfig.maxRecordLengthFor(segmentLength));
            }
            retention = new LogRetention(dir, segmentLength, config);
            appender = new LogAppender(this, config, recovery.tail, recovery.tailOffset, recovery.recordCount,
                recovery.lastTimestampNs);
            recoveredCutBytes = recovery.cutBytes;
            recoveryNote = recovery.note;
            enforceRetention();
            preparer = config.prepareSegments() ?
                new SegmentPreparer(dir, segmentLength, appender, config.durability() == Durability.PAGE_CACHE) : null;
        }
        catch (final IOException | RuntimeException ex)
        {
            if (recovery != null && recovery.tail != null)
            {
                recovery.tail.close();
            }
            writerLock.close();
            throw ex;
        }
    }

    /**
     * @return the error for a write into {@code dir} that failed: "no space left" with the bytes it needed when
     * the file system is that full, else the failure as it is.
     */
    static LogException noSpaceOr(final Path dir, final long neededBytes, final String what, final IOException ex)
    {
        long usable = -1;
        try
        {
            usable = Files.getFileStore(dir).getUsableSpace();
        }
        catch (final IOException ignored)
        {
            // report the failure as it is
        }
        if (usable >= 0 && usable < neededBytes)
        {
            return new LogException("no space left on " + dir + ": " + neededBytes + " bytes needed to " + what +
                ", " + usable + " free; free space and try again (nothing appended before is lost)", ex);
        }
        return new LogException("cannot " + what + ": " + ex, ex);
    }

    /**
     * Opens (or creates) the log in {@code dir} for writing.
     *
     * @throws LogWriterHeldException when another writer holds it.
     * @throws LogException         when it cannot be made whole.
     * @throws CorruptLogException  when a segment is corrupt where a torn tail cannot explain it.
     */
    public static Log open(final Path dir, final LogConfig config)
    {
        JvmRequirements.check();
        try
        {
            return new Log(dir, config, false);
        }
        catch (final IOException ex)
        {
            throw new LogException("cannot open log " + dir + ": " + ex, ex);
        }
    }

    /**
     * Opens an existing log for reading only, in a process that does not write it.
     */
    public static Log openReadOnly(final Path dir)
    {
        return openReadOnly(dir, LogConfig.defaults());
    }

    /**
     * Like {@link #openReadOnly(Path)}, with the reading parts of {@code config} (e.g.
     * {@link LogConfig#checksumVerification()}); the segment length is the log's own, and the writing parts
     * (durability, retention, segment preparation) are the writer's business.
     */
    public static Log openReadOnly(final Path dir, final LogConfig config)
    {
        JvmRequirements.check();
        try
        {
            return new Log(dir, config, true);
        }
        catch (final IOException ex)
        {
            throw new LogException("cannot open log " + dir + " for reading: " + ex, ex);
        }
    }

    /**
     * @return the single appender of this log.
     * @throws IllegalStateException when the log was opened read-only.
     */
    public LogAppender appender()
    {
        if (appender == null)
        {
            throw new IllegalStateException("log " + dir + " is open read-only: open it with Log.open to append");
        }
        return appender;
    }

    public Path directory()
    {
        return dir;
    }

    public int segmentLength()
    {
        return segmentLength;
    }

    public LogConfig config()
    {
        return config;
    }

    /**
     * @return bytes cut from a torn tail when the log was opened for writing, zero if none.
     */
    public long recoveredCutBytes()
    {
        return recoveredCutBytes;
    }

    /**
     * @return what opening found: the tail, the records, anything cut.
     */
    public String recoveryNote()
    {
        return recoveryNote;
    }

    /**
     * @return position of the oldest record still retained.
     */
    public long startPosition()
    {
        return oldestBase() + SegmentDescriptor.HEADER_LENGTH;
    }

    /**
     * @return position just after the last published record: where the next record will be.
     */
    public long tailPosition()
    {
        if (appender != null)
        {
            return appender.tailPositionAcquire();
        }
        final long newest = newestBase();
        final SparseIndex index = index(newest);
        // a segment sealed by padding ends where the next one's first record will be
        noteRecordCount(index);
        return index.sealed() ?
            newest + segmentLength + SegmentDescriptor.HEADER_LENGTH : newest + index.endOffset();
    }

    /**
     * @return records published since the log began (retention does not lower it).
     */
    public long recordCount()
    {
        if (appender != null)
        {
            return appender.tailRecordsAcquire();
        }
        final long newest = newestBase();
        final SparseIndex index = index(newest);
        noteRecordCount(index);
        return index.baseRecordNumber + index.records();
    }

    /**
     * @return record number of the oldest record still retained.
     */
    public long startRecordNumber()
    {
        return header(oldestBase()).baseRecordNumber;
    }

    /**
     * A reader from a record position handed out by the log (or its start or tail position).
     *
     * @throws IllegalArgumentException when {@code position} is not the start of a record.
     * @throws LogTruncatedException   when retention has deleted it.
     */
    public LogReader openReader(final long position)
    {
        return openReader(position, "reader at " + position);
    }

    /**
     * A reader from record number {@code recordNumber} (0 is the first record ever appended).
     */
    public LogReader openReaderAtRecord(final long recordNumber)
    {
        return openReader(positionOfRecord(recordNumber), "reader at record " + recordNumber);
    }

    /**
     * A reader from the first record appended at or after {@code timestampNs} (epoch nanoseconds).
     */
    public LogReader openReaderAtTimestamp(final long timestampNs)
    {
        return openReader(positionOfTimestamp(timestampNs), "reader at timestamp " + timestampNs);
    }

    /**
     * A reader from where {@code cursor} last stored its position.
     *
     * @throws LogTruncatedException when retention deleted records the cursor had not consumed.
     */
    public LogReader openReader(final LogCursor cursor)
    {
        final String who = "cursor '" + cursor.name() + "'";
        final long position = cursor.position();
        final long oldest = oldestBase();
        if (position >= 0 && position < oldest)
        {
            // the cursor knows its record number, so it can be told how many records it lost, not only bytes
            throw new LogTruncatedException(who, position, oldest + SegmentDescriptor.HEADER_LENGTH,
                startRecordNumber() - cursor.recordNumber());
        }
        return openReader(position, who);
    }

    /**
     * Hands every record in {@code [fromPosition, toPosition)} to {@code handler}, in bulk, on this thread.
     *
     * @param fromPosition a record's position (or the start or tail position).
     * @param toPosition   at most {@link #tailPosition()}; records starting before it are handed over.
     * @return the number of records handed over.
     */
    public long scan(final long fromPosition, final long toPosition, final RecordHandler handler)
    {
        final long tail = tailPosition();
        if (toPosition < fromPosition || toPosition > tail)
        {
            throw new IllegalArgumentException("scan to " + toPosition + " is outside " + fromPosition + ".." +
                tail + " (from position .. tail position); scan up to tailPosition() at most");
        }
        long records = 0;
        try (LogReader reader = openReader(fromPosition, "scan from " + fromPosition))
        {
            while (reader.position() < toPosition)
            {
                final int read = reader.read(handler, Integer.MAX_VALUE, toPosition);
                if (read == 0)
                {
                    break;
                }
                records += read;
            }
        }
        return records;
    }

    /**
     * @return position of record {@code recordNumber}; the tail position for the next record to come.
     */
    public long positionOfRecord(final long recordNumber)
    {
        final long count = recordCount();
        if (recordNumber < 0 || recordNumber > count)
        {
            throw new IllegalArgumentException("record number " + recordNumber + " is outside 0.." + count +
                " (records in the log); give a record number that was appended");
        }
        final long oldest = oldestBase();
        final long oldestRecord = header(oldest).baseRecordNumber;
        if (recordNumber < oldestRecord)
        {
            throw new LogTruncatedException("record number " + recordNumber, oldest, oldest +
                SegmentDescriptor.HEADER_LENGTH, oldestRecord - recordNumber);
        }
        // the last segment whose base record number is at or below the target
        long low = oldest;
        long high = newestBase();
        while (low < high)
        {
            final long mid = low + ((high - low) / segmentLength + 1) / 2 * segmentLength;
            if (header(mid).baseRecordNumber <= recordNumber)
            {
                low = mid;
            }
            else
            {
                high = mid - segmentLength;
            }
        }
        final long base = low;
        return withMapped(base, (segment, index) ->
        {
            final int offset = index.offsetOfRecord(segment, recordNumber);
            if (offset >= 0)
            {
                return base + offset;
            }
            if (recordNumber < count)
            {
                throw new CorruptLogException(segmentFile(base), base + index.endOffset(), "record " + recordNumber +
                    " belongs in this segment by the segment headers, but it holds only " + index.records() +
                    " records from record " + index.baseRecordNumber);
            }
            return index.sealed() ?
                base + segmentLength + SegmentDescriptor.HEADER_LENGTH : base + index.endOffset();
        });
    }

    /**
     * @return position of the first record appended at or after {@code timestampNs}, or the tail
     * position when every record is older.
     */
    public long positionOfTimestamp(final long timestampNs)
    {
        long base = oldestBase();
        final long newest = newestBase();
        while (base <= newest)
        {
            final long segmentBase = base;
            final long found = withMapped(segmentBase, (segment, index) ->
            {
                final int offset = index.offsetOfTimestamp(segment, timestampNs);
                return offset < index.endOffset() ? segmentBase + offset : -1L;
            });
            if (found >= 0)
            {
                return found;
            }
            base += segmentLength;
        }
        return tailPosition();
    }

    /**
     * A durable, named consumer position, made at the log's start position when new. The same name
     * gives the same cursor object within this log instance.
     *
     * @param name letters, digits, '_', '-' and '.', starting with a letter, at most 64 characters.
     */
    public LogCursor cursor(final String name)
    {
        if (name == null || !CURSOR_NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException("cursor name '" + name + "' is not a plain identifier: use letters," +
                " digits, '_', '-' and '.', starting with a letter, at most 64 characters, e.g. 'orders-v2'");
        }
        return cursors.computeIfAbsent(name, n ->
        {
            try
            {
                return LogCursor.open(this, dir.resolve("cursors"), n, startPosition(), startRecordNumber(), readOnly);
            }
            catch (final IOException ex)
            {
                throw new LogException("cannot open cursor '" + n + "' in " + dir.resolve("cursors") + ": " + ex, ex);
            }
        });
    }

    /**
     * Forces appended records and stored cursors to the device.
     */
    public void flush()
    {
        if (appender != null)
        {
            appender.flush();
        }
        for (final LogCursor cursor : cursors.values())
        {
            cursor.flush();
        }
    }

    /**
     * Deletes whole oldest segments past the configured size or age; the segment being written is kept.
     * Runs on each segment roll and on open; call it to apply age retention on a quiet log.
     *
     * @return segments deleted.
     */
    public synchronized int enforceRetention()
    {
        if (appender == null)
        {
            throw new IllegalStateException("retention is applied by the writer: open the log with Log.open");
        }
        final long oldest = oldestBase;
        final long newOldest = retention.newOldest(oldest, newestBase(), config.clock().nanoTime() / 1_000_000,
            retentionView);
        if (newOldest == oldest)
        {
            return 0;
        }
        retention.recordStart(newOldest, retentionView);
        // readers see the new start before the files go
        oldestBase = newOldest;
        return retention.deleteBelow(oldest, newOldest, retentionView);
    }

    public boolean isClosed()
    {
        return closed;
    }

    /**
     * Closes the log: first its {@link ManyToOneLogAppender}, if one is open (appending what is queued; see
     * {@link ManyToOneLogAppender#close()}), then its appender, readers' mappings and cursors.
     *
     * @throws LogException when the queue could not append what it had accepted; the log is closed all the same.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        final ManyToOneLogAppender queue;
        synchronized (manyToOneLock)
        {
            queue = manyToOne;
        }
        try
        {
            if (null != queue)
            {
                // its drain writes through the appender closed below: it must stop first
                queue.close();
            }
        }
        finally
        {
            closeLog();
        }
    }

    private void closeLog()
    {
        closed = true;
        final SegmentVerifier stopping;
        synchronized (verifierLock)
        {
            stopping = verifier;
        }
        if (null != stopping)
        {
            stopping.close();
        }
        // idle reader mappings go now, held ones when their reader leaves them
        sharedSegments.close();
        for (final LogCursor cursor : cursors.values())
        {
            cursor.close();
        }
        if (appender != null)
        {
            if (preparer != null)
            {
                preparer.close();
            }
            appender.close();
            try
            {
                writerLock.close();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }

    public String toString()
    {
        return "Log{" + dir + (readOnly ? ", read-only" : "") + ", start=" + startPosition() + ", tail=" +
            tailPosition() + ", records=" + recordCount() + '}';
    }

    // ---------------------------------------------------------------------------------------------
    // package-private: used by the appender, readers and cursors

    /**
     * Makes {@code queue} the one queue in front of this log's appender until it {@link #detach}es.
     *
     * @throws IllegalStateException when the log is closed or already has one.
     */
    void attach(final ManyToOneLogAppender queue)
    {
        synchronized (manyToOneLock)
        {
            if (closed)
            {
                throw new IllegalStateException("log " + dir + " is closed");
            }
            if (null != manyToOne)
            {
                throw new IllegalStateException("log " + dir + " already has a ManyToOneLogAppender: share that one" +
                    " among the appending threads (the log has one writer)");
            }
            manyToOne = queue;
        }
    }

    void detach(final ManyToOneLogAppender queue)
    {
        synchronized (manyToOneLock)
        {
            if (manyToOne == queue)
            {
                manyToOne = null;
            }
        }
    }

    Segment createSegment(final long basePosition, final long baseRecordNumber) throws IOException
    {
        final long createdMs = config.clock().nanoTime() / 1_000_000;
        final Segment prepared = preparer != null ? preparer.take(basePosition, baseRecordNumber, createdMs) : null;
        return prepared != null ? prepared :
            Segment.create(dir, basePosition, baseRecordNumber, segmentLength, createdMs);
    }

    /**
     * @return segments the appender took ready-made from the preparer (0 without one).
     */
    long preparedSegmentsInstalled()
    {
        return preparer != null ? preparer.installed() : 0;
    }

    /**
     * @return true when a prepared segment is waiting for the appender's next roll.
     */
    boolean nextSegmentPrepared()
    {
        return preparer != null && preparer.hasPrepared();
    }

    void onRolled(final long newBase)
    {
        if (preparer != null)
        {
            // the new base is published now: the preparer can start on the segment after it
            preparer.wake();
        }
        enforceRetention();
    }

    /**
     * @return the error that explains why appends are back pressured after a segment could not be made.
     */
    LogException rollFailure(final long basePosition, final IOException ex)
    {
        final LogException failure = noSpaceOr(dir, segmentLength, "start segment " +
            SegmentDescriptor.fileName(basePosition) + "; appends are back pressured until it can be made", ex);
        LOGGER.log(System.Logger.Level.WARNING, "log " + dir + ": " + failure.getMessage());
        return failure;
    }

    /**
     * @return a count of records known to be published, cheaply: the appender's, or the highest a read-only
     * log computed. A reader that finds nothing where its next record should be, while the log holds more
     * records than it has read, found a hole: the count is published after the records it counts.
     */
    long publishedRecordCount()
    {
        return appender != null ? appender.tailRecordsAcquire() : knownRecordCount;
    }

    private void noteRecordCount(final SparseIndex newestIndex)
    {
        final long count = newestIndex.baseRecordNumber + newestIndex.records();
        if (count > knownRecordCount)
        {
            knownRecordCount = count;
        }
    }

    /**
     * Takes a reader's hold on the shared read-only mapping of the segment at {@code base}, mapping it if no
     * reader has it mapped; give it back with {@link #releaseForReading}.
     *
     * @return the held entry, or null when the segment is not made yet.
     * @throws LogTruncatedException when retention deleted it.
     */
    SharedSegments.Entry acquireForReading(final long base, final String who, final long recordNumber)
    {
        return sharedSegments.acquire(base, b ->
        {
            final Segment segment = mapForReading(b, who, recordNumber);
            if (segment != null)
            {
                try
                {
                    // a writer in another process deletes segments without telling this one: forget what it deleted
                    sharedSegments.retireBefore(oldestBase());
                }
                catch (final RuntimeException ex)
                {
                    segment.close();
                    throw ex;
                }
            }
            return segment;
        });
    }

    void releaseForReading(final SharedSegments.Entry entry)
    {
        sharedSegments.release(entry);
    }

    /**
     * A reader entered the segment at {@code base}: have it and the next ones checked ahead of the reader, if
     * the config asks for it ({@link LogConfig#verifyAhead()} with {@link ChecksumVerification#FIRST_READ}).
     */
    void verifyAhead(final long base)
    {
        SegmentVerifier v = verifier;
        if (null == v)
        {
            if (!config.verifyAhead() || config.checksumVerification() != ChecksumVerification.FIRST_READ)
            {
                return;
            }
            synchronized (verifierLock)
            {
                if (closed)
                {
                    return;
                }
                v = verifier;
                if (null == v)
                {
                    v = new SegmentVerifier(this);
                    v.start();
                    verifier = v;
                }
            }
        }
        v.verifyAhead(base);
    }

    /**
     * @return the registry of readers' mappings; for tests.
     */
    SharedSegments sharedSegments()
    {
        return sharedSegments;
    }

    /**
     * Maps a segment for a reader, read-only.
     *
     * @return the segment, or null when it is not made yet.
     * @throws LogTruncatedException when retention deleted it.
     */
    Segment mapForReading(final long base, final String who, final long recordNumber)
    {
        // taken before looking for the file: a segment is made before any record in it is counted
        final long publishedRecords = publishedRecordCount();
        try
        {
            return openSegment(base);
        }
        catch (final NoSuchFileException ex)
        {
            final long oldest = oldestBase();
            if (base < oldest)
            {
                throw new LogTruncatedException(who, base + SegmentDescriptor.HEADER_LENGTH,
                    oldest + SegmentDescriptor.HEADER_LENGTH, header(oldest).baseRecordNumber - recordNumber);
            }
            if (recordNumber < publishedRecords)
            {
                throw new CorruptLogException(segmentFile(base), base, "segment file is missing, yet the log" +
                    " goes on past it", CorruptLogException.LOST_SEGMENT);
            }
            return null;
        }
        catch (final IOException ex)
        {
            throw new LogException("cannot map " + segmentFile(base) + " for " + who + ": " + ex, ex);
        }
    }

    static void forceFile(final Path path) throws IOException
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE))
        {
            channel.force(true);
        }
        catch (final NoSuchFileException ex)
        {
            // deleted by retention: nothing left to force
        }
    }

    // ---------------------------------------------------------------------------------------------

    private LogReader openReader(final long position, final String who)
    {
        if (closed)
        {
            throw new IllegalStateException("log " + dir + " is closed");
        }
        final long oldest = oldestBase();
        if (position < oldest + SegmentDescriptor.HEADER_LENGTH)
        {
            if (position >= 0 && position < oldest)
            {
                throw new LogTruncatedException(who, position, oldest + SegmentDescriptor.HEADER_LENGTH, -1);
            }
            throw new IllegalArgumentException(who + ": position " + position + " is not a record position; the" +
                " log starts at " + (oldest + SegmentDescriptor.HEADER_LENGTH) + ": use a position the log handed out");
        }
        final long tail = tailPosition();
        if (position > tail)
        {
            throw new IllegalArgumentException(who + ": position " + position + " is past the tail " + tail +
                "; read from tailPosition() to follow new records");
        }
        final long base = position - position % segmentLength;
        if (position == tail && position - base == SegmentDescriptor.HEADER_LENGTH && base > oldest &&
            !Files.exists(segmentFile(base)))
        {
            // the tail of a full segment: the next one is not made yet, and the reader maps it when it is. Its
            // first record number is the full segment's count (not recordCount(), which may have moved on since)
            final long recordNumber = withMapped(base - segmentLength,
                (segment, index) -> index.baseRecordNumber + index.records());
            return new LogReader(this, who, base, SegmentDescriptor.HEADER_LENGTH, recordNumber);
        }
        final int offset = (int)(position - base);
        if (offset < SegmentDescriptor.HEADER_LENGTH)
        {
            throw new IllegalArgumentException(who + ": position " + position + " lies in a segment header, not on a" +
                " record; use a position the log handed out");
        }
        // a segment's first record needs no index: its number is in the header. Building the index would check
        // every frame of the segment, so a scan from a segment start would otherwise read it twice
        final long recordNumber = offset == SegmentDescriptor.HEADER_LENGTH ? header(base).baseRecordNumber :
            withMapped(base, (segment, index) -> index.recordNumberAt(segment, offset));
        if (recordNumber < 0)
        {
            throw new IllegalArgumentException(who + ": position " + position + " is between records, not at the" +
                " start of one; use a position the log handed out (append, a handler, or a cursor)");
        }
        return new LogReader(this, who, base, offset, recordNumber);
    }

    /**
     * Maps a segment read-only, checking what recovery checks only for the newest: its length is the log's.
     */
    private Segment openSegment(final long base) throws IOException
    {
        final Segment segment = Segment.open(segmentFile(base), true);
        if (segment.segmentLength != segmentLength)
        {
            segment.close();
            throw new CorruptLogException(segment.file, base, "segment length " + segment.segmentLength +
                " differs from the log's " + segmentLength);
        }
        return segment;
    }

    private interface IndexQuery
    {
        long apply(Segment segment, SparseIndex index);
    }

    private long withMapped(final long base, final IndexQuery query)
    {
        try (Segment segment = openSegment(base))
        {
            final SparseIndex index = indexes.computeIfAbsent(base,
                b -> new SparseIndex(b, segment.baseRecordNumber));
            index.extend(segment, new CRC32C());
            return query.apply(segment, index);
        }
        catch (final NoSuchFileException ex)
        {
            throw new LogTruncatedException("segment " + base, base, startPosition(), -1);
        }
        catch (final IOException ex)
        {
            throw new LogException("cannot read " + segmentFile(base) + ": " + ex, ex);
        }
    }

    private SparseIndex index(final long base)
    {
        final SparseIndex[] result = new SparseIndex[1];
        withMapped(base, (segment, index) ->
        {
            result[0] = index;
            return 0;
        });
        return result[0];
    }

    private Segment.SegmentHeader header(final long base)
    {
        try
        {
            return Segment.SegmentHeader.read(segmentFile(base));
        }
        catch (final NoSuchFileException ex)
        {
            throw new LogTruncatedException("segment " + base, base, startPosition(), -1);
        }
        catch (final IOException ex)
        {
            throw new LogException("cannot read the header of " + segmentFile(base) + ": " + ex, ex);
        }
    }

    /**
     * Read-only: where the writer's retention has moved the start since, read from {@code log.start} (a read of 32
     * bytes, where a listing of the directory costs as much as the log has segments); a segment missing at the
     * head was found when the log was opened, and is found again when a reader reaches it.
     */
    private long oldestBase()
    {
        if (readOnly)
        {
            final LogStart start;
            try
            {
                start = LogStart.read(dir);
            }
            catch (final IOException ex)
            {
                throw new LogException("cannot read " + dir.resolve(LogStart.FILE_NAME) + ": " + ex, ex);
            }
            if (null != start)
            {
                if (start.basePosition > oldestBase)
                {
                    oldestBase = start.basePosition;
                }
            }
            else
            {
                // a log written before its start was recorded: only a listing tells
                final List<Long> bases = listSegmentBasesUnchecked();
                if (!bases.isEmpty())
                {
                    oldestBase = bases.get(0);
                }
            }
        }
        return oldestBase;
    }

    /**
     * Read-only: the newest segment, found from the newest seen so far by trying the names after it (the writer
     * makes segments one after another, and retention never deletes the newest), not by listing the directory.
     */
    private long newestBase()
    {
        if (appender != null)
        {
            return appender.activeBaseAcquire();
        }
        // retention may have deleted the newest seen since: the start is then a segment that is there
        long newest = Math.max(newestSeen.get(), oldestBase());
        while (Files.exists(segmentFile(newest + segmentLength)))
        {
            newest += segmentLength;
        }
        return newestSeen.accumulateAndGet(newest, Math::max);
    }

    private Path segmentFile(final long base)
    {
        return dir.resolve(SegmentDescriptor.fileName(base));
    }

    private List<Long> listSegmentBasesUnchecked()
    {
        try
        {
            return listSegmentBases(dir);
        }
        catch (final IOException ex)
        {
            throw new LogException("cannot list " + dir + ": " + ex, ex);
        }
    }

    /**
     * A reader's view of where the log starts: the recorded start, checked against the segments listed
     * before it was read (retention records a new start before it deletes, so a listing taken first never
     * starts past the start read after it, unless segments are lost).
     *
     * @param bases the segment bases, listed just before this call; not empty.
     * @throws CorruptLogException when segments are missing at the head.
     */
    private static long checkedStart(final Path dir, final List<Long> bases) throws IOException
    {
        final LogStart start = LogStart.read(dir);
        final long oldest = bases.get(0);
        final long recorded = start == null ? 0 : start.basePosition;
        if (oldest > recorded)
        {
            throw new CorruptLogException(dir.resolve(SegmentDescriptor.fileName(recorded)), recorded, "segment file" +
                " is missing at the head: the log starts here (" + (start == null ? "no " + LogStart.FILE_NAME +
                " records a later start" : LogStart.FILE_NAME) + "), but its oldest segment is " +
                SegmentDescriptor.fileName(oldest) + ": the records before it are lost",
                CorruptLogException.LOST_SEGMENT);
        }
        // segments below the recorded start are being deleted by retention
        return recorded;
    }

    static List<Long> listSegmentBases(final Path dir) throws IOException
    {
        final List<Long> bases = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir))
        {
            for (final Path file : stream)
            {
                final long base = SegmentDescriptor.parseBasePosition(file.getFileName().toString());
                if (base >= 0)
                {
                    bases.add(base);
                }
            }
        }
        Collections.sort(bases);
        return bases;
    }
}

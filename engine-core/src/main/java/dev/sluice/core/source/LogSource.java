package dev.sluice.core.source;

import dev.sluice.log.Log;
import dev.sluice.log.LogReader;
import dev.sluice.log.RecordHandler;
import org.agrona.DirectBuffer;

/**
 * Records of a {@link Log}: a bounded range or the tail. Start and end are given as positions, record numbers or
 * append timestamps and resolved to positions when a job opens the source; a range without an end ends at the tail
 * as it is then. Immutable; build with {@link #range(Log)} or {@link #tail(Log)}.
 * <p>
 * BATCH runs read the range with the log's bulk {@link Log#scan}; other modes {@link LogReader#poll} it.
 */
public final class LogSource implements Source
{
    private enum Bound
    {
        LOG_START, LOG_TAIL, POSITION, RECORD, TIMESTAMP, CURSOR, NONE
    }

    private final Log log;
    private final Bound fromKind;
    private final long from;
    private final String cursorName;
    private final Bound toKind;
    private final long to;

    private LogSource(
        final Log log, final Bound fromKind, final long from, final String cursorName, final Bound toKind,
        final long to)
    {
        this.log = log;
        this.fromKind = fromKind;
        this.from = from;
        this.cursorName = cursorName;
        this.toKind = toKind;
        this.to = to;
    }

    /**
     * @param log the log.
     * @return the whole log, from its start to its tail when the job opens it; narrow with from/to methods.
     */
    public static LogSource range(final Log log)
    {
        return new LogSource(log, Bound.LOG_START, 0, null, Bound.LOG_TAIL, 0);
    }

    /**
     * @param log the log.
     * @return the log from its start, following new appends without end; move the start with from methods.
     */
    public static LogSource tail(final Log log)
    {
        return new LogSource(log, Bound.LOG_START, 0, null, Bound.NONE, 0);
    }

    /**
     * @param position a position handed out by the log.
     * @return a copy starting at that record.
     */
    public LogSource fromPosition(final long position)
    {
        return new LogSource(log, Bound.POSITION, position, null, toKind, to);
    }

    /**
     * @param recordNumber 0 for the first record ever appended.
     * @return a copy starting at that record.
     */
    public LogSource fromRecord(final long recordNumber)
    {
        return new LogSource(log, Bound.RECORD, recordNumber, null, toKind, to);
    }

    /**
     * @param timestampNs epoch ns.
     * @return a copy starting at the first record appended at or after that time.
     */
    public LogSource fromTimestampNs(final long timestampNs)
    {
        return new LogSource(log, Bound.TIMESTAMP, timestampNs, null, toKind, to);
    }

    /**
     * @return a copy starting at the tail (only records appended after the job opens).
     */
    public LogSource fromTail()
    {
        return new LogSource(log, Bound.LOG_TAIL, 0, null, toKind, to);
    }

    /**
     * @param name a durable cursor of the log.
     * @return a copy starting where that cursor last stored its position (the source does not move the cursor).
     */
    public LogSource fromCursor(final String name)
    {
        return new LogSource(log, Bound.CURSOR, 0, name, toKind, to);
    }

    /**
     * @param position exclusive end; a position handed out by the log, or the tail position.
     * @return a bounded copy.
     */
    public LogSource toPosition(final long position)
    {
        return new LogSource(log, fromKind, from, cursorName, Bound.POSITION, position);
    }

    /**
     * @param recordNumber exclusive end record number.
     * @return a bounded copy.
     */
    public LogSource toRecord(final long recordNumber)
    {
        return new LogSource(log, fromKind, from, cursorName, Bound.RECORD, recordNumber);
    }

    /**
     * @param timestampNs exclusive end: the first record appended at or after it is not read.
     * @return a bounded copy.
     */
    public LogSource toTimestampNs(final long timestampNs)
    {
        return new LogSource(log, fromKind, from, cursorName, Bound.TIMESTAMP, timestampNs);
    }

    /**
     * @return a copy with no end: from the same start, following new appends as {@link #tail(Log)} does.
     */
    public LogSource withoutEnd()
    {
        return new LogSource(log, fromKind, from, cursorName, Bound.NONE, 0);
    }

    public SourceReader open()
    {
        final long start = startPosition();
        final long end = endPosition();
        if (end < start)
        {
            throw new IllegalArgumentException("log range ends at position " + end + " before its start " + start +
                "; give an end after the start");
        }
        return new Reader(log, start, end);
    }

    /**
     * @return the log this source reads, for runners that read it their own way.
     */
    public Log log()
    {
        return log;
    }

    /**
     * @return the position of the first record to read, resolved now as a job opening the source would.
     */
    public long startPosition()
    {
        return resolve(fromKind, from);
    }

    /**
     * @return the exclusive end position, resolved now as a job opening the source would ({@code toPosition},
     * record or timestamp bounds, or the tail as it is now for {@link #range}); {@link Long#MAX_VALUE} for a source
     * that follows the tail.
     */
    public long endPosition()
    {
        return toKind == Bound.NONE ? Long.MAX_VALUE : resolve(toKind, to);
    }

    /**
     * @return true when the source has an end ({@link #range} and the {@code to} methods), false when it follows the
     * tail ({@link #tail}).
     */
    public boolean isBounded()
    {
        return toKind != Bound.NONE;
    }

    private long resolve(final Bound kind, final long value)
    {
        switch (kind)
        {
            case LOG_START:
                return log.startPosition();
            case LOG_TAIL:
                return log.tailPosition();
            case POSITION:
                return value;
            case RECORD:
                return log.positionOfRecord(value);
            case TIMESTAMP:
                return log.positionOfTimestamp(value);
            case CURSOR:
                return log.cursor(cursorName).position();
            default:
                throw new IllegalStateException("unresolvable bound " + kind);
        }
    }

    public String toString()
    {
        return "LogSource{" + log.directory() + ", from " + fromKind + " " + (cursorName != null ? cursorName : from) +
            ", to " + toKind + " " + to + '}';
    }

    /**
     * Reads a log between two positions; a record at or past the end is never handed over.
     */
    private static final class Reader implements SourceReader
    {
        private final Log log;
        private LogReader reader;
        private long endPosition;
        private long position;
        private long recordNumber;
        private boolean endReached;

        Reader(final Log log, final long start, final long end)
        {
            this.log = log;
            this.reader = log.openReader(start);
            this.position = start;
            this.recordNumber = reader.recordNumber();
            this.endPosition = end;
            this.endReached = start >= end;
        }

        public int poll(final RecordHandler handler, final int limit)
        {
            if (endReached)
            {
                return 0;
            }
            try
            {
                return reader.poll(handler, limit, endPosition);
            }
            finally
            {
                position = reader.position();
                recordNumber = reader.recordNumber();
                if (position >= endPosition)
                {
                    endReached = true;
                }
            }
        }

        public long scanToEnd(final RecordHandler handler)
        {
            boundAtCurrentTail();
            if (endReached)
            {
                return 0;
            }
            final long from = position;
            // move past the range first: a handler that throws must not make the range be read again
            position = endPosition;
            endReached = true;
            reader.close();
            reader = log.openReader(endPosition);
            final long startRecord = recordNumber;
            recordNumber = reader.recordNumber();
            final long scanned = log.scan(from, endPosition, handler);
            if (recordNumber - startRecord != scanned)
            {
                throw new IllegalStateException("scan of [" + from + ", " + endPosition + ") handed over " + scanned +
                    " records, the log counts " + (recordNumber - startRecord));
            }
            return scanned;
        }

        public void boundAtCurrentTail()
        {
            endPosition = Math.min(endPosition, log.tailPosition());
            if (position >= endPosition)
            {
                endReached = true;
            }
        }

        public boolean isBounded()
        {
            return endPosition != Long.MAX_VALUE;
        }

        public boolean isEndOfInput()
        {
            return endReached;
        }

        public long position()
        {
            return position;
        }

        public long lagRecords()
        {
            return Math.max(0, log.recordCount() - recordNumber);
        }

        public long lagBytes()
        {
            return Math.max(0, Math.min(endPosition, log.tailPosition()) - position);
        }

        public long recordNumber()
        {
            return recordNumber;
        }

        public void seek(final long position, final long recordNumber)
        {
            if (position > endPosition || position > log.tailPosition())
            {
                throw new IllegalStateException("checkpoint resumes at log position " + position + " (record " +
                    recordNumber + ") but log " + log.directory() + " ends at " +
                    Math.min(endPosition, log.tailPosition()) + ": it is not the log the checkpoint was taken on;" +
                    " restore the log, or move the checkpoints away to start over");
            }
            final LogReader moved = log.openReader(position);
            if (moved.recordNumber() != recordNumber)
            {
                moved.close();
                throw new IllegalStateException("checkpoint resumes at log position " + position + " as record " +
                    recordNumber + " but log " + log.directory() + " has record " + moved.recordNumber() +
                    " there: it is not the log the checkpoint was taken on");
            }
            reader.close();
            reader = moved;
            this.position = position;
            this.recordNumber = recordNumber;
            endReached = position >= endPosition;
        }

        public void close()
        {
            reader.close();
        }
    }
}

package dev.sluice.core.source;

import dev.sluice.log.RecordHandler;

/**
 * An open source: hands records, in log order, to a {@link RecordHandler} with their log position. A bounded
 * reader stops at its end position; an unbounded one follows the tail.
 * <p>
 * Invariant: {@link #position()} is the position after the last record handed over, also when a handler threw
 * (the failing record then counts as handed over, so a restart does not loop on it).
 * Not thread-safe: used by the one job thread.
 */
public interface SourceReader extends AutoCloseable
{
    /**
     * @param handler receives the records.
     * @param limit   most records to hand over.
     * @return records handed over; 0 when nothing is available (or the end was reached).
     */
    int poll(RecordHandler handler, int limit);

    /**
     * Bulk read of everything up to the end of a bounded reader (for BATCH). Unbounded readers are bounded at
     * their current tail first. The default polls until nothing is left; a reader with a cheaper bulk path
     * overrides it.
     *
     * @param handler receives the records.
     * @return records handed over.
     */
    default long scanToEnd(final RecordHandler handler)
    {
        boundAtCurrentTail();
        long total = 0;
        int n;
        while ((n = poll(handler, Integer.MAX_VALUE)) > 0)
        {
            total += n;
        }
        return total;
    }

    /**
     * Fix the end at the current tail: records appended later are not read (BATCH, available-now runs).
     */
    void boundAtCurrentTail();

    /**
     * @return true when the reader has an end position.
     */
    boolean isBounded();

    /**
     * @return true when a bounded reader has handed over every record before its end.
     */
    boolean isEndOfInput();

    /**
     * @return position of the next record to read.
     */
    long position();

    /**
     * @return records in the log not yet read (up to the end, for a bounded reader).
     */
    long lagRecords();

    /**
     * @return bytes of log not yet read (up to the end, for a bounded reader).
     */
    long lagBytes();

    /**
     * @return record number of the next record to read (records before it in the source's log, from 0).
     */
    default long recordNumber()
    {
        throw new UnsupportedOperationException(getClass().getName() + " does not report record numbers");
    }

    /**
     * Move to a position this reader reported earlier (a checkpoint's source position), so that the next record
     * handed over is the one that followed it.
     *
     * @param position     a {@link #position()} reported earlier.
     * @param recordNumber the {@link #recordNumber()} reported with it, checked against the log.
     * @throws IllegalStateException when the source no longer holds that position as it was (log replaced,
     *                               truncated or retention passed it).
     */
    default void seek(final long position, final long recordNumber)
    {
        throw new UnsupportedOperationException(getClass().getName() + " cannot seek: it cannot resume a job from" +
            " a checkpoint; read from a LogSource");
    }

    void close();
}

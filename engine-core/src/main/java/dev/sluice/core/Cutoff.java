package dev.sluice.core;

import dev.sluice.log.Log;
import dev.sluice.log.LogReader;
import dev.sluice.log.RecordDescriptor;

/**
 * Where a {@link LambdaJob}'s batch layer ends and its speed layer begins: a point of the log, given as a position,
 * a record number, an append time or the head, and resolved to a record's position when the cutoff moves. Every
 * record before it is the batch view's, every record from it on the speed view's. Immutable.
 */
public final class Cutoff
{
    private enum Kind
    {
        POSITION, RECORD, TIMESTAMP, HEAD
    }

    private final Kind kind;
    private final long value;

    private Cutoff(final Kind kind, final long value)
    {
        this.kind = kind;
        this.value = value;
    }

    /**
     * @param position a position the log handed out (an append's result, {@code Log.tailPosition()}).
     * @return a cutoff before the record at that position.
     */
    public static Cutoff atPosition(final long position)
    {
        return new Cutoff(Kind.POSITION, position);
    }

    /**
     * @param recordNumber 0 for the first record ever appended.
     * @return a cutoff before that record: the batch layer covers the records numbered below it.
     */
    public static Cutoff atRecord(final long recordNumber)
    {
        return new Cutoff(Kind.RECORD, recordNumber);
    }

    /**
     * A cutoff in time: the batch layer covers every record appended before {@code timestampNs}. Time here is the
     * log's append time ({@code RecordDescriptor.timestampNs}), the clock every record carries, so the cutoff is one
     * point of the log; an application that appends events as they happen has them in event-time order up to its
     * watermark bound.
     *
     * @param timestampNs epoch nanoseconds, at most the newest record's append time.
     * @return a cutoff before the first record appended at or after that time.
     */
    public static Cutoff atTimestampNs(final long timestampNs)
    {
        return new Cutoff(Kind.TIMESTAMP, timestampNs);
    }

    /**
     * @return a cutoff at the head of the log as it is when the cutoff moves: the batch layer covers everything
     * appended by then.
     */
    public static Cutoff atHead()
    {
        return new Cutoff(Kind.HEAD, 0);
    }

    /**
     * @param log the log.
     * @return the position of the record the cutoff is before (the head position for {@link #atHead()}).
     * @throws IllegalArgumentException naming the head and the way out when the cutoff is past the head or not at a
     *                                  record.
     */
    long resolve(final Log log)
    {
        final long head = log.tailPosition();
        final long records = log.recordCount();
        switch (kind)
        {
            case HEAD:
                return head;

            case RECORD:
                if (value > records || value < 0)
                {
                    throw new IllegalArgumentException(this + " is " + (value < 0 ? "negative" : "past the head of " +
                        "log " + log.directory() + ", which holds " + records + " records") + ": the batch layer " +
                        "covers only what the log holds; give a record number up to " + records + ", or " +
                        "Cutoff.atHead()");
                }
                return log.positionOfRecord(value);

            case TIMESTAMP:
                final long newestNs = newestAppendTimeNs(log, records);
                if (value > newestNs)
                {
                    throw new IllegalArgumentException(this + " is past the head of log " + log.directory() + ": its" +
                        " newest record was appended at " + newestNs + " ns, and records appended later before " +
                        value + " would be neither the batch layer's nor the speed layer's; give a time up to " +
                        newestNs + ", or Cutoff.atHead()");
                }
                return log.positionOfTimestamp(value);

            default:
                if (value > head)
                {
                    throw new IllegalArgumentException(this + " is past the head of log " + log.directory() + " at " +
                        "position " + head + " (" + records + " records): the batch layer covers only what the " +
                        "log holds; give a position up to " + head + ", or Cutoff.atHead()");
                }
                if (value < head)
                {
                    try (LogReader ignored = log.openReader(value))
                    {
                        // the log checks that a record starts there
                    }
                    catch (final IllegalArgumentException ex)
                    {
                        throw new IllegalArgumentException(this + " is not where a record of log " + log.directory() +
                            " starts: give a position the log handed out (an append's result, Log.tailPosition()," +
                            " Log.positionOfRecord), or Cutoff.atRecord(n)", ex);
                    }
                }
                return value;
        }
    }

    private static long newestAppendTimeNs(final Log log, final long records)
    {
        if (records == 0 || records == log.startRecordNumber())
        {
            return Long.MIN_VALUE;
        }
        final long[] newest = { Long.MIN_VALUE };
        try (LogReader reader = log.openReaderAtRecord(records - 1))
        {
            reader.poll((buffer, offset, length, position) -> newest[0] = RecordDescriptor.timestampNs(buffer, offset),
                1);
        }
        return newest[0];
    }

    public String toString()
    {
        switch (kind)
        {
            case HEAD:
                return "cutoff at the head";
            case RECORD:
                return "cutoff at record " + value;
            case TIMESTAMP:
                return "cutoff at append time " + value + " ns";
            default:
                return "cutoff at position " + value;
        }
    }
}

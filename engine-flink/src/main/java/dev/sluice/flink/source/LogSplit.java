package dev.sluice.flink.source;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * A range of a Sluice log, {@code [from, to)} in log positions, read in order by one Flink source reader; {@code to}
 * is {@link Long#MAX_VALUE} for the split that follows the tail. A reader's checkpoint holds its splits with
 * {@code from} moved to the next record to read, so a restored job reads every record once. Immutable.
 *
 * @param number the split's number in log order.
 * @param from   position of the next record to read.
 * @param to     exclusive end position; {@link Long#MAX_VALUE} to follow the tail.
 */
public record LogSplit(int number, long from, long to) implements SourceSplit, java.io.Serializable
{
    public String splitId()
    {
        return Integer.toString(number);
    }

    /**
     * @return true when the split ends.
     */
    public boolean isBounded()
    {
        return to != Long.MAX_VALUE;
    }

    /**
     * @param position the next record to read.
     * @return this split, from there on.
     */
    LogSplit from(final long position)
    {
        return new LogSplit(number, position, to);
    }
}

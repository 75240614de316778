package dev.sluice.log;

/**
 * A named, durable consumer position in every partition of a {@link PartitionedLog}: a {@link LogCursor} of the
 * same name in each partition. Each partition's position is stored on its own (in the partition's
 * {@code cursors/NAME.cursor}), so a crash in the middle of {@link #store} leaves some partitions at the new
 * position and the others at the one before: a consumer resumes each partition where that partition was stored,
 * reading no record of it twice and missing none.
 *
 * <p>Not thread-safe: one consumer thread stores it; any thread may read it.
 */
public final class PartitionedLogCursor
{
    private final String name;
    private final LogCursor[] cursors;

    PartitionedLogCursor(final String name, final LogCursor[] cursors)
    {
        this.name = name;
        this.cursors = cursors;
    }

    public String name()
    {
        return name;
    }

    /**
     * @return the cursor of one partition.
     */
    public LogCursor partitionCursor(final int partition)
    {
        return cursors[partition];
    }

    /**
     * Stores where {@code reader} is in every partition.
     */
    public void store(final PartitionedLogReader reader)
    {
        if (reader.partitionCount() != cursors.length)
        {
            throw new IllegalArgumentException("reader of " + reader.partitionCount() + " partitions for cursor '" +
                name + "' of " + cursors.length);
        }
        for (int p = 0; p < cursors.length; p++)
        {
            cursors[p].store(reader.position(p), reader.recordNumber(p));
        }
    }

    /**
     * @return the stored position of each partition.
     */
    public long[] positions()
    {
        final long[] positions = new long[cursors.length];
        for (int p = 0; p < positions.length; p++)
        {
            positions[p] = cursors[p].position();
        }
        return positions;
    }

    /**
     * @return records appended to any partition that this cursor has not consumed.
     */
    public long lagRecords()
    {
        long lag = 0;
        for (final LogCursor cursor : cursors)
        {
            lag += cursor.lagRecords();
        }
        return lag;
    }

    /**
     * Forces every partition's stored position to the device.
     */
    public void flush()
    {
        for (final LogCursor cursor : cursors)
        {
            cursor.flush();
        }
    }
}

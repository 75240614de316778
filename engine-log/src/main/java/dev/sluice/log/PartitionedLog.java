package dev.sluice.log;

import org.agrona.DirectBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A named set of {@link Log}s, its partitions, each with its own single writer, segments, retention and cursors:
 *
 * <pre>
 *   dir/
 *     partitions.descriptor        partition count and key groups      (PartitionedLogDescriptor)
 *     partition-0000/              a Log: segments, log.start, cursors/, writer.lock
 *     partition-0001/
 *     ...
 * </pre>
 *
 * A record goes to the partition its key routes to ({@link #partitionOfKeyHash}: its key group's range, see
 * {@link KeyGroups}) or to one the caller chooses ({@link #appender(int)}); records keep their order within a
 * partition, and there is no order across partitions. Reading is per partition ({@link #partition(int)}) or of all
 * of them at once ({@link PartitionedLogReader}), from a position per partition, from record numbers or from a
 * timestamp. Positions of a partitioned log are a vector: one position per partition.
 *
 * <p>Writers and readers may be in other processes: a process opens the partitions it writes with
 * {@link #openPartitions} (each partition's {@code writer.lock} keeps a second writer out) and reads the others;
 * {@link #openReadOnly} reads every partition of a log another process writes. A log is made whole by whoever makes
 * it: every partition's directory first, the descriptor last, so a reader that finds the descriptor finds every
 * partition.
 *
 * <p>Thread-safety: each partition's appender belongs to one thread (one thread may own several); the rest may be
 * called from any thread, as for {@link Log}.
 */
public final class PartitionedLog implements AutoCloseable
{
    private static final String PARTITION_PREFIX = "partition-";

    private final Path dir;
    private final int keyGroups;
    private final Log[] partitions;
    private final boolean[] writable;
    private final Map<String, PartitionedLogCursor> cursors = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private PartitionedLog(final Path dir, final int keyGroups, final Log[] partitions, final boolean[] writable)
    {
        this.dir = dir;
        this.keyGroups = keyGroups;
        this.partitions = partitions;
        this.writable = writable;
    }

    /**
     * Opens, or makes, the partitioned log in {@code dir} for writing every partition, routing over
     * {@link KeyGroups#DEFAULT_KEY_GROUPS} key groups.
     *
     * @param partitionCount its partitions: those it was made with, when it exists.
     * @throws IllegalArgumentException when the log exists with another partition count.
     */
    public static PartitionedLog open(final Path dir, final int partitionCount, final LogConfig config)
    {
        return open(dir, partitionCount, KeyGroups.DEFAULT_KEY_GROUPS, config);
    }

    /**
     * Like {@link #open(Path, int, LogConfig)}, over {@code keyGroups} key groups (at least the partition count; a
     * parallel job over this log lines up with its partitions when it uses the same key groups).
     */
    public static PartitionedLog open(final Path dir, final int partitionCount, final int keyGroups,
        final LogConfig config)
    {
        if (partitionCount < 1 || partitionCount > PartitionedLogDescriptor.MAX_PARTITIONS)
        {
            throw new IllegalArgumentException("partition count " + partitionCount + " is outside 1.." +
                PartitionedLogDescriptor.MAX_PARTITIONS);
        }
        KeyGroups.check(keyGroups, partitionCount, "partition count");
        final PartitionedLogDescriptor descriptor =
            make(dir, new PartitionedLogDescriptor(partitionCount, keyGroups), config);
        if (descriptor.partitionCount != partitionCount || descriptor.keyGroups != keyGroups)
        {
            throw new IllegalArgumentException("the partitioned log in " + dir + " has " + descriptor.partitionCount +
                " partitions over " + descriptor.keyGroups + " key groups, not " + partitionCount + " over " +
                keyGroups + " (both are fixed when a log is made): open it with PartitionedLog.open(dir, config), or" +
                " make the new layout in another directory and copy the records over");
        }
        return openWith(dir, descriptor, config, all(descriptor.partitionCount));
    }

    /**
     * Opens an existing partitioned log for writing every partition, with the layout it was made with.
     */
    public static PartitionedLog open(final Path dir, final LogConfig config)
    {
        final PartitionedLogDescriptor descriptor = existing(dir);
        return openWith(dir, descriptor, config, all(descriptor.partitionCount));
    }

    /**
     * Opens an existing partitioned log for writing only {@code partitions}; the others are read-only here, so that
     * writers in other processes may own them.
     *
     * @throws LogWriterHeldException when another writer holds one of {@code partitions}.
     */
    public static PartitionedLog openPartitions(final Path dir, final LogConfig config, final int... partitions)
    {
        final PartitionedLogDescriptor descriptor = existing(dir);
        final boolean[] writing = new boolean[descriptor.partitionCount];
        for (final int p : partitions)
        {
            checkPartition(p, descriptor.partitionCount, dir);
            writing[p] = true;
        }
        return openWith(dir, descriptor, config, writing);
    }

    /**
     * Opens an existing partitioned log for reading only, in a process that writes none of it.
     */
    public static PartitionedLog openReadOnly(final Path dir)
    {
        return openReadOnly(dir, LogConfig.defaults());
    }

    /**
     * Like {@link #openReadOnly(Path)}, with the reading parts of {@code config}.
     */
    public static PartitionedLog openReadOnly(final Path dir, final LogConfig config)
    {
        final PartitionedLogDescriptor descriptor = existing(dir);
        return openWith(dir, descriptor, config, new boolean[descriptor.partitionCount]);
    }

    /**
     * @return true when {@code dir} holds a partitioned log (its descriptor).
     */
    public static boolean exists(final Path dir)
    {
        return Files.exists(dir.resolve(PartitionedLogDescriptor.FILE_NAME));
    }

    /**
     * @return the directory of partition {@code partition} within the log in {@code dir}.
     */
    public static Path partitionDirectory(final Path dir, final int partition)
    {
        return dir.resolve(PARTITION_PREFIX + String.format(Locale.ROOT, "%04d", partition));
    }

    public Path directory()
    {
        return dir;
    }

    public int partitionCount()
    {
        return partitions.length;
    }

    /**
     * @return the key groups this log routes over ({@link KeyGroups}).
     */
    public int keyGroups()
    {
        return keyGroups;
    }

    /**
     * @return true when this process writes {@code partition}.
     */
    public boolean isWritable(final int partition)
    {
        return writable[checkPartition(partition, partitions.length, dir)];
    }

    /**
     * @return the log of one partition.
     */
    public Log partition(final int partition)
    {
        return partitions[checkPartition(partition, partitions.length, dir)];
    }

    /**
     * @return the single appender of one partition (owned by one thread).
     * @throws IllegalStateException when this process does not write it.
     */
    public LogAppender appender(final int partition)
    {
        return partition(partition).appender();
    }

    /**
     * @param keyHash a key's stable 64-bit hash (for a long key, the key).
     * @return the partition its key group belongs to.
     */
    public int partitionOfKeyHash(final long keyHash)
    {
        return KeyGroups.ownerOfKey(keyHash, keyGroups, partitions.length);
    }

    /**
     * Appends to the partition {@code keyHash} routes to. The calling thread must be the one writer of every
     * partition it appends to this way; with a writer thread per partition, append through
     * {@code appender(partitionOfKeyHash(keyHash))} on the thread that owns it.
     *
     * @return the record's position in its partition, or {@link LogAppender#BACK_PRESSURED} or
     * {@link LogAppender#CLOSED}.
     */
    public long append(final long keyHash, final DirectBuffer src, final int offset, final int length)
    {
        return partitions[partitionOfKeyHash(keyHash)].appender().append(src, offset, length);
    }

    /**
     * @return records published in every partition since the log began.
     */
    public long recordCount()
    {
        long count = 0;
        for (final Log partition : partitions)
        {
            count += partition.recordCount();
        }
        return count;
    }

    /**
     * @return each partition's start position (the oldest record retained).
     */
    public long[] startPositions()
    {
        final long[] positions = new long[partitions.length];
        for (int p = 0; p < positions.length; p++)
        {
            positions[p] = partitions[p].startPosition();
        }
        return positions;
    }

    /**
     * @return each partition's tail position (where its next record will be).
     */
    public long[] tailPositions()
    {
        final long[] positions = new long[partitions.length];
        for (int p = 0; p < positions.length; p++)
        {
            positions[p] = partitions[p].tailPosition();
        }
        return positions;
    }

    /**
     * @param recordNumbers a record number per partition (0 is each partition's first record ever).
     * @return the position of each.
     */
    public long[] positionsOfRecords(final long[] recordNumbers)
    {
        checkVector(recordNumbers, "record numbers");
        final long[] positions = new long[partitions.length];
        for (int p = 0; p < positions.length; p++)
        {
            positions[p] = partitions[p].positionOfRecord(recordNumbers[p]);
        }
        return positions;
    }

    /**
     * @param timestampNs epoch ns.
     * @return per partition, the position of its first record appended at or after {@code timestampNs} (its tail
     * when every record is older).
     */
    public long[] positionsOfTimestamp(final long timestampNs)
    {
        final long[] positions = new long[partitions.length];
        for (int p = 0; p < positions.length; p++)
        {
            positions[p] = partitions[p].positionOfTimestamp(timestampNs);
        }
        return positions;
    }

    /**
     * A reader of every partition, each from its position in {@code positions}.
     */
    public PartitionedLogReader openReader(final long[] positions)
    {
        checkVector(positions, "positions");
        final LogReader[] readers = new LogReader[partitions.length];
        try
        {
            for (int p = 0; p < readers.length; p++)
            {
                readers[p] = partitions[p].openReader(positions[p]);
            }
        }
        catch (final RuntimeException ex)
        {
            closeAll(readers);
            throw ex;
        }
        return new PartitionedLogReader(readers);
    }

    /**
     * @return a reader of every partition from its start.
     */
    public PartitionedLogReader openReaderAtStart()
    {
        return openReader(startPositions());
    }

    /**
     * @param recordNumbers a record number per partition.
     * @return a reader of every partition from that record.
     */
    public PartitionedLogReader openReaderAtRecords(final long[] recordNumbers)
    {
        return openReader(positionsOfRecords(recordNumbers));
    }

    /**
     * @return a reader of every partition from its first record appended at or after {@code timestampNs}.
     */
    public PartitionedLogReader openReaderAtTimestamp(final long timestampNs)
    {
        return openReader(positionsOfTimestamp(timestampNs));
    }

    /**
     * @return a reader of every partition from where {@code cursor} last stored it.
     */
    public PartitionedLogReader openReader(final PartitionedLogCursor cursor)
    {
        final LogReader[] readers = new LogReader[partitions.length];
        try
        {
            for (int p = 0; p < readers.length; p++)
            {
                readers[p] = partitions[p].openReader(cursor.partitionCursor(p));
            }
        }
        catch (final RuntimeException ex)
        {
            closeAll(readers);
            throw ex;
        }
        return new PartitionedLogReader(readers);
    }

    /**
     * A durable, named consumer position of every partition: one {@link LogCursor} of that name per partition.
     */
    public PartitionedLogCursor cursor(final String name)
    {
        return cursors.computeIfAbsent(name, n ->
        {
            final LogCursor[] perPartition = new LogCursor[partitions.length];
            for (int p = 0; p < perPartition.length; p++)
            {
                perPartition[p] = partitions[p].cursor(n);
            }
            return new PartitionedLogCursor(n, perPartition);
        });
    }

    /**
     * Forces every written partition's records and every stored cursor to the device.
     */
    public void flush()
    {
        for (final Log partition : partitions)
        {
            partition.flush();
        }
    }

    public boolean isClosed()
    {
        return closed;
    }

    /**
     * Closes every partition; the first failure is thrown once all are closed.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (final Log partition : partitions)
        {
            try
            {
                partition.close();
            }
            catch (final RuntimeException ex)
            {
                if (null == failure)
                {
                    failure = ex;
                }
                else
                {
                    failure.addSuppressed(ex);
                }
            }
        }
        if (null != failure)
        {
            throw failure;
        }
    }

    public String toString()
    {
        return "PartitionedLog{" + dir + ", partitions=" + partitions.length + ", keyGroups=" + keyGroups +
            ", records=" + recordCount() + '}';
    }

    // ---------------------------------------------------------------------------------------------

    private static PartitionedLogDescriptor make(
        final Path dir, final PartitionedLogDescriptor wanted, final LogConfig config)
    {
        JvmRequirements.check();
        try
        {
            final PartitionedLogDescriptor existing = PartitionedLogDescriptor.read(dir);
            if (null != existing)
            {
                return existing;
            }
            Files.createDirectories(dir);
            // every partition is a log before the descriptor says so: a reader that finds it finds them all
            for (int p = 0; p < wanted.partitionCount; p++)
            {
                final Path partitionDir = partitionDirectory(dir, p);
                if (!Files.exists(partitionDir.resolve(SegmentDescriptor.fileName(0))))
                {
                    try
                    {
                        // the segment length is fixed when a log is made: made with the caller's config
                        Log.open(partitionDir, config.toBuilder().prepareSegments(false).build()).close();
                    }
                    catch (final LogWriterHeldException ex)
                    {
                        // another process is making this log at the same moment, or writes the partition already
                    }
                }
            }
            return wanted.writeOnce(dir);
        }
        catch (final IOException ex)
        {
            throw new LogException("cannot make partitioned log " + dir + ": " + ex, ex);
        }
    }

    private static PartitionedLogDescriptor existing(final Path dir)
    {
        JvmRequirements.check();
        final PartitionedLogDescriptor descriptor;
        try
        {
            descriptor = PartitionedLogDescriptor.read(dir);
        }
        catch (final IOException ex)
        {
            throw new LogException("cannot read " + dir.resolve(PartitionedLogDescriptor.FILE_NAME) + ": " + ex, ex);
        }
        if (null == descriptor)
        {
            throw new LogException("no partitioned log in " + dir + ": no " + PartitionedLogDescriptor.FILE_NAME +
                " there; make it first with PartitionedLog.open(dir, partitionCount, config), or check the path");
        }
        return descriptor;
    }

    private static PartitionedLog openWith(
        final Path dir, final PartitionedLogDescriptor descriptor, final LogConfig config, final boolean[] writing)
    {
        final Log[] logs = new Log[descriptor.partitionCount];
        try
        {
            for (int p = 0; p < logs.length; p++)
            {
                final Path partitionDir = partitionDirectory(dir, p);
                logs[p] = writing[p] ? Log.open(partitionDir, config) : Log.openReadOnly(partitionDir, config);
            }
        }
        catch (final RuntimeException ex)
        {
            for (final Log log : logs)
            {
                if (null != log)
                {
                    try
                    {
                        log.close();
                    }
                    catch (final RuntimeException suppressed)
                    {
                        ex.addSuppressed(suppressed);
                    }
                }
            }
            throw ex;
        }
        return new PartitionedLog(dir, descriptor.keyGroups, logs, writing.clone());
    }

    private static boolean[] all(final int partitionCount)
    {
        final boolean[] writing = new boolean[partitionCount];
        Arrays.fill(writing, true);
        return writing;
    }

    private static int checkPartition(final int partition, final int partitionCount, final Path dir)
    {
        if (partition < 0 || partition >= partitionCount)
        {
            throw new IllegalArgumentException("partition " + partition + " is outside 0.." + (partitionCount - 1) +
                " (the partitions of " + dir + ")");
        }
        return partition;
    }

    private void checkVector(final long[] values, final String what)
    {
        if (values.length != partitions.length)
        {
            throw new IllegalArgumentException(values.length + " " + what + " for the " + partitions.length +
                " partitions of " + dir + ": give one per partition");
        }
    }

    private static void closeAll(final LogReader[] readers)
    {
        for (final LogReader reader : readers)
        {
            if (null != reader)
            {
                reader.close();
            }
        }
    }
}

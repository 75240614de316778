package dev.sluice.flink.source;

import dev.sluice.core.source.LogSource;
import dev.sluice.log.Log;
import dev.sluice.log.LogReader;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Sluice log as a Flink source of its records' payloads ({@link LogRecord}s). Bounded, it is cut into record
 * ranges ({@link LogSplit}s) that readers take one at a time, so a BATCH job reads it in parallel; following the
 * tail, it is one split from the start on, read in log order by one reader, the way a STREAMING job must read it for
 * its watermark to be the local runner's. Every task manager opens the log read-only in its directory: on a cluster,
 * a path they all see.
 * <p>
 * Immutable; the splits are fixed when it is made (from the log as it is then).
 */
public final class LogRecordSource implements Source<LogRecord, LogSplit, List<LogSplit>>
{
    private static final long serialVersionUID = 1L;
    /** Fewer records than this a split are not worth a split of their own. */
    private static final long MIN_RECORDS_PER_SPLIT = 16 * 1024;

    private final String directory;
    private final List<LogSplit> splits;
    private final boolean bounded;

    private LogRecordSource(final Path directory, final List<LogSplit> splits, final boolean bounded)
    {
        this.directory = directory.toAbsolutePath().toString();
        this.splits = List.copyOf(splits);
        this.bounded = bounded;
    }

    /**
     * @param source     a pipeline's log source: its range, or its tail from its start.
     * @param maxSplits  most splits to cut a bounded range into (a few per reader of a BATCH job; 1 keeps log order).
     * @return the source; a bounded range is resolved now (a range to the tail ends at the tail as it is now).
     */
    public static LogRecordSource of(final LogSource source, final int maxSplits)
    {
        final Log log = source.log();
        final long from = source.startPosition();
        if (!source.isBounded())
        {
            return new LogRecordSource(log.directory(), List.of(new LogSplit(0, from, Long.MAX_VALUE)), false);
        }
        final long to = source.endPosition();
        if (to < from)
        {
            throw new IllegalArgumentException("log range ends at position " + to + " before its start " + from +
                "; give an end after the start");
        }
        final long firstRecord = recordNumberAt(log, from);
        final long records = recordNumberAt(log, to) - firstRecord;
        final int count = (int)Math.max(1, Math.min(maxSplits, records / MIN_RECORDS_PER_SPLIT));
        final List<LogSplit> splits = new ArrayList<>(count);
        long start = from;
        for (int i = 1; i <= count; i++)
        {
            final long end = i == count ? to : log.positionOfRecord(firstRecord + records * i / count);
            splits.add(new LogSplit(i - 1, start, end));
            start = end;
        }
        return new LogRecordSource(log.directory(), splits, true);
    }

    private static long recordNumberAt(final Log log, final long position)
    {
        try (LogReader reader = log.openReader(position))
        {
            return reader.recordNumber();
        }
    }

    /**
     * @return the splits, in log order.
     */
    public List<LogSplit> splits()
    {
        return splits;
    }

    public Boundedness getBoundedness()
    {
        return bounded ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    public SplitEnumerator<LogSplit, List<LogSplit>> createEnumerator(
        final SplitEnumeratorContext<LogSplit> context)
    {
        return new LogSplitEnumerator(context, splits);
    }

    public SplitEnumerator<LogSplit, List<LogSplit>> restoreEnumerator(
        final SplitEnumeratorContext<LogSplit> context, final List<LogSplit> checkpoint)
    {
        return new LogSplitEnumerator(context, checkpoint);
    }

    public SimpleVersionedSerializer<LogSplit> getSplitSerializer()
    {
        return new LogSplitSerializer.Splits();
    }

    public SimpleVersionedSerializer<List<LogSplit>> getEnumeratorCheckpointSerializer()
    {
        return new LogSplitSerializer.Pending();
    }

    public SourceReader<LogRecord, LogSplit> createReader(final SourceReaderContext readerContext)
    {
        return new LogSourceReader(readerContext, Path.of(directory));
    }

    public String toString()
    {
        return "LogRecordSource{" + directory + ", " + splits.size() + (bounded ? " splits}" : " split, following}");
    }
}

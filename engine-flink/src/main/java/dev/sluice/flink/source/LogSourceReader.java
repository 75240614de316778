package dev.sluice.flink.source;

import dev.sluice.log.Log;
import dev.sluice.log.LogReader;
import dev.sluice.log.RecordHandler;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads its splits of a Sluice log one after the other, in the order they were assigned, through the log's own
 * reader (records checked as the local runner reads them), and hands each record's payload on with its position.
 * A bounded split ends at its end; the split that follows the tail looks for new records every millisecond when it
 * has caught up. Its checkpoint is its splits with the position of the next record to read. Opens the log read-only,
 * so a writer in another process (or this one) may go on appending. Not thread-safe: Flink's source thread.
 */
final class LogSourceReader implements SourceReader<LogRecord, LogSplit>
{
    /** Records per poll: bounds the time the source thread spends before Flink can checkpoint. */
    private static final int RECORDS_PER_POLL = 1024;
    private static final long TAIL_POLL_MS = 1;

    private final SourceReaderContext context;
    private final Path directory;
    private final Deque<LogSplit> splits = new ArrayDeque<>();
    private final Emitter emitter = new Emitter();
    private CompletableFuture<Void> assigned = new CompletableFuture<>();
    private Log log;
    private LogSplit current;
    private LogReader reader;
    private boolean requested;
    private boolean noMoreSplits;
    private boolean caughtUp;

    LogSourceReader(final SourceReaderContext context, final Path directory)
    {
        this.context = context;
        this.directory = directory;
    }

    public void start()
    {
    }

    public InputStatus pollNext(final ReaderOutput<LogRecord> output)
    {
        caughtUp = false;
        if (null == current && !nextSplit())
        {
            return noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
        }
        emitter.output = output;
        final int read;
        try
        {
            read = reader.poll(emitter, RECORDS_PER_POLL, current.to());
        }
        finally
        {
            current = current.from(reader.position());
        }
        if (read == 0)
        {
            if (current.isBounded())
            {
                // its records were all in the log when it was made: nothing before its end is left
                reader.close();
                reader = null;
                current = null;
                return InputStatus.MORE_AVAILABLE;
            }
            caughtUp = true;
            return InputStatus.NOTHING_AVAILABLE;
        }
        return InputStatus.MORE_AVAILABLE;
    }

    private boolean nextSplit()
    {
        current = splits.poll();
        if (null == current)
        {
            if (!requested && !noMoreSplits)
            {
                requested = true;
                context.sendSplitRequest();
            }
            return false;
        }
        if (null == log)
        {
            log = Log.openReadOnly(directory);
        }
        reader = log.openReader(current.from());
        return true;
    }

    public List<LogSplit> snapshotState(final long checkpointId)
    {
        final List<LogSplit> state = new ArrayList<>(splits.size() + 1);
        if (null != current)
        {
            state.add(current);
        }
        state.addAll(splits);
        return state;
    }

    public CompletableFuture<Void> isAvailable()
    {
        if (caughtUp)
        {
            return CompletableFuture.runAsync(() -> { },
                CompletableFuture.delayedExecutor(TAIL_POLL_MS, TimeUnit.MILLISECONDS));
        }
        if (null != current || !splits.isEmpty() || noMoreSplits)
        {
            return CompletableFuture.completedFuture(null);
        }
        if (assigned.isDone())
        {
            assigned = new CompletableFuture<>();
        }
        return assigned;
    }

    public void addSplits(final List<LogSplit> added)
    {
        splits.addAll(added);
        requested = false;
        assigned.complete(null);
    }

    public void notifyNoMoreSplits()
    {
        noMoreSplits = true;
        assigned.complete(null);
    }

    public void close()
    {
        if (null != reader)
        {
            reader.close();
        }
        if (null != log)
        {
            log.close();
        }
    }

    /** Copies each payload out of the log's mapping: Flink keeps the record beyond the call. */
    private static final class Emitter implements RecordHandler
    {
        ReaderOutput<LogRecord> output;

        public void onRecord(
            final org.agrona.DirectBuffer buffer, final int offset, final int length, final long position)
        {
            final byte[] payload = new byte[length];
            buffer.getBytes(offset, payload);
            output.collect(new LogRecord(position, payload));
        }
    }
}

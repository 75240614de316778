package dev.sluice.flink.source;

import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/**
 * Hands out a log's splits in log order, one per request, to whichever reader asks; a reader that asks when none is
 * left is told there are no more. Splits a failed reader had are taken back and handed out again (its checkpoint's
 * positions, so nothing is read twice into committed output). Runs on the job manager; never opens the log.
 */
final class LogSplitEnumerator implements SplitEnumerator<LogSplit, List<LogSplit>>
{
    private final SplitEnumeratorContext<LogSplit> context;
    private final Deque<LogSplit> pending;

    LogSplitEnumerator(final SplitEnumeratorContext<LogSplit> context, final Collection<LogSplit> pending)
    {
        this.context = context;
        this.pending = new ArrayDeque<>(pending);
    }

    public void start()
    {
    }

    public void handleSplitRequest(final int subtask, final String requesterHostname)
    {
        final LogSplit next = pending.poll();
        if (null != next)
        {
            context.assignSplit(next, subtask);
        }
        else
        {
            context.signalNoMoreSplits(subtask);
        }
    }

    public void addSplitsBack(final List<LogSplit> splits, final int subtask)
    {
        // back in front, in log order
        final List<LogSplit> back = new ArrayList<>(splits);
        back.sort((a, b) -> Integer.compare(b.number(), a.number()));
        back.forEach(pending::addFirst);
    }

    public void addReader(final int subtask)
    {
    }

    public List<LogSplit> snapshotState(final long checkpointId)
    {
        return new ArrayList<>(pending);
    }

    public void close()
    {
    }
}

package dev.sluice.core;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.core.sink.TransactionalSink;
import dev.sluice.core.sink.WindowResult;

import java.util.List;

/**
 * A transactional sink for tests over a "durable" list that outlives the job (a simulated crash abandons the job,
 * not the list): each result is appended at once, as a file sink's bytes reach the disk before their commit, and a
 * restore cuts the list back to the restored checkpoint's sequence. Without checkpoints it is a collecting sink.
 */
final class RecordingSink implements TransactionalSink
{
    private final List<String> durable;

    RecordingSink(final List<String> durable)
    {
        this.durable = durable;
    }

    public void restore(final StateInput mark)
    {
        final long sequence = null == mark ? 0 : mark.getLong();
        while (durable.size() > sequence)
        {
            durable.remove(durable.size() - 1);
        }
    }

    public void onResult(final WindowResult result)
    {
        durable.add(result.toRow() + (result.isEarly() ? " (early)" : result.isUpdate() ? " (update)" : ""));
    }

    public void snapshot(final long epoch, final StateOutput mark)
    {
        mark.putLong(durable.size());
    }

    public void commit(final long epoch)
    {
    }

    public void close()
    {
    }
}

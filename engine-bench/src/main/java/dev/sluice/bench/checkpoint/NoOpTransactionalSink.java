package dev.sluice.bench.checkpoint;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.core.sink.TransactionalSink;
import dev.sluice.core.sink.WindowResult;

/**
 * A transactional sink that counts results and writes an 8-byte commit mark: checkpoints measured with it cost
 * the job's state and the checkpoint file, not a sink's I/O.
 */
final class NoOpTransactionalSink implements TransactionalSink
{
    long results;

    public void restore(final StateInput mark)
    {
        results = null == mark ? 0 : mark.getLong();
    }

    public void onResult(final WindowResult result)
    {
        results++;
    }

    public void snapshot(final long epoch, final StateOutput mark)
    {
        mark.putLong(results);
    }

    public void commit(final long epoch)
    {
    }

    public void close()
    {
    }
}

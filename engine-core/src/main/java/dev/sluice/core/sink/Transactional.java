package dev.sluice.core.sink;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;

import java.nio.file.Path;

/**
 * The checkpoint side of an exactly-once sink, the same for a sink of results ({@link TransactionalSink}, whose
 * Javadoc is the contract, with a worked example) and a sink of events ({@link TransactionalEventSink}): restore
 * from the commit mark of the restored checkpoint, pre-commit each epoch into a mark, commit it once the checkpoint
 * is durable. Called on the job thread.
 */
public interface Transactional extends AutoCloseable
{
    /**
     * @param mark this sink's commit mark from the restored checkpoint, or null on a fresh start.
     */
    void restore(StateInput mark);

    /**
     * Pre-commit of epoch {@code epoch}: everything received so far is made durable, not yet visible.
     */
    void snapshot(long epoch, StateOutput mark);

    /**
     * The checkpoint of {@code epoch} is durable: make its output visible. Idempotent.
     */
    void commit(long epoch);

    /**
     * Releases files; does not commit.
     */
    void close();

    /**
     * @return the directory that holds this sink's durable output and nothing else (its files, its log), or null for
     * output that has none (in memory, a store of the user's): what lets a deployment of several pipeline versions
     * refuse two of them writing one output, and delete a retired version's output.
     */
    default Path outputDirectory()
    {
        return null;
    }
}

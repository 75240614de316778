package dev.sluice.core.sink;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;

/**
 * A sink that takes part in checkpoints, so that a job killed at any moment and restarted from its
 * last checkpoint leaves each result in the sink's durable output exactly once.
 *
 * <p>The contract, in the style of a two-phase commit driven by the job's checkpoints:
 * <ol>
 *   <li>{@link #restore(StateInput)} is called once, before any result: with the commit mark this
 *       sink wrote into the checkpoint the job restored from, or with {@code null} on a fresh start. The
 *       sink finishes the commit of that checkpoint's epoch if it had not happened, and forgets or
 *       removes everything it wrote after it: the job replays from that checkpoint and emits those
 *       results again, identically and in the same order.</li>
 *   <li>{@link #onResult} results between two checkpoints belong to the next epoch. They must not become
 *       visible to readers as final output before their epoch commits (or must be idempotent by their
 *       identity: sequence, window, key, emission kind).</li>
 *   <li>{@link #snapshot(long, StateOutput)} (pre-commit) makes the epoch's results durable but not yet
 *       visible, and writes whatever the sink needs to finish or undo it: its commit mark. It runs
 *       before the checkpoint file is written.</li>
 *   <li>{@link #commit(long)} runs once the checkpoint holding that mark is durable: make the epoch
 *       visible. It may run again for the same epoch after a crash (via restore): it must be
 *       idempotent.</li>
 * </ol>
 * All calls come from the job thread. {@link EpochFileSink} and {@link IdempotentLogSink} are worked
 * examples.
 */
public interface TransactionalSink extends ResultSink, AutoCloseable
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
     * The checkpoint of {@code epoch} is durable: make its results visible. Idempotent.
     */
    void commit(long epoch);

    /**
     * Releases files; does not commit.
     */
    void close();
}

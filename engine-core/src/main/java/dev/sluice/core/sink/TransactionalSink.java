package dev.sluice.core.sink;

import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;

/**
 * A sink that takes part in checkpoints, so that a job killed at any moment and restarted from its
 * last checkpoint leaves each result in the sink's durable output exactly once. This is the interface for
 * users' own sinks; {@link EpochFileSink}, {@link IdempotentLogSink} and {@link LatestResultView} implement it.
 *
 * <p>The contract, a two-phase commit driven by the job's checkpoints (after Jet's snapshot-commit):
 * <ol>
 *   <li>{@link #init(ResultSchema)} once, when the job is created, then {@link #restore(StateInput)} once,
 *       before any result: with the commit mark this sink wrote into the checkpoint the job restored from, or
 *       with {@code null} on a fresh start. The sink finishes the commit of that checkpoint's epoch if it had
 *       not happened (a kill can land between the checkpoint file and the commit), and forgets or removes
 *       everything it wrote after it: the job replays from that checkpoint and emits those results again,
 *       identically and in the same order.</li>
 *   <li>{@link #onResult} results between two checkpoints belong to the next epoch. They must not become
 *       visible to readers as final output before their epoch commits, or must be idempotent by an identity
 *       that is the same on replay (an output sequence: the count of results before it, restored from the
 *       mark; or window, key and emission kind).</li>
 *   <li>{@link #snapshot(long, StateOutput)} (pre-commit) makes the epoch's results durable but not yet
 *       visible, and writes whatever the sink needs to finish or undo it: its commit mark. It runs
 *       before the checkpoint file is written. Epochs are the checkpoint ids: 1, 2, 3, ... after a fresh
 *       start, and the restored id + 1, + 2, ... after a restore. An id can be skipped only when a checkpoint
 *       write failed and the job was configured to tolerate it: the next commit must then cover both.</li>
 *   <li>{@link #commit(long)} runs once the checkpoint holding that mark is durable: make the epoch
 *       (and any earlier uncommitted one) visible. It may run again for the same epoch after a crash (via
 *       restore): it must be idempotent. It must not fail for reasons a retry would not fix: the checkpoint
 *       is already durable.</li>
 * </ol>
 * The mark is read back with exactly the reads that wrote it ({@link StateInput} checks every length; the
 * job checks that nothing is left over). All calls come from the job thread; results are flyweights valid only
 * during {@link #onResult}.
 *
 * <p>A worked example: a sink that upserts results into a key-value store by identity. Because the store
 * replaces by key, a replayed result overwrites itself: it needs no pre-commit, only the sequence to number the
 * results identically after a restore.
 * <pre>{@code
 * final class KeyValueSink implements TransactionalSink
 * {
 *     private final Map<String, String> store;       // stands for any durable store with put-by-key
 *     private long sequence;                          // results emitted before the next one
 *
 *     KeyValueSink(Map<String, String> store) { this.store = store; }
 *
 *     public void restore(StateInput mark)
 *     {
 *         sequence = mark == null ? 0 : mark.getLong();
 *     }
 *
 *     public void onResult(WindowResult r)
 *     {
 *         // identity: window and key (an update replaces the first emission; a replay rewrites the same value)
 *         store.put(r.windowStart() + "/" + r.key(), r.toRow().toString());
 *         sequence++;
 *     }
 *
 *     public void snapshot(long epoch, StateOutput mark)
 *     {
 *         // make the puts durable here if the store buffers them (flush, fsync)
 *         mark.putLong(sequence);
 *     }
 *
 *     public void commit(long epoch) { }             // upserts are visible (and idempotent) already
 *
 *     public void close() { }
 * }
 * }</pre>
 * A sink whose writes are not idempotent (append-only files, message queues) instead stages each epoch and
 * publishes it in {@link #commit}, as {@link EpochFileSink} does (pending file, renamed), or skips replayed
 * results by sequence, as {@link IdempotentLogSink} does. {@code TransactionalSinkExampleTest} runs this
 * example through kills.
 */
public interface TransactionalSink extends ResultSink, Transactional
{
    /**
     * Called once when the job is created, before {@link #restore}: the schema of the results.
     *
     * @param schema the pipeline's result schema.
     */
    /**
     * How a job <em>without</em> checkpoints treats this sink. True (the default): the run is one epoch of the
     * sink, started fresh ({@code restore(null)}) and committed when the input ends, as {@link EpochFileSink}'s
     * directory belongs to one run. False: the sink gathers what several jobs emit (a {@link LatestResultView}
     * that a batch job refreshes on a schedule, or that two layers share), so such a job only {@link #init}s it and
     * leaves what it holds alone. With checkpoints the contract above applies either way.
     *
     * @return true when a job without checkpoints owns this sink's output.
     */
    default boolean startsFreshWithEachJob()
    {
        return true;
    }

    default void init(final ResultSchema schema)
    {
    }

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

package dev.sluice.core;

/**
 * What a checkpointed job promises about its output after a crash and restore.
 */
public enum DeliveryGuarantee
{
    /**
     * Every {@link dev.sluice.core.sink.TransactionalSink} takes part in each checkpoint (pre-commit before the
     * checkpoint file, commit after it): each result is in the durable output exactly once. Other sinks see the
     * replay after a restore (at least once).
     */
    EXACTLY_ONCE,

    /**
     * Checkpoints hold the source position and operator state only; sinks are only flushed at each checkpoint,
     * and after a restore they receive again the results emitted since the last checkpoint (duplicates, never
     * gaps). Lower overhead: no sink pre-commit (fsync) or commit per checkpoint. Transactional sinks are refused:
     * they would never commit.
     */
    AT_LEAST_ONCE
}

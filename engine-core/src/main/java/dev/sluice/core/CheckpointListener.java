package dev.sluice.core;

/**
 * Told, on the job thread, of each phase of each checkpoint, in this order. For metrics and for crash tests,
 * which stop the process at a phase to kill it there. A listener that throws fails the job.
 */
@FunctionalInterface
public interface CheckpointListener
{
    /** Listens to nothing. */
    CheckpointListener NONE = (phase, checkpointId) -> {};

    /**
     * The phases of one checkpoint.
     */
    enum Phase
    {
        /** Operator state is written to the body and every transactional sink pre-committed its epoch. */
        SINKS_PRE_COMMITTED,
        /** The checkpoint's temporary file is written and forced, not yet renamed into place. */
        FILE_WRITTEN,
        /** The checkpoint file is in place and durable; sinks are about to commit. */
        DURABLE,
        /** Every sink committed: the epoch's output is visible. */
        COMMITTED
    }

    /**
     * @param phase        the phase reached.
     * @param checkpointId the checkpoint's id (= the sinks' epoch).
     */
    void onPhase(Phase phase, long checkpointId);
}

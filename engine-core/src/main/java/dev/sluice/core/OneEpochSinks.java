package dev.sluice.core;

import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.core.sink.TransactionalSink;

/**
 * The transactional sinks of a job without checkpoints: the whole job is one epoch of theirs, as a batch job's output
 * is in Flink. They start fresh when the job is created and commit when its input ends; a job stopped or killed
 * before that commits nothing, and a rerun starts afresh. Not thread-safe: the thread that calls the sinks.
 */
final class OneEpochSinks
{
    private static final TransactionalSink[] NONE = new TransactionalSink[0];

    private OneEpochSinks()
    {
    }

    /**
     * @param checkpointed true when the job has checkpoints (which drive its sinks' epochs instead).
     * @return the pipeline's transactional sinks, started fresh; none for a checkpointed job.
     */
    static TransactionalSink[] start(final Pipeline pipeline, final boolean checkpointed)
    {
        final TransactionalSink[] sinks = checkpointed ? NONE : pipeline.sinks().stream()
            .filter(TransactionalSink.class::isInstance).map(TransactionalSink.class::cast)
            .toArray(TransactionalSink[]::new);
        for (final TransactionalSink sink : sinks)
        {
            sink.init(pipeline.schema());
            sink.restore(null);
        }
        return sinks;
    }

    /**
     * The input ended: the one epoch commits.
     */
    static void commit(final TransactionalSink[] sinks)
    {
        for (final TransactionalSink sink : sinks)
        {
            sink.snapshot(1, new StateOutput(64));
            sink.commit(1);
        }
    }
}

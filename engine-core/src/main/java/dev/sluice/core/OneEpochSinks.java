package dev.sluice.core;

import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.core.sink.Transactional;
import dev.sluice.core.sink.TransactionalSink;

import java.util.stream.Stream;

/**
 * The transactional sinks of a job without checkpoints: the whole job is one epoch of theirs, as a batch job's output
 * is in Flink. They start fresh when the job is created and commit when its input ends; a job stopped or killed
 * before that commits nothing, and a rerun starts afresh. A result sink that does not start fresh with each job
 * ({@link TransactionalSink#startsFreshWithEachJob()} false, such as a live view another job may be feeding) is
 * initialised but left outside the epoch. Not thread-safe: the thread that calls the sinks.
 */
final class OneEpochSinks
{
    private static final Transactional[] NONE = new Transactional[0];

    private OneEpochSinks()
    {
    }

    /**
     * @param checkpointed true when the job has checkpoints (which drive its sinks' epochs instead).
     * @return the pipeline's transactional result and event sinks that take part in the one epoch, started fresh;
     * none for a checkpointed job.
     */
    static Transactional[] start(final Pipeline pipeline, final boolean checkpointed)
    {
        if (checkpointed)
        {
            return NONE;
        }
        final Transactional[] all = Stream.concat(pipeline.sinks().stream(), pipeline.eventSinks().stream())
            .filter(Transactional.class::isInstance).map(Transactional.class::cast)
            .toArray(Transactional[]::new);
        for (final Transactional sink : all)
        {
            if (sink instanceof TransactionalSink results)
            {
                results.init(pipeline.schema());
            }
        }
        final Transactional[] epoch = Stream.of(all)
            .filter(sink -> !(sink instanceof TransactionalSink results) || results.startsFreshWithEachJob())
            .toArray(Transactional[]::new);
        for (final Transactional sink : epoch)
        {
            sink.restore(null);
        }
        return epoch;
    }

    /**
     * The input ended: the one epoch commits.
     */
    static void commit(final Transactional[] sinks)
    {
        for (final Transactional sink : sinks)
        {
            sink.snapshot(1, new StateOutput(64));
            sink.commit(1);
        }
    }
}

package dev.sluice.core.sink;

/**
 * An event sink that takes part in checkpoints, so that a pass-through job killed at any moment and restarted from
 * its last checkpoint leaves each event in the sink's durable output exactly once. The contract is
 * {@link TransactionalSink}'s, with events for results: the replay after a restore hands the sink the same events in
 * the same order, so an output sequence (events handed over before, restored from the mark) is an identity.
 * {@link EventLogSink} implements it.
 *
 * @param <T> the event type after the pipeline's stages.
 */
public interface TransactionalEventSink<T> extends EventSink<T>, Transactional
{
}

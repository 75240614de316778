package dev.sluice.core.sink;

/**
 * Receives the events of a pass-through pipeline ({@code PipelineBuilder.passThrough}): each event that comes out of
 * its stages, in log order, on the job thread. The event is the one the codec or the last stage reuses: valid only
 * during the call, so copy what must outlive it.
 *
 * @param <T> the event type after the pipeline's stages.
 */
@FunctionalInterface
public interface EventSink<T>
{
    /**
     * @param event the event; valid only during the call.
     */
    void onEvent(T event);

    /**
     * Called at the end of each micro-batch, at checkpoints and at the end of a run: make what was written visible.
     */
    default void flush()
    {
    }
}

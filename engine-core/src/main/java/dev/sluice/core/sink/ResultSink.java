package dev.sluice.core.sink;

/**
 * Receives window results, on the job thread, in the order they fire (windows by start, keys ascending within a
 * window). The result is a flyweight valid only during the call.
 */
@FunctionalInterface
public interface ResultSink
{
    /**
     * @param result the (window, key) result; {@link WindowResult#isUpdate()} tells a re-fire from the first one.
     */
    void onResult(WindowResult result);

    /**
     * Called at the end of each micro-batch and at the end of a run: make what was written visible.
     */
    default void flush()
    {
    }
}

package dev.sluice.core.function;

/**
 * Receives events pushed by the previous stage, on the job thread. The event is valid only during the call.
 *
 * @param <T> the event type.
 */
@FunctionalInterface
public interface Emitter<T>
{
    void emit(T event);
}

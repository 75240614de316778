package dev.sluice.core.function;

/**
 * Extracts a primitive key from an event. Composite keys are packed with {@link Keys#pack(int, int)}.
 * Must not allocate: it is called once per event.
 *
 * @param <T> the event type.
 */
@FunctionalInterface
public interface KeyFunction<T>
{
    long key(T event);
}

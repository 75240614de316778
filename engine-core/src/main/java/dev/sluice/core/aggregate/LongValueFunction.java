package dev.sluice.core.aggregate;

/**
 * Extracts the value an aggregation reads from an event. Must not allocate: it is called once per event.
 *
 * @param <T> event type.
 */
@FunctionalInterface
public interface LongValueFunction<T>
{
    long value(T event);
}

package dev.sluice.core.aggregate;

/**
 * Extracts the double value an aggregation reads from an event. Must not allocate: it is called once per event.
 *
 * @param <T> event type.
 */
@FunctionalInterface
public interface DoubleValueFunction<T>
{
    double value(T event);
}

package dev.sluice.core.function;

/**
 * Extracts an event's time in milliseconds since the epoch (negative values are before 1970). Must not allocate.
 *
 * @param <T> the event type.
 */
@FunctionalInterface
public interface EventTimeFunction<T>
{
    long eventTimeMs(T event);
}

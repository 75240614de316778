package dev.sluice.core.function;

/**
 * The side output for late events: events whose window (plus allowed lateness) the watermark has already passed.
 * Called on the job thread; the event is valid only during the call.
 *
 * @param <T> the event type.
 */
@FunctionalInterface
public interface LateEventHandler<T>
{
    /**
     * @param event       the late event.
     * @param eventTimeMs its event time.
     * @param watermark   the watermark it was late against.
     * @param position    log position of the record it came from.
     */
    void onLateEvent(T event, long eventTimeMs, long watermark, long position);
}

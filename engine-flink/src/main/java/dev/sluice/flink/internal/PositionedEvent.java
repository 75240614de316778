package dev.sluice.flink.internal;

/**
 * An event between the codec and the window, with the log position (or Kafka offset) of the record it came from, for
 * the side output of late events and for error messages. A Flink POJO: the event itself travels through Kryo, as
 * Flink serializes a type it does not know.
 */
public final class PositionedEvent
{
    public long position;
    public Object event;

    public PositionedEvent()
    {
    }

    public PositionedEvent(final long position, final Object event)
    {
        this.position = position;
        this.event = event;
    }

    public String toString()
    {
        return "PositionedEvent{position=" + position + ", event=" + event + '}';
    }
}

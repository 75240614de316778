package dev.sluice.examples.compare;

/**
 * When each event of a fixed-rate stream is due, and the event time it carries: event {@code i} is due at
 * {@code startNs + i * 1e9 / rate} on the producer's nanosecond clock, and its event time is the wall clock at that
 * moment in milliseconds, {@code startEpochMs + floor(i * 1000 / rate)} (the orders generator's nominal slot when its
 * {@code startMillis} is {@code startEpochMs} and its {@code eventsPerSecond} the rate). So the two clocks meet at
 * {@code startNs} = {@code startEpochMs}, and an event-time moment maps back to a due time with
 * {@link #nanosAtEpochMs}. Immutable.
 *
 * @param startNs          nanosecond-clock time at which event 0 is due.
 * @param startEpochMs     wall-clock time of event 0, ms since the epoch.
 * @param eventsPerSecond  the offered rate; &gt; 0.
 */
public record FixedRateSchedule(long startNs, long startEpochMs, long eventsPerSecond)
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    public FixedRateSchedule
    {
        if (eventsPerSecond <= 0)
        {
            throw new IllegalArgumentException("eventsPerSecond " + eventsPerSecond + " must be > 0");
        }
    }

    /**
     * @param index the event's number in the stream, from 0.
     * @return when it is due, on the nanosecond clock.
     */
    public long dueNs(final long index)
    {
        // index * 1e9 fits a long up to 9.2e9 events: hours at millions a second
        return startNs + index * NANOS_PER_SECOND / eventsPerSecond;
    }

    /**
     * @param index the event's number in the stream, from 0.
     * @return its event time, ms since the epoch.
     */
    public long eventTimeMs(final long index)
    {
        return startEpochMs + index * 1000 / eventsPerSecond;
    }

    /**
     * @param epochMs an event-time moment, ms since the epoch.
     * @return the nanosecond-clock time at which the stream's clock reads it.
     */
    public long nanosAtEpochMs(final long epochMs)
    {
        return startNs + (epochMs - startEpochMs) * 1_000_000L;
    }

    /**
     * @param epochMs an event-time moment, ms since the epoch.
     * @return the number of the first event whose event time is at or after it (0 when the stream starts later).
     */
    public long firstIndexAtOrAfter(final long epochMs)
    {
        final long ms = epochMs - startEpochMs;
        if (ms <= 0)
        {
            return 0;
        }
        // eventTimeMs(i) >= epochMs  <=>  i * 1000 / rate >= ms  <=>  i >= ms * rate / 1000, rounded up
        return (ms * eventsPerSecond + 999) / 1000;
    }
}

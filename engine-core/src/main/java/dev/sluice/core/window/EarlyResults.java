package dev.sluice.core.window;

import dev.sluice.core.function.PipelineDefinitionException;

import java.util.concurrent.TimeUnit;

/**
 * When a window shows its running value before it closes: after every event, every N events, every T of
 * processing time, or after every poll of the source, each (window, key) changed since emits its running value,
 * marked as an early result (an update, {@code isEarly()}). The final result when the window closes is the same as without early results, with
 * the same flags. Count-based early results are deterministic (a checkpoint holds the count, so a restored job
 * emits the same as an uninterrupted one); time-based ones follow the clock. The streaming modes only: BATCH
 * reads everything before any window closes. Immutable.
 */
public final class EarlyResults
{
    private static final EarlyResults NONE = new EarlyResults(0, 0, false);
    private static final EarlyResults EVERY_POLL = new EarlyResults(0, 0, true);

    private final long everyEvents;
    private final long intervalNs;
    private final boolean everyPoll;

    private EarlyResults(final long everyEvents, final long intervalNs, final boolean everyPoll)
    {
        this.everyEvents = everyEvents;
        this.intervalNs = intervalNs;
        this.everyPoll = everyPoll;
    }

    /**
     * @return only final results (the default).
     */
    public static EarlyResults none()
    {
        return NONE;
    }

    /**
     * @return the running value of an event's window and key after every event.
     */
    public static EarlyResults everyEvent()
    {
        return new EarlyResults(1, 0, false);
    }

    /**
     * @param events how many events between two emissions of the changed running values; &gt; 0.
     * @return the policy.
     */
    public static EarlyResults everyEvents(final long events)
    {
        if (events <= 0)
        {
            throw new PipelineDefinitionException("early results every " + events + " events: give a count > 0, e.g." +
                " EarlyResults.everyEvents(1000), or EarlyResults.everyEvent()");
        }
        return new EarlyResults(events, 0, false);
    }

    /**
     * @param interval processing time between two emissions of the changed running values; &gt; 0.
     * @param unit     its unit.
     * @return the policy.
     */
    public static EarlyResults every(final long interval, final TimeUnit unit)
    {
        if (interval <= 0)
        {
            throw new PipelineDefinitionException("early results every " + interval + " " + unit + ": give an" +
                " interval > 0, e.g. EarlyResults.every(1, TimeUnit.SECONDS)");
        }
        return new EarlyResults(0, unit.toNanos(interval), false);
    }

    /**
     * After every poll of the source (each duty cycle in STREAMING, each micro-batch in MICRO_BATCH), the running
     * values changed by it: a view written by the job then reflects every record the job has read whenever the job
     * is between two duty cycles, which is as fresh as a view gets without a result per event.
     *
     * @return the policy.
     */
    public static EarlyResults everyPoll()
    {
        return EVERY_POLL;
    }

    /**
     * @return true when windows emit running values.
     */
    public boolean isEnabled()
    {
        return everyEvents > 0 || intervalNs > 0 || everyPoll;
    }

    /**
     * @return true for {@link #everyPoll()}.
     */
    public boolean isEveryPoll()
    {
        return everyPoll;
    }

    /**
     * @return events between emissions, 0 when not counted.
     */
    public long everyEvents()
    {
        return everyEvents;
    }

    /**
     * @return processing time between emissions in ns, 0 when not timed.
     */
    public long intervalNs()
    {
        return intervalNs;
    }

    public String toString()
    {
        return !isEnabled() ? "EarlyResults{none}" : everyPoll ? "EarlyResults{every poll}" : everyEvents > 0 ?
            "EarlyResults{every " + everyEvents + " events}" : "EarlyResults{every " + intervalNs + " ns}";
    }
}

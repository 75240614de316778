package dev.sluice.core.window;

import dev.sluice.core.function.PipelineDefinitionException;

import java.util.concurrent.TimeUnit;

/**
 * When a window shows its running value before it closes: after every event, every N events, every T of
 * processing time, after every poll of the source, or when the application asks ({@code Job.requestEarlyResults()}),
 * each (window, key) changed since emits its running value, marked as an early result (an update,
 * {@code isEarly()}). The final result when the window closes is the same as without early results, with
 * the same flags. Count-based early results are deterministic (a checkpoint holds the count, so a restored job
 * emits the same as an uninterrupted one); time-based ones follow the clock. The streaming modes only: BATCH
 * reads everything before any window closes. Immutable.
 */
public final class EarlyResults
{
    private static final EarlyResults NONE = new EarlyResults(0, 0, false, false);
    private static final EarlyResults EVERY_POLL = new EarlyResults(0, 0, true, false);
    private static final EarlyResults ON_REQUEST = new EarlyResults(0, 0, false, true);

    private final long everyEvents;
    private final long intervalNs;
    private final boolean everyPoll;
    private final boolean onRequest;

    private EarlyResults(final long everyEvents, final long intervalNs, final boolean everyPoll, final boolean onRequest)
    {
        this.everyEvents = everyEvents;
        this.intervalNs = intervalNs;
        this.everyPoll = everyPoll;
        this.onRequest = onRequest;
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
        return new EarlyResults(1, 0, false, false);
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
        return new EarlyResults(events, 0, false, false);
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
        return new EarlyResults(0, unit.toNanos(interval), false, false);
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
     * Only when the application asks ({@code Job.requestEarlyResults()}, from any thread): at the job's next duty
     * cycle, the running values changed since the last request. A view that is read now and then costs the copies
     * of what changed between two reads, not of every change: a (window, key) that changes a thousand times between
     * two reads is emitted once.
     *
     * @return the policy.
     */
    public static EarlyResults onRequest()
    {
        return ON_REQUEST;
    }

    /**
     * @return true when windows emit running values.
     */
    public boolean isEnabled()
    {
        return everyEvents > 0 || intervalNs > 0 || everyPoll || onRequest;
    }

    /**
     * @return true for {@link #onRequest()}.
     */
    public boolean isOnRequest()
    {
        return onRequest;
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
        return !isEnabled() ? "EarlyResults{none}" : everyPoll ? "EarlyResults{every poll}" :
            onRequest ? "EarlyResults{on request}" : everyEvents > 0 ?
            "EarlyResults{every " + everyEvents + " events}" : "EarlyResults{every " + intervalNs + " ns}";
    }
}

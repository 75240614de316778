package dev.sluice.examples.compare;

import dev.sluice.core.CheckpointConfig;
import dev.sluice.core.ExecutionMode;
import dev.sluice.core.window.EarlyResults;
import dev.sluice.examples.orders.Orders5m;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One run under load: a producer appends orders at {@code eventsPerSecond} for {@code durationNs} while one mode
 * consumes them. Immutable.
 *
 * @param mode               the mode.
 * @param eventsPerSecond    the offered rate.
 * @param durationNs         how long the producer offers events.
 * @param windowMillis       the tumbling window size.
 * @param triggerNs          MICRO_BATCH: processing time between triggers.
 * @param batchEveryNs       BATCH: processing time between scheduled runs.
 * @param earlyResults       MICRO_BATCH and STREAMING: when open windows show their running values.
 * @param checkpointEvery    MICRO_BATCH and STREAMING: "N" events or a time ("10s"), or null for none.
 * @param seed               the orders' seed.
 * @param lateEvery          every this many events one is late by {@code lateDelayMillis}; 0 for none.
 * @param lateDelayMillis    how late a late event is.
 * @param parallelism        1 for the job on one thread, else the workers of a {@code ParallelJob} over the one log.
 * @param warmupNs           how long the producer and the job run before {@code durationNs} starts, 0 for none:
 *                           events due in it are shown over time but left out of the percentiles (a fresh JVM
 *                           compiling the job while events arrive is a real cost, so there is none by default).
 */
public record LoadSpec(
    ExecutionMode mode,
    long eventsPerSecond,
    long durationNs,
    long windowMillis,
    long triggerNs,
    long batchEveryNs,
    EarlyResults earlyResults,
    String checkpointEvery,
    long seed,
    long lateEvery,
    long lateDelayMillis,
    int parallelism,
    long warmupNs)
{
    public LoadSpec
    {
        if (parallelism < 1)
        {
            throw new IllegalArgumentException("parallelism " + parallelism + " must be 1 or more");
        }
        if (warmupNs < 0)
        {
            throw new IllegalArgumentException("warmupNs " + warmupNs + " must be 0 (none) or more");
        }
    }

    /**
     * A run with no warm-up.
     */
    public LoadSpec(
        final ExecutionMode mode, final long eventsPerSecond, final long durationNs, final long windowMillis,
        final long triggerNs, final long batchEveryNs, final EarlyResults earlyResults, final String checkpointEvery,
        final long seed, final long lateEvery, final long lateDelayMillis, final int parallelism)
    {
        this(mode, eventsPerSecond, durationNs, windowMillis, triggerNs, batchEveryNs, earlyResults, checkpointEvery,
            seed, lateEvery, lateDelayMillis, parallelism, 0);
    }

    /**
     * A run on one thread: parallelism 1.
     */
    public LoadSpec(
        final ExecutionMode mode, final long eventsPerSecond, final long durationNs, final long windowMillis,
        final long triggerNs, final long batchEveryNs, final EarlyResults earlyResults, final String checkpointEvery,
        final long seed, final long lateEvery, final long lateDelayMillis)
    {
        this(mode, eventsPerSecond, durationNs, windowMillis, triggerNs, batchEveryNs, earlyResults, checkpointEvery,
            seed, lateEvery, lateDelayMillis, 1);
    }

    /**
     * @return events the producer offers: the rate times the warm-up and the duration, at least one.
     */
    public long events()
    {
        return Math.max(1, (long)(eventsPerSecond * ((warmupNs + durationNs) / 1e9)));
    }

    /**
     * @return the processing time a result may wait by design: the trigger, the schedule, or nothing.
     */
    public long periodNs()
    {
        switch (mode)
        {
            case BATCH:
                return batchEveryNs;
            case MICRO_BATCH:
                return triggerNs;
            default:
                return 0;
        }
    }

    /**
     * @param mode         another mode.
     * @param rate         another rate.
     * @param durationNs   another duration.
     * @return this run with those.
     */
    public LoadSpec with(final ExecutionMode mode, final long rate, final long durationNs)
    {
        return new LoadSpec(mode, rate, durationNs, windowMillis, triggerNs, batchEveryNs, earlyResults,
            checkpointEvery, seed, lateEvery, lateDelayMillis, parallelism, warmupNs);
    }

    /**
     * @param workers another parallelism.
     * @return this run with it.
     */
    public LoadSpec withParallelism(final int workers)
    {
        return new LoadSpec(mode, eventsPerSecond, durationNs, windowMillis, triggerNs, batchEveryNs, earlyResults,
            checkpointEvery, seed, lateEvery, lateDelayMillis, workers, warmupNs);
    }

    /**
     * @param ns another warm-up, 0 for none.
     * @return this run with it.
     */
    public LoadSpec withWarmup(final long ns)
    {
        return new LoadSpec(mode, eventsPerSecond, durationNs, windowMillis, triggerNs, batchEveryNs, earlyResults,
            checkpointEvery, seed, lateEvery, lateDelayMillis, parallelism, ns);
    }

    /**
     * @param text every-event, every-N-events, every-T (a duration) or none.
     * @return the policy.
     * @throws IllegalArgumentException naming --early and the forms it takes.
     */
    public static EarlyResults parseEarlyResults(final String text)
    {
        final String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("none"))
        {
            return EarlyResults.none();
        }
        if (value.equals("every-event"))
        {
            return EarlyResults.everyEvent();
        }
        final String usage = "--early " + text + " is not a policy: give every-event, every-N-events (e.g. " +
            "every-1000-events), every-T (e.g. every-100ms) or none";
        if (!value.startsWith("every-"))
        {
            throw new IllegalArgumentException(usage);
        }
        final String rest = value.substring("every-".length());
        try
        {
            if (rest.endsWith("-events"))
            {
                final long events = Long.parseLong(rest.substring(0, rest.length() - "-events".length()));
                if (events <= 0)
                {
                    throw new IllegalArgumentException(usage);
                }
                return EarlyResults.everyEvents(events);
            }
            final long ns = Durations.parseNanos("--early", rest);
            if (ns <= 0)
            {
                throw new IllegalArgumentException(usage);
            }
            return EarlyResults.every(ns, TimeUnit.NANOSECONDS);
        }
        catch (final IllegalArgumentException ex)
        {
            // a bad number, or a bad duration whose message would name only half of the forms
            throw new IllegalArgumentException(usage, ex);
        }
    }

    /**
     * @param every     "N" events or a time ("200ms", "10s").
     * @param directory where the checkpoints go.
     * @return the configuration.
     * @throws IllegalArgumentException naming --checkpoint-every when {@code every} is neither.
     */
    public static CheckpointConfig checkpointConfig(final String every, final Path directory)
    {
        final CheckpointConfig config = CheckpointConfig.in(directory).identity("compare-" + Orders5m.NAME,
            Orders5m.VERSION);
        final String value = every.trim().toLowerCase(Locale.ROOT);
        if (!value.isEmpty() && Character.isDigit(value.charAt(value.length() - 1)))
        {
            final long events;
            try
            {
                events = Long.parseLong(value);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("--checkpoint-every " + every + " is neither a number of events " +
                    "(50000) nor a time (200ms, 5s)");
            }
            if (events <= 0)
            {
                throw new IllegalArgumentException("--checkpoint-every " + every + " must be greater than 0");
            }
            return config.everyRecords(events);
        }
        final long ns = Durations.parseNanos("--checkpoint-every", value);
        if (ns <= 0)
        {
            throw new IllegalArgumentException("--checkpoint-every " + every + " must be longer than 0");
        }
        return config.everyInterval(ns, TimeUnit.NANOSECONDS);
    }
}

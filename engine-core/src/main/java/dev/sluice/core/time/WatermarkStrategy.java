package dev.sluice.core.time;

import java.util.concurrent.TimeUnit;

/**
 * How a job derives its watermark from event times. Immutable; {@code with*} methods return a copy.
 * <ul>
 *   <li>{@link #boundedOutOfOrderness(long)}: watermark = highest event time seen - bound - 1, so an event up to
 *       {@code bound} ms older than the newest one is still on time;</li>
 *   <li>{@link #punctuated(PunctuationFunction)}: marker events carry the watermark themselves;</li>
 *   <li>{@link #none()}: no watermark at all, valid only for {@link dev.sluice.core.ExecutionMode#BATCH}.</li>
 * </ul>
 * Emission: after every event (the default, punctuated per-event emission) or {@link #withPeriodicEmission
 * periodically} by processing time. {@link #withIdleTimeout Idle timeout} (a minute unless set otherwise, or
 * {@link #withoutIdleTimeout() none}): once the source has delivered nothing for that long, the watermark assumes every event up to the highest time seen has arrived (watermark = max seen)
 * and then follows processing time, a millisecond per idle millisecond, so quiet streams still close windows.
 *
 * @param <T> the event type.
 */
public final class WatermarkStrategy<T>
{
    /** Returned by a {@link PunctuationFunction} for an event that carries no watermark. */
    public static final long NO_WATERMARK = Long.MIN_VALUE;
    /**
     * The idle timeout unless another is set: a source silent for a minute does not hold its last windows open
     * for ever; {@link #withoutIdleTimeout()} keeps them open until events move the watermark.
     */
    public static final long DEFAULT_IDLE_TIMEOUT_NS = TimeUnit.MINUTES.toNanos(1);

    /** How the watermark is derived from the events. */
    public enum Kind
    {
        /** No watermark: windows close only at the end of input. */
        NONE,
        /** The highest event time seen minus a fixed bound of out-of-orderness. */
        BOUNDED,
        /** Carried by marked events, through a {@link PunctuationFunction}. */
        PUNCTUATED
    }

    private final Kind kind;
    private final long boundMs;
    private final PunctuationFunction<T> punctuation;
    private final long idleTimeoutNs;
    private final long periodNs;

    private WatermarkStrategy(
        final Kind kind,
        final long boundMs,
        final PunctuationFunction<T> punctuation,
        final long idleTimeoutNs,
        final long periodNs)
    {
        this.kind = kind;
        this.boundMs = boundMs;
        this.punctuation = punctuation;
        this.idleTimeoutNs = idleTimeoutNs;
        this.periodNs = periodNs;
    }

    /**
     * @param maxOutOfOrdernessMs largest delay (ms) of an on-time event behind the newest event seen; {@code >= 0}.
     * @param <T>                 event type.
     * @return the strategy.
     */
    public static <T> WatermarkStrategy<T> boundedOutOfOrderness(final long maxOutOfOrdernessMs)
    {
        if (maxOutOfOrdernessMs < 0)
        {
            throw new IllegalArgumentException(
                "maxOutOfOrdernessMs=" + maxOutOfOrdernessMs + " is negative; use 0 for in-order streams");
        }
        return new WatermarkStrategy<>(Kind.BOUNDED, maxOutOfOrdernessMs, null, DEFAULT_IDLE_TIMEOUT_NS, 0);
    }

    /**
     * @param punctuation gives the watermark carried by an event, or {@link #NO_WATERMARK}.
     * @param <T>         event type.
     * @return the strategy.
     */
    public static <T> WatermarkStrategy<T> punctuated(final PunctuationFunction<T> punctuation)
    {
        if (null == punctuation)
        {
            throw new IllegalArgumentException("punctuation function is null; pass one that returns NO_WATERMARK " +
                "for ordinary events");
        }
        return new WatermarkStrategy<>(Kind.PUNCTUATED, 0, punctuation, DEFAULT_IDLE_TIMEOUT_NS, 0);
    }

    /**
     * @param <T> event type.
     * @return the strategy of a pipeline meant only for BATCH runs: no watermark, no late events.
     */
    public static <T> WatermarkStrategy<T> none()
    {
        return new WatermarkStrategy<>(Kind.NONE, 0, null, 0, 0);
    }

    /**
     * @param timeout how long the source must deliver nothing before the watermark advances on its own; &gt; 0.
     * @param unit    of the timeout.
     * @return a copy with the idle timeout.
     */
    public WatermarkStrategy<T> withIdleTimeout(final long timeout, final TimeUnit unit)
    {
        if (timeout <= 0)
        {
            throw new IllegalArgumentException("idle timeout " + timeout + " " + unit + " must be > 0");
        }
        return new WatermarkStrategy<>(kind, boundMs, punctuation, unit.toNanos(timeout), periodNs);
    }

    /**
     * @return a copy without idle timeout: only events (or the end of input) move the watermark, however long the
     * source is silent.
     */
    public WatermarkStrategy<T> withoutIdleTimeout()
    {
        return new WatermarkStrategy<>(kind, boundMs, punctuation, 0, periodNs);
    }

    /**
     * Periodic emission: the watermark computed from events is published at most once per period of
     * processing time (checked at each poll of the source) instead of after every event.
     *
     * @param period between emissions; &gt; 0.
     * @param unit   of the period.
     * @return a copy with periodic emission.
     */
    public WatermarkStrategy<T> withPeriodicEmission(final long period, final TimeUnit unit)
    {
        if (period <= 0)
        {
            throw new IllegalArgumentException("emission period " + period + " " + unit + " must be > 0");
        }
        return new WatermarkStrategy<>(kind, boundMs, punctuation, idleTimeoutNs, unit.toNanos(period));
    }

    /**
     * @return how the watermark is derived.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * @return the punctuation function of a {@link Kind#PUNCTUATED} strategy, otherwise null.
     */
    public PunctuationFunction<T> punctuation()
    {
        return punctuation;
    }

    public boolean isNone()
    {
        return kind == Kind.NONE;
    }

    public long maxOutOfOrdernessMs()
    {
        return boundMs;
    }

    public long idleTimeoutNs()
    {
        return idleTimeoutNs;
    }

    public long periodNs()
    {
        return periodNs;
    }

    public String toString()
    {
        return "WatermarkStrategy{" + kind + ", boundMs=" + boundMs + ", idleTimeoutNs=" + idleTimeoutNs +
            ", periodNs=" + periodNs + '}';
    }

    /**
     * Gives the watermark an event carries.
     *
     * @param <T> event type.
     */
    @FunctionalInterface
    public interface PunctuationFunction<T>
    {
        /**
         * @param event       the event.
         * @param eventTimeMs its event time.
         * @return the watermark it carries, or {@link #NO_WATERMARK}.
         */
        long watermarkOf(T event, long eventTimeMs);
    }
}

package dev.sluice.core.internal;

import dev.sluice.core.time.WatermarkStrategy;
import org.agrona.concurrent.NanoClock;

/**
 * The watermark state of one job: highest event time seen, the candidate watermark derived from it, and the
 * published watermark, which never decreases. The runtime feeds it every event ({@link #onEvent}) and asks
 * it to publish ({@link #tryAdvance}) when its mode says so.
 * <p>
 * Invariant: {@link #watermark()} is monotonic and {@code <=} the candidate derived from the events seen, except
 * when idleness advanced it. Not thread-safe: owned by the job thread.
 *
 * @param <T> event type.
 */
public final class WatermarkTracker<T>
{
    private final WatermarkStrategy<T> strategy;
    private final NanoClock clock;

    private long maxEventTimeMs = Long.MIN_VALUE;
    private long candidate = Long.MIN_VALUE;
    private long watermark = Long.MIN_VALUE;
    private long lastActivityNs;
    private long lastEmissionNs;
    private long eventsSinceActivityCheck;
    private boolean idle;

    public WatermarkTracker(final WatermarkStrategy<T> strategy, final NanoClock clock)
    {
        this.strategy = strategy;
        this.clock = clock;
        final long now = clock.nanoTime();
        lastActivityNs = now;
        lastEmissionNs = now;
    }

    /**
     * Feed one event that reached the window operator.
     *
     * @param event       the event.
     * @param eventTimeMs its event time.
     */
    public void onEvent(final T event, final long eventTimeMs)
    {
        eventsSinceActivityCheck++;
        if (eventTimeMs > maxEventTimeMs)
        {
            maxEventTimeMs = eventTimeMs;
            if (strategy.kind() == WatermarkStrategy.Kind.BOUNDED)
            {
                candidate = subtractSaturated(eventTimeMs, strategy.maxOutOfOrdernessMs() + 1);
            }
        }
        if (strategy.kind() == WatermarkStrategy.Kind.PUNCTUATED)
        {
            final long mark = strategy.punctuation().watermarkOf(event, eventTimeMs);
            if (mark != WatermarkStrategy.NO_WATERMARK && mark > candidate)
            {
                candidate = mark;
            }
        }
    }

    /**
     * Publish the candidate now, whatever the emission policy (per event, or once per micro-batch).
     *
     * @return the watermark after the call.
     */
    public long advance()
    {
        if (candidate > watermark)
        {
            watermark = candidate;
        }
        return watermark;
    }

    /**
     * Publish the candidate if the emission policy allows: always for per-event emission, once per period for
     * periodic emission. Reads the clock only for periodic emission.
     *
     * @return the watermark after the call.
     */
    public long tryAdvance()
    {
        if (strategy.periodNs() == 0)
        {
            return advance();
        }
        final long now = clock.nanoTime();
        if (now - lastEmissionNs >= strategy.periodNs())
        {
            lastEmissionNs = now;
            advance();
        }
        return watermark;
    }

    /**
     * Called when the source had nothing to deliver. Tracks activity and, once the idle timeout has passed with no
     * event, advances the watermark to the highest event time seen plus the idle time beyond the timeout.
     *
     * @return the watermark after the call.
     */
    public long onIdle()
    {
        final long now = clock.nanoTime();
        if (eventsSinceActivityCheck > 0)
        {
            eventsSinceActivityCheck = 0;
            lastActivityNs = now;
            idle = false;
            return tryAdvance();
        }
        final long timeoutNs = strategy.idleTimeoutNs();
        if (timeoutNs > 0 && maxEventTimeMs != Long.MIN_VALUE && now - lastActivityNs >= timeoutNs)
        {
            idle = true;
            final long idleMs = (now - lastActivityNs - timeoutNs) / 1_000_000L;
            final long idleWatermark = addSaturated(maxEventTimeMs, idleMs);
            if (idleWatermark > watermark)
            {
                watermark = idleWatermark;
            }
            if (idleWatermark > candidate)
            {
                candidate = idleWatermark;
            }
            return watermark;
        }
        return tryAdvance();
    }

    /**
     * Record that events were seen since the last idle check without reading the clock per event.
     */
    public void onActivity()
    {
        if (eventsSinceActivityCheck > 0)
        {
            eventsSinceActivityCheck = 0;
            lastActivityNs = clock.nanoTime();
            idle = false;
        }
    }

    public long watermark()
    {
        return watermark;
    }

    /**
     * @return the watermark the events so far allow (what {@link #advance} would publish, if above the published one).
     */
    public long candidate()
    {
        return candidate;
    }

    public long maxEventTimeMs()
    {
        return maxEventTimeMs;
    }

    public boolean isIdle()
    {
        return idle;
    }

    public WatermarkStrategy<T> strategy()
    {
        return strategy;
    }

    static long subtractSaturated(final long value, final long amount)
    {
        final long result = value - amount;
        return result > value ? Long.MIN_VALUE : result;
    }

    /**
     * @param value  a value.
     * @param amount a non-negative amount.
     * @return {@code value + amount}, or {@link Long#MAX_VALUE} if that overflows.
     */
    public static long addSaturated(final long value, final long amount)
    {
        final long result = value + amount;
        return result < value ? Long.MAX_VALUE : result;
    }

    /**
     * Write the event-time part of this tracker into a checkpoint (processing-time marks are not: a restored job
     * starts its idle and emission periods afresh).
     *
     * @param out where to write.
     */
    public void snapshot(final dev.sluice.core.checkpoint.StateOutput out)
    {
        out.putLong(maxEventTimeMs).putLong(candidate).putLong(watermark).putByte(idle ? (byte)1 : (byte)0);
    }

    /**
     * @param in positioned at what {@link #snapshot} wrote.
     */
    public void restore(final dev.sluice.core.checkpoint.StateInput in)
    {
        maxEventTimeMs = in.getLong();
        candidate = in.getLong();
        watermark = in.getLong();
        idle = in.getByte() != 0;
        final long now = clock.nanoTime();
        lastActivityNs = now;
        lastEmissionNs = now;
        eventsSinceActivityCheck = 0;
    }
}

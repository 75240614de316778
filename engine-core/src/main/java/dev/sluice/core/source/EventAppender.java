package dev.sluice.core.source;

import dev.sluice.core.function.Codec;
import dev.sluice.log.LogAppender;
import dev.sluice.log.LogClaim;
import dev.sluice.log.LogException;

import java.util.Objects;

/**
 * Appends events to a log through their codec, in place: each event is encoded straight into the space the log
 * claims for it ({@link LogAppender#tryClaim}), so appending copies nothing and allocates nothing. Not
 * thread-safe: the log's single appending thread.
 *
 * @param <T> the event type.
 */
public final class EventAppender<T>
{
    private final LogAppender appender;
    private final Codec<T> codec;
    private final LogClaim claim = new LogClaim();

    /**
     * @param appender the log's appender.
     * @param codec    encodes the events.
     */
    public EventAppender(final LogAppender appender, final Codec<T> codec)
    {
        this.appender = Objects.requireNonNull(appender, "appender");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /**
     * @param event the event.
     * @return its position in the log, or {@link LogAppender#BACK_PRESSURED} (nothing written: the next segment
     * could not be made, {@link LogAppender#rollFailure()} says why; try again) or {@link LogAppender#CLOSED}.
     * @throws IllegalStateException when the codec writes other than the length it announced; nothing is appended.
     */
    public long tryAppend(final T event)
    {
        final int length = codec.encodedLength(event);
        final long position = appender.tryClaim(length, claim);
        if (position < 0)
        {
            return position;
        }
        final RuntimeException failure = ClaimEncoding.encode(codec, event, length, claim.buffer(), claim.offset());
        if (failure != null)
        {
            claim.abort();
            throw failure;
        }
        claim.commit();
        return position;
    }

    /**
     * Like {@link #tryAppend}, waiting out back pressure for at most {@code timeoutMs}.
     *
     * @return the event's position.
     * @throws LogException          with the reason when the log stayed back pressured that long (e.g. "no space
     *                               left on DIR"): nothing acknowledged before is lost.
     * @throws IllegalStateException when the log is closed.
     */
    public long append(final T event, final long timeoutMs)
    {
        long position = tryAppend(event);
        if (position >= 0)
        {
            return position;
        }
        final long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
        while (position == LogAppender.BACK_PRESSURED && System.nanoTime() - deadlineNs < 0)
        {
            Thread.onSpinWait();
            position = tryAppend(event);
        }
        if (position == LogAppender.CLOSED)
        {
            throw new IllegalStateException("the log is closed: keep it open while appending");
        }
        if (position < 0)
        {
            final LogException reason = appender.rollFailure();
            throw null != reason ? reason : new LogException("the log stayed back pressured for " + timeoutMs + " ms");
        }
        return position;
    }
}

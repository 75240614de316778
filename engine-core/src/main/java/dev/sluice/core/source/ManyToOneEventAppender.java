package dev.sluice.core.source;

import dev.sluice.core.function.Codec;
import dev.sluice.log.LogException;
import dev.sluice.log.ManyToOneLogAppender;
import dev.sluice.log.ManyToOneLogClaim;

import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Appends events to one log from any number of threads at once, through their codec, in place: each event is
 * encoded straight into the room its thread claims in the queue of a {@link ManyToOneLogAppender}, whose one drain
 * copies it into the log. Thread-safe: each thread encodes with a codec and a claim of its own, made on its first
 * append ({@link Codec} instances are not thread-safe); after that, appending allocates nothing and takes no lock.
 *
 * <pre>
 *   thread 1: append(e) --encode--+
 *   thread 2: append(e) --encode--+--&gt; queue (claims in place) --&gt; one drain --&gt; Log
 *   thread N: append(e) --encode--+
 * </pre>
 *
 * <p>What the queue positions it returns mean, when an event is in the log, what back pressure and close do, and
 * the order events keep (each thread's in its own order): see {@link ManyToOneLogAppender}.
 *
 * @param <T> the event type.
 */
public final class ManyToOneEventAppender<T>
{
    /** Waiting out a full queue: a few spins for a blip, then off the cores, which the drain needs to empty it. */
    private static final int SPINS = 50;
    private static final int YIELDS = 10;
    private static final long PARK_NS = 50_000;

    private final ManyToOneLogAppender appender;
    private final ThreadLocal<Producer<T>> producers;

    /**
     * @param appender the queue in front of the log.
     * @param codecs   makes a codec for each appending thread, e.g. {@code OrderEventCodec::new}.
     */
    public ManyToOneEventAppender(final ManyToOneLogAppender appender, final Supplier<? extends Codec<T>> codecs)
    {
        this.appender = Objects.requireNonNull(appender, "appender");
        Objects.requireNonNull(codecs, "codecs");
        this.producers = ThreadLocal.withInitial(() -> new Producer<>(Objects.requireNonNull(codecs.get(),
            "the codec supplier returned null")));
    }

    /**
     * Any thread.
     *
     * @param event the event.
     * @return its queue position ({@link ManyToOneLogAppender#appendedQueuePosition()} says when it is in the log),
     * or {@link ManyToOneLogAppender#BACK_PRESSURED} (nothing written: the queue is full,
     * {@link ManyToOneLogAppender#backPressureReason()} says whether the log refuses; try again) or
     * {@link ManyToOneLogAppender#CLOSED}.
     * @throws IllegalStateException    when the codec writes other than the length it announced; nothing is appended.
     * @throws IllegalArgumentException when the event encodes to more than
     *                                  {@link ManyToOneLogAppender#maxRecordLength()}.
     */
    public long tryAppend(final T event)
    {
        final Producer<T> producer = producers.get();
        final Codec<T> codec = producer.codec;
        final ManyToOneLogClaim claim = producer.claim;
        final int length = codec.encodedLength(event);
        final long queuePosition = appender.tryClaim(length, claim);
        if (queuePosition < 0)
        {
            return queuePosition;
        }
        final RuntimeException failure = ClaimEncoding.encode(codec, event, length, claim.buffer(), claim.offset());
        if (failure != null)
        {
            claim.abort();
            throw failure;
        }
        return claim.commit();
    }

    /**
     * Like {@link #tryAppend}, waiting out back pressure for at most {@code timeoutMs}: spinning briefly, then
     * yielding and parking, so that a drain sharing the cores with the producers gets them.
     *
     * @return the event's queue position.
     * @throws LogException          when the queue stayed full that long: the log's reason (e.g. "no space left on
     *                               DIR"), or that the drain does not keep up. Nothing accepted before is lost.
     * @throws IllegalStateException when the appender is closed.
     */
    public long append(final T event, final long timeoutMs)
    {
        long queuePosition = tryAppend(event);
        if (queuePosition >= 0)
        {
            return queuePosition;
        }
        final long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
        int attempts = 0;
        while (queuePosition == ManyToOneLogAppender.BACK_PRESSURED && System.nanoTime() - deadlineNs < 0)
        {
            if (attempts < SPINS)
            {
                Thread.onSpinWait();
            }
            else if (attempts < SPINS + YIELDS)
            {
                Thread.yield();
            }
            else
            {
                LockSupport.parkNanos(PARK_NS);
            }
            attempts++;
            queuePosition = tryAppend(event);
        }
        if (queuePosition == ManyToOneLogAppender.CLOSED)
        {
            throw new IllegalStateException("the appender is closed: keep it open while appending");
        }
        if (queuePosition < 0)
        {
            final LogException reason = appender.backPressureReason();
            throw null != reason ? reason : new LogException("the queue in front of " + appender.log().directory() +
                " stayed full for " + timeoutMs + " ms: its drain does not keep up (is drain() called, or was the" +
                " appender made with startDrainThread?)");
        }
        return queuePosition;
    }

    /**
     * @return the queue in front of the log.
     */
    public ManyToOneLogAppender appender()
    {
        return appender;
    }

    /** What one appending thread owns. */
    private static final class Producer<T>
    {
        final Codec<T> codec;
        final ManyToOneLogClaim claim = new ManyToOneLogClaim();

        Producer(final Codec<T> codec)
        {
            this.codec = codec;
        }
    }
}

package dev.sluice.examples.orders;

import dev.sluice.log.LogAppender;
import dev.sluice.log.LogClaim;
import dev.sluice.log.LogException;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.concurrent.CancellationException;

/**
 * Writes generated orders into a log in place ({@code tryClaim}, encode, {@code commit}): one reused event and one
 * reused claim, so writing allocates nothing per event. Not thread-safe: the log's single appender thread.
 *
 * <p>Interrupting the writing thread stops it between two events with a {@link CancellationException}, its interrupt
 * status cleared, so that the caller can still close the log: a file channel used by an interrupted thread is closed
 * under it. That is how a run is stopped for a signal without closing the log under the thread writing into it.
 */
public final class OrdersLogWriter
{
    /** Events between two looks at the interrupt status: often enough to stop within microseconds, cheap enough. */
    private static final long INTERRUPT_CHECK_MASK = 1023;

    private final LogAppender appender;
    private final OrderEventCodec codec = new OrderEventCodec();
    private final LogClaim claim = new LogClaim();
    private final OrderEvent event = new OrderEvent();
    private final IdleStrategy idleStrategy = new YieldingIdleStrategy();

    /**
     * @param appender the log's appender.
     */
    public OrdersLogWriter(final LogAppender appender)
    {
        this.appender = appender;
    }

    /**
     * @param generator events to write.
     * @param limit     most events to write now.
     * @return events written (fewer than {@code limit} only when the generator ran out).
     * @throws CancellationException when the thread is interrupted; the events written so far stay in the log.
     */
    public long write(final OrdersGenerator generator, final long limit)
    {
        long written = 0;
        while (written < limit && generator.hasNext())
        {
            if ((written & INTERRUPT_CHECK_MASK) == 0 && Thread.interrupted())
            {
                throw cancelled(written);
            }
            generator.next(event);
            append(event);
            written++;
        }
        return written;
    }

    /**
     * @param order the event to append.
     * @return its position.
     * @throws CancellationException when the thread is interrupted while the log is back-pressured.
     * @throws IllegalStateException  when the log cannot make its next segment ({@link LogAppender#rollFailure()},
     *                                e.g. the disk is full), with its reason; what was appended stays whole.
     */
    public long append(final OrderEvent order)
    {
        idleStrategy.reset();
        long position;
        while ((position = appender.tryClaim(OrderEventCodec.LENGTH, claim)) < 0)
        {
            if (position == LogAppender.CLOSED)
            {
                throw new IllegalStateException("log closed while writing orders; keep it open until done");
            }
            if (Thread.interrupted())
            {
                throw cancelled(-1);
            }
            final LogException rollFailure = appender.rollFailure();
            if (null != rollFailure)
            {
                // a full disk back-pressures for as long as it is full: a generated workload has nothing to wait for
                throw new IllegalStateException("writing orders stopped: " + rollFailure.getMessage(), rollFailure);
            }
            idleStrategy.idle();
        }
        codec.encode(order, claim.buffer(), claim.offset());
        claim.commit();
        return position;
    }

    private static CancellationException cancelled(final long written)
    {
        return new CancellationException("writing orders was interrupted" +
            (written >= 0 ? " after " + written + " events" : "") + "; the events appended before stay in the log");
    }
}

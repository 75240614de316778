package dev.sluice.core.orders;

import dev.sluice.log.LogAppender;
import dev.sluice.log.LogClaim;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * Writes generated orders into a log in place ({@code tryClaim}, encode, {@code commit}): one reused event and one
 * reused claim, so writing allocates nothing per event. Not thread-safe: the log's single appender thread.
 */
public final class OrdersLogWriter
{
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
     */
    public long write(final OrdersGenerator generator, final long limit)
    {
        long written = 0;
        while (written < limit && generator.hasNext())
        {
            generator.next(event);
            append(event);
            written++;
        }
        return written;
    }

    /**
     * @param order the event to append.
     * @return its position.
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
            idleStrategy.idle();
        }
        codec.encode(order, claim.buffer(), claim.offset());
        claim.commit();
        return position;
    }
}

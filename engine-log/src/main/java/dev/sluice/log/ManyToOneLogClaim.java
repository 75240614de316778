package dev.sluice.log;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A claimed, not yet committed record in the queue of a {@link ManyToOneLogAppender}, for a zero-copy write: fill
 * {@code buffer()} from {@code offset()} for {@code length()} bytes, then {@link #commit()} or {@link #abort()}.
 * Reused from claim to claim; not thread-safe: one per producer thread (the queue itself takes any number).
 */
public final class ManyToOneLogClaim extends ClaimFlyweight
{
    private ManyToOneLogAppender appender;
    private int index;
    private long queuePosition;

    void wrap(final ManyToOneLogAppender appender, final UnsafeBuffer queue, final int index, final int length,
        final long queuePosition)
    {
        this.appender = appender;
        this.index = index;
        this.queuePosition = queuePosition;
        wrapClaim(queue, index, length);
    }

    /**
     * Hands the record to the drain: it goes into the log in its turn.
     *
     * @return its queue position (see {@link ManyToOneLogAppender#appendedQueuePosition()}), or
     * {@link ManyToOneLogAppender#CLOSED} when the appender was closed before the record could go in.
     */
    public long commit()
    {
        endClaim("ManyToOneLogAppender.tryClaim");
        return appender.commitClaim(index, queuePosition);
    }

    /**
     * Gives the claimed room back: the drain skips it, and nothing goes into the log.
     */
    public void abort()
    {
        endClaim("ManyToOneLogAppender.tryClaim");
        appender.abortClaim(index);
    }
}

package dev.sluice.log;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A claimed, not yet committed record in the queue of a {@link ManyToOneLogAppender}, for a zero-copy write: fill
 * {@code buffer()} from {@code offset()} for {@code length()} bytes, then {@link #commit()} or {@link #abort()}.
 * Reused from claim to claim; not thread-safe: one per producer thread (the queue itself takes any number).
 */
public final class ManyToOneLogClaim
{
    /** A view of exactly the claimed record: a write past the claim fails its bounds check. */
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private ManyToOneLogAppender appender;
    private int index;
    private int length;
    private long queuePosition;

    void wrap(final ManyToOneLogAppender appender, final UnsafeBuffer queue, final int index, final int length,
        final long queuePosition)
    {
        this.appender = appender;
        this.buffer.wrap(queue, index, length);
        this.index = index;
        this.length = length;
        this.queuePosition = queuePosition;
    }

    /**
     * @return the buffer to write the record into: exactly the claimed bytes, from {@link #offset()}.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return where the record starts in {@link #buffer()}: always 0, the view starts at the record.
     */
    public int offset()
    {
        return 0;
    }

    /**
     * @return record length claimed, in bytes.
     */
    public int length()
    {
        return length;
    }

    /**
     * Hands the record to the drain: it goes into the log in its turn.
     *
     * @return its queue position (see {@link ManyToOneLogAppender#appendedQueuePosition()}), or
     * {@link ManyToOneLogAppender#CLOSED} when the appender was closed before the record could go in.
     */
    public long commit()
    {
        final ManyToOneLogAppender appender = checkActive();
        this.appender = null;
        return appender.commitClaim(index, queuePosition);
    }

    /**
     * Gives the claimed room back: the drain skips it, and nothing goes into the log.
     */
    public void abort()
    {
        final ManyToOneLogAppender appender = checkActive();
        this.appender = null;
        appender.abortClaim(index);
    }

    private ManyToOneLogAppender checkActive()
    {
        if (appender == null)
        {
            throw new IllegalStateException("no active claim: call ManyToOneLogAppender.tryClaim first, and commit" +
                " or abort a claim only once");
        }
        return appender;
    }
}

package dev.sluice.log;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A claimed, not yet published region of the log for a zero-copy write: fill
 * {@code buffer()} from {@code offset()} for {@code length()} bytes, then {@link #commit()} or
 * {@link #abort()}. Reused from claim to claim; not thread-safe (it belongs to the appender's thread).
 */
public final class LogClaim
{
    /** A view of exactly the claimed payload: a write past the claim fails its bounds check. */
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private LogAppender appender;
    private int frameOffset;
    private int length;

    void wrap(final LogAppender appender, final UnsafeBuffer segment, final int frameOffset, final int length)
    {
        this.appender = appender;
        this.buffer.wrap(segment, frameOffset + RecordDescriptor.HEADER_LENGTH, length);
        this.frameOffset = frameOffset;
        this.length = length;
    }

    /**
     * @return the buffer to write the payload into: exactly the claimed bytes, from {@link #offset()}.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return where the payload starts in {@link #buffer()}: always 0, the view starts at the payload.
     */
    public int offset()
    {
        return 0;
    }

    /**
     * @return payload length claimed, in bytes.
     */
    public int length()
    {
        return length;
    }

    /**
     * Checksums and publishes the record: readers see it from now on.
     */
    public void commit()
    {
        final LogAppender appender = checkActive();
        this.appender = null;
        appender.commitClaim(frameOffset, length);
    }

    /**
     * Gives the claimed space back: nothing is published and the next append reuses it.
     */
    public void abort()
    {
        final LogAppender appender = checkActive();
        this.appender = null;
        appender.abortClaim(frameOffset, length);
    }

    private LogAppender checkActive()
    {
        if (appender == null)
        {
            throw new IllegalStateException("no active claim: call LogAppender.tryClaim first, and commit or abort" +
                " a claim only once");
        }
        return appender;
    }
}

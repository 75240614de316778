package dev.sluice.log;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A claimed, not yet published region of the log for a zero-copy write: fill
 * {@code buffer()} from {@code offset()} for {@code length()} bytes, then {@link #commit()} or
 * {@link #abort()}. Reused from claim to claim; not thread-safe (it belongs to the appender's thread).
 */
public final class LogClaim extends ClaimFlyweight
{
    private LogAppender appender;
    private int frameOffset;

    void wrap(final LogAppender appender, final UnsafeBuffer segment, final int frameOffset, final int length)
    {
        this.appender = appender;
        this.frameOffset = frameOffset;
        wrapClaim(segment, frameOffset + RecordDescriptor.HEADER_LENGTH, length);
    }

    /**
     * Checksums and publishes the record: readers see it from now on.
     */
    public void commit()
    {
        endClaim("LogAppender.tryClaim");
        appender.commitClaim(frameOffset, length());
    }

    /**
     * Gives the claimed space back: nothing is published and the next append reuses it.
     */
    public void abort()
    {
        endClaim("LogAppender.tryClaim");
        appender.abortClaim(frameOffset, length());
    }
}

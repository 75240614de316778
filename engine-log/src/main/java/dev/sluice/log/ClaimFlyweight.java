package dev.sluice.log;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What the log's claims share ({@link LogClaim} in a segment, {@link ManyToOneLogClaim} in the queue in front of the
 * log): a view of exactly the claimed bytes of a record not yet published, moved from claim to claim, and the rule
 * that a claim ends once, by a commit or an abort. Not thread-safe: a claim belongs to one thread.
 */
abstract class ClaimFlyweight
{
    /** A view of exactly the claimed payload: a write past the claim fails its bounds check. */
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private int length;
    private boolean active;

    final void wrapClaim(final UnsafeBuffer claimedIn, final int offset, final int length)
    {
        buffer.wrap(claimedIn, offset, length);
        this.length = length;
        this.active = true;
    }

    /**
     * Ends the claim, before it is committed or aborted.
     *
     * @param claimedBy the call that makes a claim, for the message.
     * @throws IllegalStateException when there is no claim to end.
     */
    final void endClaim(final String claimedBy)
    {
        if (!active)
        {
            throw new IllegalStateException("no active claim: call " + claimedBy + " first, and commit or abort a" +
                " claim only once");
        }
        active = false;
    }

    /**
     * @return true between a claim and its commit or abort.
     */
    final boolean isActive()
    {
        return active;
    }

    /**
     * @return the buffer to write the payload into: exactly the claimed bytes, from {@link #offset()}.
     */
    public final MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return where the payload starts in {@link #buffer()}: always 0, the view starts at the payload.
     */
    public final int offset()
    {
        return 0;
    }

    /**
     * @return payload length claimed, in bytes.
     */
    public final int length()
    {
        return length;
    }
}

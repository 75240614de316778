package dev.sluice.core.source;

import dev.sluice.core.function.Codec;
import org.agrona.MutableDirectBuffer;

/**
 * Encoding an event into room claimed for it, for the appenders that write in place: the codec must write exactly
 * the length it announced, or the claim is aborted and nothing is appended.
 */
final class ClaimEncoding
{
    private ClaimEncoding()
    {
    }

    /**
     * @param length what {@link Codec#encodedLength} said, and the room claimed.
     * @return null when the codec wrote exactly {@code length} bytes; otherwise what to throw once the caller has
     * aborted its claim (the codec's own exception, or one that names the lengths). Returned, not thrown, so that the
     * caller aborts its own kind of claim with no callback.
     */
    static <T> RuntimeException encode(final Codec<T> codec, final T event, final int length,
        final MutableDirectBuffer buffer, final int offset)
    {
        final int written;
        try
        {
            written = codec.encode(event, buffer, offset);
        }
        catch (final RuntimeException ex)
        {
            return ex;
        }
        if (written != length)
        {
            return new IllegalStateException("codec " + codec.getClass().getName() + " wrote " + written +
                " bytes where encodedLength said " + length + "; make encodedLength exact (nothing was appended)");
        }
        return null;
    }
}

package dev.sluice.examples.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A short run of bytes (up to 16) compared with a place in an array as at most two 8-byte words: its first eight
 * bytes, masked when it is shorter, then its last eight, overlapping them. Cheaper for a name of a few bytes than a
 * general array comparison, which sets up for long runs. Immutable.
 */
final class BytePattern
{
    /** The longest pattern: two words. */
    static final int MAX_LENGTH = 2 * Long.BYTES;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int length;
    private final long head;
    private final long headMask;
    private final long tail;

    BytePattern(final byte[] bytes)
    {
        if (bytes.length < 1 || bytes.length > MAX_LENGTH)
        {
            throw new IllegalArgumentException("a pattern of " + bytes.length + " bytes: 1 to " + MAX_LENGTH);
        }
        final byte[] padded = Arrays.copyOf(bytes, Math.max(Long.BYTES, bytes.length));
        this.length = bytes.length;
        this.headMask = length >= Long.BYTES ? -1L : (1L << (length * 8)) - 1;
        this.head = (long)LONGS.get(padded, 0);
        this.tail = (long)LONGS.get(padded, padded.length - Long.BYTES);
    }

    /**
     * @return the pattern's bytes.
     */
    int length()
    {
        return length;
    }

    /**
     * @param end where the array's readable bytes end: a pattern shorter than eight bytes needs eight before it.
     * @return true when the pattern's bytes are at {@code at}; false also when fewer than
     * {@code max(8, length)} bytes are left before {@code end}.
     */
    boolean matches(final byte[] c, final int at, final int end)
    {
        if (at < 0 || at + Math.max(Long.BYTES, length) > end || ((long)LONGS.get(c, at) & headMask) != head)
        {
            return false;
        }
        return length <= Long.BYTES || (long)LONGS.get(c, at + length - Long.BYTES) == tail;
    }
}

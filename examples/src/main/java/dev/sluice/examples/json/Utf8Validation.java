package dev.sluice.examples.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF),
 * eight ASCII bytes at a time while they are ASCII. Stateless.
 */
final class Utf8Validation
{
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8Validation()
    {
    }

    /**
     * @return the index of the first byte of the first ill-formed sequence, or -1 when all of
     * {@code bytes[offset, offset + length)} is well-formed.
     */
    static int firstInvalid(final byte[] bytes, final int offset, final int length)
    {
        final int end = offset + length;
        int i = offset;
        while (i < end)
        {
            if (i + 8 <= end && ((long)LONGS.get(bytes, i) & HIGH_BITS) == 0)
            {
                i += 8;
                continue;
            }
            final int b = bytes[i] & 0xFF;
            if (b < 0x80)
            {
                i++;
                continue;
            }
            final int width = sequenceLength(bytes, i, end, b);
            if (width < 0)
            {
                return i;
            }
            i += width;
        }
        return -1;
    }

    /**
     * @return bytes of the well-formed sequence starting with lead byte {@code b} at {@code i}, or -1.
     */
    private static int sequenceLength(final byte[] bytes, final int i, final int end, final int b)
    {
        if (b >= 0xC2 && b <= 0xDF)
        {
            return i + 1 < end && isContinuation(bytes[i + 1]) ? 2 : -1;
        }
        if (b >= 0xE0 && b <= 0xEF)
        {
            if (i + 2 >= end)
            {
                return -1;
            }
            final int b1 = bytes[i + 1] & 0xFF;
            // E0 needs A0..BF (else overlong), ED needs 80..9F (else a surrogate)
            final int low = b == 0xE0 ? 0xA0 : 0x80;
            final int high = b == 0xED ? 0x9F : 0xBF;
            return b1 >= low && b1 <= high && isContinuation(bytes[i + 2]) ? 3 : -1;
        }
        if (b >= 0xF0 && b <= 0xF4)
        {
            if (i + 3 >= end)
            {
                return -1;
            }
            final int b1 = bytes[i + 1] & 0xFF;
            // F0 needs 90..BF (else overlong), F4 needs 80..8F (else above U+10FFFF)
            final int low = b == 0xF0 ? 0x90 : 0x80;
            final int high = b == 0xF4 ? 0x8F : 0xBF;
            return b1 >= low && b1 <= high && isContinuation(bytes[i + 2]) && isContinuation(bytes[i + 3]) ? 4 : -1;
        }
        return -1;
    }

    private static boolean isContinuation(final byte b)
    {
        return (b & 0xC0) == 0x80;
    }
}

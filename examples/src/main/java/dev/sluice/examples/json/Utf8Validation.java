package dev.sluice.examples.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF),
 * sixteen ASCII bytes at a time while they are ASCII. Stateless.
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
            if (i + 16 <= end && (((long)LONGS.get(bytes, i) | (long)LONGS.get(bytes, i + 8)) & HIGH_BITS) == 0)
            {
                i += 16;
                continue;
            }
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
        final int width;
        int low = 0x80;
        int high = 0xBF;
        if (b >= 0xC2 && b <= 0xDF)
        {
            width = 2;
        }
        else if (b >= 0xE0 && b <= 0xEF)
        {
            width = 3;
            // E0 needs A0..BF next (else overlong), ED needs 80..9F (else a surrogate)
            low = b == 0xE0 ? 0xA0 : low;
            high = b == 0xED ? 0x9F : high;
        }
        else if (b >= 0xF0 && b <= 0xF4)
        {
            width = 4;
            // F0 needs 90..BF next (else overlong), F4 needs 80..8F (else above U+10FFFF)
            low = b == 0xF0 ? 0x90 : low;
            high = b == 0xF4 ? 0x8F : high;
        }
        else
        {
            return -1;
        }
        if (i + width > end)
        {
            return -1;
        }
        final int second = bytes[i + 1] & 0xFF;
        if (second < low || second > high)
        {
            return -1;
        }
        for (int k = i + 2; k < i + width; k++)
        {
            if (!isContinuation(bytes[k]))
            {
                return -1;
            }
        }
        return width;
    }

    private static boolean isContinuation(final byte b)
    {
        return (b & 0xC0) == 0x80;
    }
}

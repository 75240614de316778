package dev.sluice.examples.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds a byte in an array eight bytes at a time. Stateless.
 */
final class ByteSearch
{
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private ByteSearch()
    {
    }

    /**
     * @return the index of the first {@code target} in {@code buf[from, to)}, or -1.
     */
    static int indexOf(final byte[] buf, final int from, final int to, final byte target)
    {
        final long pattern = ONES * (target & 0xFF);
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES)
        {
            final long x = (long)LONGS.get(buf, i) ^ pattern;
            // a zero byte of x is a match; the lowest flagged byte is exact (borrows only run upward)
            final long found = (x - ONES) & ~x & HIGH_BITS;
            if (found != 0)
            {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++)
        {
            if (buf[i] == target)
            {
                return i;
            }
        }
        return -1;
    }
}

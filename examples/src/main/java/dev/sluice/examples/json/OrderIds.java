package dev.sluice.examples.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The text ids of orders-json.md to the numbers of {@link dev.sluice.examples.orders.OrderEvent}, accepting only
 * the canonical text of each number, so that reading and writing are inverse. The text is bytes of ASCII (a JSON
 * string's own bytes when it has no escapes): every valid id is ASCII, so a byte at or above 0x80 simply makes the
 * text invalid. Stateless.
 */
final class OrderIds
{
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long ZEROS = ONES * '0';
    private static final long SIXES = ONES * 6;
    private static final long NIBBLES = ONES * 0xF0;
    private static final byte[][] REGION_NAME_BYTES = Arrays.stream(OrderJsonDecoder.REGION_NAMES)
        .map(name -> name.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    /** Each region name followed by its closing quote (8 to 13 bytes). */
    private static final BytePattern[] QUOTED_REGION_NAMES = Arrays.stream(OrderJsonDecoder.REGION_NAMES)
        .map(name -> new BytePattern((name + '"').getBytes(StandardCharsets.US_ASCII))).toArray(BytePattern[]::new);

    private OrderIds()
    {
    }

    /**
     * @param prefix    the letter before the '-': {@code o-}, {@code p-}, {@code c-}.
     * @param minDigits digits the number is zero-padded to: more are allowed only without a leading zero.
     * @param max       the largest number: {@link Long#MAX_VALUE} or {@link Integer#MAX_VALUE}.
     * @return the number, or -1 when the text is not {@code prefix-<digits>} in canonical form up to {@code max}.
     */
    static long parse(
        final byte[] c, final int offset, final int length, final char prefix, final int minDigits, final long max)
    {
        if (length < 2 || c[offset] != prefix || c[offset + 1] != '-')
        {
            return -1;
        }
        return parseNumber(c, offset + 2, length - 2, minDigits, max);
    }

    /**
     * {@link #parse} of the characters from {@code start} to the first {@code '"'} before {@code end}: a JSON
     * string's bytes in the line, read without a separate search for its end. Only a canonical id followed by the
     * quote is accepted, so a string with escapes or control characters never is.
     *
     * @return the number, or -1 (then {@link #parse} of the decoded text decides).
     */
    static long parseQuoted(
        final byte[] c, final int start, final int end, final char prefix, final int minDigits, final long max)
    {
        if (start + 2 >= end || c[start] != prefix || c[start + 1] != '-')
        {
            return -1;
        }
        return parseQuotedNumber(c, start + 2, end, minDigits, max);
    }

    /**
     * @param value     a number an id holds, &gt;= 0.
     * @param minDigits digits it is zero-padded to.
     * @return the digits of its canonical text: the number's own, at least {@code minDigits}.
     */
    static int digitsOf(final long value, final int minDigits)
    {
        int digits = 1;
        for (long bound = 10; digits < 19 && value >= bound; bound *= 10)
        {
            digits++;
        }
        return Math.max(minDigits, digits);
    }

    /**
     * {@link #parseRegion} of the characters from {@code start} to the first {@code '"'} before {@code end}, as
     * {@link #parseQuoted}.
     */
    static int parseQuotedRegion(final byte[] c, final int start, final int end)
    {
        final int candidate = start + 4 > end ? -1 : regionCandidate(c[start], c[start + 1], c[start + 3]);
        if (candidate >= 0)
        {
            return QUOTED_REGION_NAMES[candidate].matches(c, start, end) ? candidate : -1;
        }
        if (start + 1 >= end || c[start] != 'r')
        {
            return -1;
        }
        final long r = parseQuotedNumber(c, start + 1, end, 1, Integer.MAX_VALUE);
        return r >= REGION_NAME_BYTES.length ? (int)r : -1;
    }

    /**
     * Digits from {@code from} to a {@code '"'}: up to seven at once (a number of an order's ids), more one by one.
     */
    private static long parseQuotedNumber(
        final byte[] c, final int from, final int end, final int minDigits, final long max)
    {
        if (from + 8 <= end)
        {
            final long x = (long)LONGS.get(c, from);
            final long quote = x ^ QUOTES;
            final long quotes = (quote - ONES) & ~quote & HIGH_BITS;
            if (quotes != 0)
            {
                // the lowest flag is exact: the bytes below it are the digits, if they are digits
                final int digits = Long.numberOfTrailingZeros(quotes) >>> 3;
                final long mask = (1L << (digits << 3)) - 1;
                final long text = x & mask;
                // each byte 0x30..0x39: high nibble 3, and still 3 after adding 6 (no byte carries into the next)
                if (digits < minDigits || (text & NIBBLES & mask) != (ZEROS & mask) ||
                    ((text + (SIXES & mask)) & NIBBLES & mask) != (ZEROS & mask) ||
                    (digits > minDigits && (text & 0xFF) == '0'))
                {
                    return -1;
                }
                // seven digits at most: no overflow; leading zero bytes shifted in below them read as 0
                return eightDigits(text << ((8 - digits) << 3));
            }
        }
        int i = from;
        final int limit = Math.min(end, from + (max == Long.MAX_VALUE ? 19 : 10) + 1);
        while (i < limit && c[i] != '"')
        {
            i++;
        }
        return i < limit && c[i] == '"' ? parseNumber(c, from, i - from, minDigits, max) : -1;
    }

    /**
     * @return the value of eight ASCII digits, the first in the lowest byte (D. Lemire's SWAR reduction).
     */
    private static long eightDigits(final long ascii)
    {
        long v = ascii & 0x0F0F0F0F0F0F0F0FL;
        v = (v * 2561) >>> 8;
        v = ((v & 0x00FF00FF00FF00FFL) * 6553601) >>> 16;
        return ((v & 0x0000FFFF0000FFFFL) * 42949672960001L) >>> 32;
    }

    /**
     * @return 0..7 for the named regions, n for {@code r<n>} with n &gt;= 8, else -1.
     */
    static int parseRegion(final byte[] c, final int offset, final int length)
    {
        final byte[][] names = REGION_NAME_BYTES;
        final int candidate = length < 4 ? -1 : regionCandidate(c[offset], c[offset + 1], c[offset + 3]);
        if (candidate >= 0)
        {
            return equals(names[candidate], c, offset, length) ? candidate : -1;
        }
        if (length < 2 || c[offset] != 'r')
        {
            return -1;
        }
        final long r = parseNumber(c, offset + 1, length - 1, 1, Integer.MAX_VALUE);
        return r >= names.length ? (int)r : -1;
    }

    /**
     * @return the only region name that can start with {@code first}, {@code second} and have {@code fourth} as its
     * fourth character, or -1 (then it is no name, perhaps r&lt;n&gt;).
     */
    private static int regionCandidate(final byte first, final byte second, final byte fourth)
    {
        switch (first)
        {
            case 'u':
                return fourth == 'e' ? 0 : fourth == 'w' ? 1 : -1;
            case 'e':
                return fourth == 'w' ? 2 : fourth == 'c' ? 3 : -1;
            case 'a':
                return second == 'f' ? 7 : fourth == 's' ? 4 : fourth == 'n' ? 5 : -1;
            case 's':
                return fourth == 'e' ? 6 : -1;
            default:
                return -1;
        }
    }

    private static long parseNumber(
        final byte[] c, final int offset, final int digits, final int minDigits, final long max)
    {
        final int maxDigits = max == Long.MAX_VALUE ? 19 : 10;
        if (digits < minDigits || digits > maxDigits || (digits > minDigits && c[offset] == '0'))
        {
            return -1;
        }
        // fewer digits than max has cannot overflow it: only the last digit of a number as long as max is checked
        long value = 0;
        final int last = offset + digits - 1;
        for (int i = offset; i < last; i++)
        {
            final int d = c[i] - '0';
            // one unsigned comparison: below '0' wraps to a large number
            if (Integer.compareUnsigned(d, 9) > 0)
            {
                return -1;
            }
            value = value * 10 + d;
        }
        final int d = c[last] - '0';
        if (d < 0 || d > 9 || (digits == maxDigits && value > (max - d) / 10))
        {
            return -1;
        }
        return value * 10 + d;
    }

    private static boolean equals(final byte[] name, final byte[] c, final int offset, final int length)
    {
        return name.length == length && Arrays.equals(name, 0, length, c, offset, offset + length);
    }
}

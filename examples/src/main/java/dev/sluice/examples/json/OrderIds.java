package dev.sluice.examples.json;

/**
 * The text ids of orders-json.md to the numbers of {@link dev.sluice.examples.orders.OrderEvent}, accepting only
 * the canonical text of each number, so that reading and writing are inverse. The text is bytes of ASCII (a JSON
 * string's own bytes when it has no escapes): every valid id is ASCII, so a byte at or above 0x80 simply makes the
 * text invalid. Stateless.
 */
final class OrderIds
{
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
     * @return 0..7 for the named regions, n for {@code r<n>} with n &gt;= 8, else -1.
     */
    static int parseRegion(final byte[] c, final int offset, final int length)
    {
        final String[] names = OrderJsonDecoder.REGION_NAMES;
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

    private static long parseNumber(final byte[] c, final int offset, final int digits, final int minDigits, final long max)
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
            if (d < 0 || d > 9)
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

    private static boolean equals(final String name, final byte[] c, final int offset, final int length)
    {
        if (name.length() != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (name.charAt(i) != c[offset + i])
            {
                return false;
            }
        }
        return true;
    }
}

package dev.sluice.examples.json;

/**
 * JSON numbers to whole cents, exactly: the value of the number's text, not of a double. Holds the last result;
 * not thread-safe.
 */
final class JsonAmounts
{
    /** {@link #parseCents} read the number: its cents are in {@link #cents()}. */
    static final int CENTS = 0;
    /** The number has a non-zero digit past the cents. */
    static final int SUB_CENT = 1;
    /** The number's cents do not fit in a long ({@code -Long.MAX_VALUE..Long.MAX_VALUE}). */
    static final int OUT_OF_RANGE = 2;

    /** Exponents are clamped to this: far beyond any that a long of cents allows, far from overflowing an int. */
    private static final int EXPONENT_CLAMP = 1 << 20;

    private long cents;

    /**
     * @param c      the text of a JSON number, as the parser checked it: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}.
     * @param offset where it starts.
     * @param length its characters.
     * @return {@link #CENTS} with the number times 100 in {@link #cents()}, or {@link #SUB_CENT} or
     * {@link #OUT_OF_RANGE}.
     */
    int parseCents(final char[] c, final int offset, final int length)
    {
        // the common form, d.dd with up to 16 digits before the point: whole cents, no overflow possible
        if (length >= 4 && length <= 19 && c[offset + length - 3] == '.')
        {
            long value = 0;
            boolean digits = c[offset] != '0' || length == 4;
            for (int i = offset, end = offset + length - 3; i < end; i++)
            {
                final int d = c[i] - '0';
                digits &= d >= 0 && d <= 9;
                value = value * 10 + d;
            }
            final int tenths = c[offset + length - 2] - '0';
            final int hundredths = c[offset + length - 1] - '0';
            if (digits && tenths >= 0 && tenths <= 9 && hundredths >= 0 && hundredths <= 9)
            {
                this.cents = value * 100 + tenths * 10 + hundredths;
                return CENTS;
            }
        }
        return parseGeneral(c, offset, length);
    }

    private int parseGeneral(final char[] c, final int offset, final int length)
    {
        final int end = offset + length;
        int i = offset;
        final boolean negative = c[i] == '-';
        if (negative)
        {
            i++;
        }
        final int intStart = i;
        while (i < end && isDigit(c[i]))
        {
            i++;
        }
        final int intEnd = i;
        int fracStart = i;
        int fracEnd = i;
        if (i < end && c[i] == '.')
        {
            fracStart = ++i;
            while (i < end && isDigit(c[i]))
            {
                i++;
            }
            fracEnd = i;
        }
        int exponent = 0;
        if (i < end && (c[i] == 'e' || c[i] == 'E'))
        {
            i++;
            final boolean negativeExponent = c[i] == '-';
            if (c[i] == '-' || c[i] == '+')
            {
                i++;
            }
            while (i < end)
            {
                exponent = Math.min(EXPONENT_CLAMP, exponent * 10 + (c[i++] - '0'));
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        // the digits int ++ frac, without trailing zeros: value = digits * 10^scale
        int lastNonZero = -1;
        boolean inFraction = false;
        for (int k = fracEnd - 1; k >= fracStart; k--)
        {
            if (c[k] != '0')
            {
                lastNonZero = k;
                inFraction = true;
                break;
            }
        }
        if (!inFraction)
        {
            for (int k = intEnd - 1; k >= intStart; k--)
            {
                if (c[k] != '0')
                {
                    lastNonZero = k;
                    break;
                }
            }
        }
        if (lastNonZero < 0)
        {
            this.cents = 0;
            return CENTS;
        }
        // scale of the last significant digit, then of cents: cents = digits * 10^(scale + 2)
        final long scale = (inFraction ? -(lastNonZero - fracStart + 1) : intEnd - 1 - lastNonZero) + (long)exponent;
        final long centsScale = scale + 2;
        if (centsScale < 0)
        {
            return SUB_CENT;
        }
        long cents = 0;
        for (int k = intStart; k <= lastNonZero; k++)
        {
            if (k == intEnd)
            {
                k = fracStart;
            }
            final int digit = c[k] - '0';
            if (cents > (Long.MAX_VALUE - digit) / 10)
            {
                return OUT_OF_RANGE;
            }
            cents = cents * 10 + digit;
        }
        // the trailing zeros stripped above, and the exponent
        for (long z = 0; z < centsScale; z++)
        {
            if (cents > Long.MAX_VALUE / 10)
            {
                return OUT_OF_RANGE;
            }
            cents *= 10;
        }
        this.cents = negative ? -cents : cents;
        return CENTS;
    }

    /**
     * @return the cents of the last number {@link #parseCents} read.
     */
    long cents()
    {
        return cents;
    }

    private static boolean isDigit(final char c)
    {
        return c >= '0' && c <= '9';
    }
}

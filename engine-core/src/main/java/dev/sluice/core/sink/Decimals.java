package dev.sluice.core.sink;

import java.math.BigDecimal;

/**
 * Decimal fields as sinks write and read them: a long holds the unscaled number and the schema the scale, so
 * {@code 15903784} at scale 2 is written {@code 159037.84}. One place for the text form, so every sink writes the
 * same digits and {@link CommittedOutput} reads back exactly what was written.
 */
final class Decimals
{
    private static final double[] POWERS_OF_TEN = new double[19];

    static
    {
        double p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++)
        {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    private Decimals()
    {
    }

    static double toDouble(final long unscaled, final int scale)
    {
        return unscaled / POWERS_OF_TEN[scale];
    }

    static BigDecimal toBigDecimal(final long unscaled, final int scale)
    {
        return BigDecimal.valueOf(unscaled, scale);
    }

    /**
     * Appends {@code unscaled} with a decimal point {@code scale} digits from the right: sign, integer digits (at
     * least one), point and exactly {@code scale} fraction digits; no allocation.
     */
    static StringBuilder append(final StringBuilder text, final long unscaled, final int scale)
    {
        if (scale == 0)
        {
            return text.append(unscaled);
        }
        final int start = text.length();
        text.append(unscaled);
        int firstDigit = start;
        if (unscaled < 0)
        {
            firstDigit++;
        }
        // pad with zeros so there is one integer digit: 5 at scale 2 is 0.05
        while (text.length() - firstDigit <= scale)
        {
            text.insert(firstDigit, '0');
        }
        text.insert(text.length() - scale, '.');
        return text;
    }

    /**
     * @return the unscaled long of a decimal written with at most {@code scale} fraction digits.
     * @throws NumberFormatException for text that is not one, or one that does not fit.
     */
    static long parse(final String text, final int scale)
    {
        try
        {
            return new BigDecimal(text).setScale(scale).unscaledValue().longValueExact();
        }
        catch (final ArithmeticException ex)
        {
            throw new NumberFormatException("'" + text + "' is not a decimal with " + scale + " fraction digits " +
                "that fits a long");
        }
    }
}

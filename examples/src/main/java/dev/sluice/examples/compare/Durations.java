package dev.sluice.examples.compare;

import java.util.Locale;

/**
 * Durations as the command line takes them: a number and a unit, {@code 250us}, {@code 100ms}, {@code 5s},
 * {@code 2m}. Stateless.
 */
public final class Durations
{
    private Durations()
    {
    }

    /**
     * @param option the option the text was given to, for the message.
     * @param text   e.g. "100ms".
     * @return the duration in ns.
     * @throws IllegalArgumentException naming the option and the forms it takes.
     */
    public static long parseNanos(final String option, final String text)
    {
        final String value = text.trim().toLowerCase(Locale.ROOT);
        int digits = 0;
        while (digits < value.length() && (Character.isDigit(value.charAt(digits)) || value.charAt(digits) == '.' ||
            (digits == 0 && value.charAt(0) == '-')))
        {
            digits++;
        }
        final double unitNs;
        switch (value.substring(digits))
        {
            case "ns":
                unitNs = 1;
                break;
            case "us":
                unitNs = 1e3;
                break;
            case "ms":
                unitNs = 1e6;
                break;
            case "s":
                unitNs = 1e9;
                break;
            case "m":
            case "min":
                unitNs = 60e9;
                break;
            case "h":
                unitNs = 3600e9;
                break;
            default:
                throw new IllegalArgumentException(option + " " + text + " is not a duration: give a number and a " +
                    "unit, e.g. 250us, 100ms, 5s, 2m");
        }
        try
        {
            return Math.round(Double.parseDouble(value.substring(0, digits)) * unitNs);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(option + " " + text + " is not a duration: give a number and a " +
                "unit, e.g. 250us, 100ms, 5s, 2m");
        }
    }
}

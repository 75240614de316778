package dev.sluice.examples.compare;

import java.util.Locale;

/**
 * How the report writes its figures: durations with a unit that keeps three digits, rates in K and M. Stateless.
 */
public final class Figures
{
    private Figures()
    {
    }

    /**
     * @param ns a duration.
     * @return e.g. "850 ns", "42.1 µs", "3.20 ms", "1.52 s".
     */
    public static String duration(final double ns)
    {
        if (ns < 1e3)
        {
            return String.format(Locale.ROOT, "%.0f ns", ns);
        }
        if (ns < 1e6)
        {
            return String.format(Locale.ROOT, "%s µs", threeDigits(ns / 1e3));
        }
        if (ns < 1e9)
        {
            return String.format(Locale.ROOT, "%s ms", threeDigits(ns / 1e6));
        }
        return String.format(Locale.ROOT, "%s s", threeDigits(ns / 1e9));
    }

    /**
     * @param perSecond a rate.
     * @return e.g. "950", "200K", "1.25M".
     */
    public static String rate(final double perSecond)
    {
        if (perSecond < 1e3)
        {
            return String.format(Locale.ROOT, "%.0f", perSecond);
        }
        if (perSecond < 1e6)
        {
            return threeDigits(perSecond / 1e3) + "K";
        }
        return threeDigits(perSecond / 1e6) + "M";
    }

    /**
     * @param bytes a size.
     * @return in MiB, e.g. "312 MiB", "1.5 MiB".
     */
    public static String mebibytes(final long bytes)
    {
        final double mib = bytes / (double)(1 << 20);
        return (mib < 10 ? String.format(Locale.ROOT, "%.1f", mib) : String.format(Locale.ROOT, "%.0f", mib)) + " MiB";
    }

    private static String threeDigits(final double value)
    {
        if (value >= 100)
        {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (value >= 10)
        {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}

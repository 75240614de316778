package dev.sluice.examples.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * ISO-8601 instants to and from epoch milliseconds. Parsing accepts exactly what {@link Instant#parse} accepts
 * ({@link DateTimeFormatter#ISO_INSTANT}: {@code Z} or an offset such as {@code +01:00}, 0 to 9 fraction digits,
 * {@code 24:00:00} and the leap second {@code 23:59:60} as java.time reads them, years beyond 9999 with a sign),
 * truncating to the millisecond (toward the past). The common form {@code yyyy-MM-ddTHH:mm:ss[.fff]Z} is read
 * here without allocating; anything else is handed to java.time. Formatting writes {@code yyyy-MM-ddTHH:mm:ss.SSSZ}.
 * Stateless.
 */
final class IsoInstants
{
    /** Returned by {@link #parseEpochMillis} for text that is not an instant, or whose milliseconds overflow a long. */
    static final long INVALID = Long.MIN_VALUE;

    /** Characters of {@code yyyy-MM-ddTHH:mm:ssZ}; with a point and nine fraction digits, 30. */
    static final int COMMON_MIN_LENGTH = 20;
    static final int COMMON_MAX_LENGTH = 30;

    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar. */
    private static final long DAYS_0000_03_01_TO_EPOCH = 719_468;
    private static final int DAYS_PER_400_YEARS = 146_097;
    private static final DateTimeFormatter WIDE_YEARS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
        .withZone(java.time.ZoneOffset.UTC);

    private IsoInstants()
    {
    }

    /**
     * @return epoch milliseconds of the instant in {@code chars[offset, offset + length)}, or {@link #INVALID}.
     * Allocates a few bytes: the decoder reads a string without escapes from its bytes with {@link #parseCommonForm}.
     */
    static long parseEpochMillis(final char[] chars, final int offset, final int length)
    {
        if (length >= COMMON_MIN_LENGTH && length <= COMMON_MAX_LENGTH)
        {
            final byte[] ascii = new byte[length];
            boolean isAscii = true;
            for (int i = 0; i < length; i++)
            {
                final char c = chars[offset + i];
                isAscii &= c < 0x80;
                ascii[i] = (byte)c;
            }
            // a char beyond ASCII is never in the common form (java.time decides), and must not pass as its low byte
            final long millis = isAscii ? parseCommonForm(ascii, 0, length) : INVALID;
            if (millis != INVALID)
            {
                return millis;
            }
        }
        return parseWithJavaTime(chars, offset, length);
    }

    /**
     * {@link #parseCommonForm} of the characters from {@code start} to a {@code '"'}: a JSON string's bytes in the
     * line, its end found from the form itself ({@code Z} after the seconds or after up to nine fraction digits).
     *
     * @param memo the last day read, or null.
     * @return epoch milliseconds, or {@link #INVALID} (then {@link #parseEpochMillis} of the decoded text decides).
     */
    static long parseQuotedCommonForm(final byte[] c, final int start, final int end, final DayMemo memo)
    {
        int z = start + COMMON_MIN_LENGTH - 1;
        if (z >= end)
        {
            return INVALID;
        }
        if (c[z] == '.')
        {
            final int limit = Math.min(end, start + COMMON_MAX_LENGTH - 1);
            do
            {
                z++;
            }
            while (z < limit && c[z] != 'Z');
        }
        final int quote = z + 1;
        return quote < end && c[z] == 'Z' && c[quote] == '"' ? parseCommonForm(c, start, quote - start, memo) :
            INVALID;
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with hours 00..23 and seconds 00..59, in ASCII bytes; everything else
     * (even when valid) gives {@link #INVALID}, for {@link #parseEpochMillis} and java.time to decide. Allocates
     * nothing.
     */
    static long parseCommonForm(final byte[] c, final int o, final int length)
    {
        return parseCommonForm(c, o, length, null);
    }

    /**
     * {@link #parseCommonForm(byte[], int, int)}, taking the day from {@code memo} when the date's ten bytes are
     * those of the last date it holds, and leaving the day read there otherwise.
     *
     * @param memo the last day read, or null.
     */
    static long parseCommonForm(final byte[] c, final int o, final int length, final DayMemo memo)
    {
        if (length < COMMON_MIN_LENGTH || length > COMMON_MAX_LENGTH || c[o + 4] != '-' || c[o + 7] != '-' ||
            c[o + 10] != 'T' || c[o + 13] != ':' || c[o + 16] != ':' || c[o + length - 1] != 'Z')
        {
            return INVALID;
        }
        final long dayMillis;
        if (null == memo)
        {
            dayMillis = dayMillis(c, o);
        }
        else
        {
            final long head = (long)LONGS.get(c, o);
            final int tail = (c[o + 8] & 0xFF) << 8 | (c[o + 9] & 0xFF);
            if (head == memo.head && tail == memo.tail)
            {
                dayMillis = memo.dayMillis;
            }
            else
            {
                dayMillis = dayMillis(c, o);
                if (dayMillis != INVALID)
                {
                    memo.head = head;
                    memo.tail = tail;
                    memo.dayMillis = dayMillis;
                }
            }
        }
        final long timeMillis = timeOfDayMillis(c, o, length);
        return dayMillis == INVALID || timeMillis == INVALID ? INVALID : dayMillis + timeMillis;
    }

    /**
     * The day of the last date {@link #parseCommonForm(byte[], int, int, DayMemo)} read: orders arrive in time
     * order, so most share their day with the one before. Not thread-safe.
     */
    static final class DayMemo
    {
        /** The date's first eight bytes, little-endian. */
        long head;
        /** Its last two bytes; -1 when nothing is held (no two bytes make it). */
        int tail = -1;
        long dayMillis;
    }

    /**
     * @return epoch milliseconds of the start of the day {@code yyyy-MM-dd} at {@code o}, or {@link #INVALID}.
     */
    private static long dayMillis(final byte[] c, final int o)
    {
        // every digit position at once: a byte that is not a digit makes its d negative or d' = 9 - d negative
        final int y0 = c[o] - '0', y1 = c[o + 1] - '0', y2 = c[o + 2] - '0', y3 = c[o + 3] - '0';
        final int mo0 = c[o + 5] - '0', mo1 = c[o + 6] - '0', d0 = c[o + 8] - '0', d1 = c[o + 9] - '0';
        final int any = y0 | y1 | y2 | y3 | mo0 | mo1 | d0 | d1;
        final int anyAbove = (9 - y0) | (9 - y1) | (9 - y2) | (9 - y3) | (9 - mo0) | (9 - mo1) | (9 - d0) | (9 - d1);
        if ((any | anyAbove) < 0)
        {
            return INVALID;
        }
        final int year = ((y0 * 10 + y1) * 10 + y2) * 10 + y3;
        final int month = mo0 * 10 + mo1;
        final int day = d0 * 10 + d1;
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
        {
            return INVALID;
        }
        return epochDay(year, month, day) * MILLIS_PER_DAY;
    }

    /**
     * @return milliseconds into the day of {@code THH:mm:ss[.f{1,9}]Z} after the date at {@code o}, or
     * {@link #INVALID}.
     */
    private static long timeOfDayMillis(final byte[] c, final int o, final int length)
    {
        final int h0 = c[o + 11] - '0', h1 = c[o + 12] - '0', mi0 = c[o + 14] - '0', mi1 = c[o + 15] - '0';
        final int s0 = c[o + 17] - '0', s1 = c[o + 18] - '0';
        final int any = h0 | h1 | mi0 | mi1 | s0 | s1;
        final int anyAbove = (9 - h0) | (9 - h1) | (9 - mi0) | (9 - mi1) | (9 - s0) | (9 - s1);
        if ((any | anyAbove) < 0)
        {
            return INVALID;
        }
        final int hour = h0 * 10 + h1;
        final int minute = mi0 * 10 + mi1;
        final int second = s0 * 10 + s1;
        if (hour > 23 || minute > 59 || second > 59)
        {
            return INVALID;
        }
        int millis = 0;
        if (length > COMMON_MIN_LENGTH)
        {
            final int fractionDigits = length - COMMON_MIN_LENGTH - 1;
            if (c[o + 19] != '.' || fractionDigits < 1 || digits(c, o + 20, fractionDigits) < 0)
            {
                return INVALID;
            }
            // the first three digits are the milliseconds; fewer are tenths or hundredths; more are truncated
            for (int i = 0; i < 3; i++)
            {
                millis = millis * 10 + (i < fractionDigits ? c[o + 20 + i] - '0' : 0);
            }
        }
        else if (c[o + 19] != 'Z')
        {
            return INVALID;
        }
        return ((hour * 60L + minute) * 60 + second) * 1000 + millis;
    }

    private static long parseWithJavaTime(final char[] chars, final int offset, final int length)
    {
        try
        {
            return Instant.from(DateTimeFormatter.ISO_INSTANT.parse(CharBuffer.wrap(chars, offset, length)))
                .toEpochMilli();
        }
        catch (final DateTimeException | ArithmeticException ex)
        {
            return INVALID;
        }
    }

    /**
     * @return the value of {@code count} (at most 9) decimal digits, or -1 when one is not a digit.
     */
    private static int digits(final byte[] c, final int at, final int count)
    {
        int value = 0;
        for (int i = at, end = at + count; i < end; i++)
        {
            final int d = c[i] - '0';
            if (d < 0 || d > 9)
            {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    private static int daysInMonth(final int year, final int month)
    {
        if (month == 2)
        {
            return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /**
     * @return days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
     */
    static long epochDay(final long year, final int month, final int day)
    {
        final long y = month <= 2 ? year - 1 : year;
        final long era = Math.floorDiv(y, 400);
        final long yearOfEra = y - era * 400;
        final long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        final long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * DAYS_PER_400_YEARS + dayOfEra - DAYS_0000_03_01_TO_EPOCH;
    }

    /**
     * Writes {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (24 bytes) for years 0000..9999, else java.time's form with a sign
     * and more digits ({@code +10000-01-01T00:00:00.000Z}).
     *
     * @return bytes written at {@code at}; {@code into} must have 32 bytes free there.
     */
    static int format(final long epochMillis, final byte[] into, final int at)
    {
        final long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        final long millisOfDay = epochMillis - days * MILLIS_PER_DAY;
        // H. Hinnant's civil_from_days
        final long z = days + DAYS_0000_03_01_TO_EPOCH;
        final long era = Math.floorDiv(z, DAYS_PER_400_YEARS);
        final long dayOfEra = z - era * DAYS_PER_400_YEARS;
        final long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        final long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        final long mp = (5 * dayOfYear + 2) / 153;
        final int day = (int)(dayOfYear - (153 * mp + 2) / 5 + 1);
        final int month = (int)(mp < 10 ? mp + 3 : mp - 9);
        final long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999)
        {
            final byte[] text = WIDE_YEARS.format(Instant.ofEpochMilli(epochMillis))
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, into, at, text.length);
            return text.length;
        }
        int i = at;
        i = pad(into, i, year, 4);
        into[i++] = '-';
        i = pad(into, i, month, 2);
        into[i++] = '-';
        i = pad(into, i, day, 2);
        into[i++] = 'T';
        i = pad(into, i, millisOfDay / 3_600_000, 2);
        into[i++] = ':';
        i = pad(into, i, millisOfDay / 60_000 % 60, 2);
        into[i++] = ':';
        i = pad(into, i, millisOfDay / 1000 % 60, 2);
        into[i++] = '.';
        i = pad(into, i, millisOfDay % 1000, 3);
        into[i++] = 'Z';
        return i - at;
    }

    private static int pad(final byte[] into, final int at, final long value, final int width)
    {
        long v = value;
        for (int i = at + width - 1; i >= at; i--)
        {
            into[i] = (byte)('0' + v % 10);
            v /= 10;
        }
        return at + width;
    }
}

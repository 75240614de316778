package dev.sluice.examples.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static dev.sluice.examples.json.OrderJsonDecoder.AMOUNT;
import static dev.sluice.examples.json.OrderJsonDecoder.CUSTOMER_ID;
import static dev.sluice.examples.json.OrderJsonDecoder.EVENT_ID;
import static dev.sluice.examples.json.OrderJsonDecoder.EVENT_TIME;
import static dev.sluice.examples.json.OrderJsonDecoder.PRODUCT_ID;
import static dev.sluice.examples.json.OrderJsonDecoder.REGION;

/**
 * An order's line in its plain form, read straight from its bytes without a JSON parser; any other line is left to
 * the parser ({@link OrderJsonDecoder}), which then decides whether it is accepted and why not. The plain form is
 * the six fields and nothing else, in any order, with JSON whitespace anywhere between tokens:
 * <pre>
 *   ws { ws "name" ws : ws value ws , ... , ws "name" ws : ws value ws } ws
 *
 *   name    each of event_id, event_time, product_id, region, customer_id, amount once
 *   string  the canonical text of the field (OrderIds, IsoInstants' common form) between two quotes: no escapes
 *   amount  -?(0|[1-9][0-9]{0,16})(.[0-9]{1,2})?  followed by whitespace, ',' or '}', its cents a long
 * </pre>
 * Every byte of such a line is checked against this form, and each is ASCII, so the line is valid UTF-8 and JSON,
 * and the parser reads it as the same event: this path only ever accepts, with the parser's answer. It exists
 * because a generic tokenizer spends most of a line's time on what this form makes known in advance (where a name
 * ends, which field it is, that a string has no escapes). Holds the last line's fields; not thread-safe.
 */
final class PlainOrderLine
{
    private static final int FIELDS = OrderJsonDecoder.FIELDS.length;
    /** Digits before an amount's point that a long of cents can hold (92233720368547758.07 has 17). */
    private static final int MAX_AMOUNT_DIGITS = 17;

    /** Each field's name followed by its closing quote, as the bytes that follow the opening one. */
    private static final BytePattern[] NAME_TAILS = Arrays.stream(OrderJsonDecoder.FIELDS)
        .map(name -> new BytePattern((name + '"').getBytes(StandardCharsets.US_ASCII))).toArray(BytePattern[]::new);
    /** Each region name's length, 0..7. */
    private static final int[] REGION_NAME_LENGTHS =
        Arrays.stream(OrderJsonDecoder.REGION_NAMES).mapToInt(String::length).toArray();

    long eventId;
    long eventTimeMillis;
    int productId;
    int region;
    long customerId;
    long amountCents;

    /**
     * @param days the last day read, shared with the parser's path.
     * @return true when the line is an order in the plain form, its fields held here; false says nothing of the
     * line (the parser decides), and may leave some fields changed.
     */
    boolean read(final byte[] c, final int offset, final int length, final IsoInstants.DayMemo days)
    {
        final int end = offset + length;
        int i = skipWhitespace(c, offset, end);
        if (i >= end || c[i] != '{')
        {
            return false;
        }
        int seen = 0;
        for (int member = 0; member < FIELDS; member++)
        {
            i = skipWhitespace(c, i + 1, end);
            if (i >= end || c[i] != '"')
            {
                return false;
            }
            final int field = fieldAt(c, i + 1, end);
            if (field < 0 || (seen & (1 << field)) != 0)
            {
                return false;
            }
            seen |= 1 << field;
            i = skipWhitespace(c, i + 1 + NAME_TAILS[field].length(), end);
            if (i >= end || c[i] != ':')
            {
                return false;
            }
            i = skipWhitespace(c, i + 1, end);
            i = field == AMOUNT ? readAmount(c, i, end) : readString(field, c, i, end, days);
            if (i < 0)
            {
                return false;
            }
            i = skipWhitespace(c, i, end);
            // six distinct names of six: the sixth member ends the object
            if (i >= end || c[i] != (member == FIELDS - 1 ? '}' : ','))
            {
                return false;
            }
        }
        return skipWhitespace(c, i + 1, end) == end;
    }

    /**
     * @param at the byte after a name's opening quote.
     * @return the field whose name and closing quote start there, or -1.
     */
    private static int fieldAt(final byte[] c, final int at, final int end)
    {
        if (at + Long.BYTES > end)
        {
            // the shortest name tail and ":0}" are ten bytes: only a line that is no order gets here
            return -1;
        }
        final int candidate;
        switch (c[at])
        {
            case 'e':
                candidate = c[at + 6] == 't' ? EVENT_TIME : EVENT_ID;
                break;
            case 'p':
                candidate = PRODUCT_ID;
                break;
            case 'r':
                candidate = REGION;
                break;
            case 'c':
                candidate = CUSTOMER_ID;
                break;
            case 'a':
                candidate = AMOUNT;
                break;
            default:
                return -1;
        }
        return NAME_TAILS[candidate].matches(c, at, end) ? candidate : -1;
    }

    /**
     * @return the index after the string's closing quote, or -1 when the value is not the field's canonical text.
     */
    private int readString(
        final int field, final byte[] c, final int at, final int end, final IsoInstants.DayMemo days)
    {
        if (at >= end || c[at] != '"')
        {
            return -1;
        }
        final int start = at + 1;
        // the canonical texts are letters, digits, '-', ':', '.' up to the first quote: an escape or a control
        // character fails them; their length follows from the value, the instant's from its form
        final int quote;
        switch (field)
        {
            case EVENT_ID:
                eventId = OrderIds.parseQuoted(c, start, end, 'o', 1, Long.MAX_VALUE);
                quote = eventId < 0 ? -1 : start + 2 + OrderIds.digitsOf(eventId, 1);
                break;
            case PRODUCT_ID:
                productId = (int)OrderIds.parseQuoted(c, start, end, 'p', 4, Integer.MAX_VALUE);
                quote = productId < 0 ? -1 : start + 2 + OrderIds.digitsOf(productId, 4);
                break;
            case CUSTOMER_ID:
                customerId = OrderIds.parseQuoted(c, start, end, 'c', 1, Long.MAX_VALUE);
                quote = customerId < 0 ? -1 : start + 2 + OrderIds.digitsOf(customerId, 1);
                break;
            case REGION:
                region = OrderIds.parseQuotedRegion(c, start, end);
                quote = region < 0 ? -1 : start + (region < REGION_NAME_LENGTHS.length ? REGION_NAME_LENGTHS[region] :
                    1 + OrderIds.digitsOf(region, 1));
                break;
            default:
                eventTimeMillis = IsoInstants.parseQuotedCommonForm(c, start, end, days);
                quote = eventTimeMillis == IsoInstants.INVALID ? -1 :
                    ByteSearch.indexOf(c, start + IsoInstants.COMMON_MIN_LENGTH - 1, end, (byte)'"');
                break;
        }
        // the parsers accept only text followed by its quote: checked again where it was worked out
        return quote >= 0 && quote < end && c[quote] == '"' ? quote + 1 : -1;
    }

    /**
     * @return the index after the amount, or -1 when it is not in the plain form (exponents, more decimals or
     * digits are the parser's).
     */
    private int readAmount(final byte[] c, final int at, final int end)
    {
        int i = at;
        final boolean negative = i < end && c[i] == '-';
        if (negative)
        {
            i++;
        }
        final int digitsStart = i;
        long units = 0;
        while (i < end && i - digitsStart < MAX_AMOUNT_DIGITS && isDigit(c[i]))
        {
            units = units * 10 + (c[i++] - '0');
        }
        final int digits = i - digitsStart;
        if (digits == 0 || (digits > 1 && c[digitsStart] == '0') || units > Long.MAX_VALUE / 100)
        {
            return -1;
        }
        long cents = units * 100;
        if (i < end && c[i] == '.')
        {
            i++;
            if (i >= end || !isDigit(c[i]))
            {
                return -1;
            }
            cents += (c[i++] - '0') * 10;
            if (i < end && isDigit(c[i]))
            {
                cents += c[i++] - '0';
            }
            if (cents < 0)
            {
                // past Long.MAX_VALUE cents by its decimals: the parser names it out of range
                return -1;
            }
        }
        // a digit past the seventeenth or the second decimal, an exponent: what follows is not a delimiter
        amountCents = negative ? -cents : cents;
        return i;
    }

    private static int skipWhitespace(final byte[] c, final int from, final int end)
    {
        int i = from;
        while (i < end && (c[i] == ' ' || c[i] == '\t' || c[i] == '\r' || c[i] == '\n'))
        {
            i++;
        }
        return i;
    }

    private static boolean isDigit(final byte b)
    {
        return b >= '0' && b <= '9';
    }
}

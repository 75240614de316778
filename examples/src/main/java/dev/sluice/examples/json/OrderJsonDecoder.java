package dev.sluice.examples.json;

import dev.sluice.examples.orders.OrderEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.SerializableString;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.base.ParserBase;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.sym.BinaryNameMatcher;
import tools.jackson.core.sym.PropertyNameMatcher;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Reads one JSON line of examples/workloads/orders-json.md into an {@link OrderEvent}, or says why it cannot.
 *
 * <p>Accepted: fields in any order, any JSON whitespace, unknown fields of any type (skipped, nested up to
 * {@link #MAX_NESTING_DEPTH}), amounts that are a whole number of cents however written ({@code 12}, {@code 12.5},
 * {@code 12.50}, {@code 12.500}, {@code 1.25e1}; negative too), and any instant {@link java.time.Instant#parse}
 * accepts, truncated to the millisecond. Rejected, with a reason naming the field and the value: ill-formed UTF-8,
 * malformed JSON, a value that is not an object or more than one on the line, a missing, duplicate, null or
 * mistyped field, an amount with a non-zero digit past the cents or out of a long's range of cents, an unparseable
 * or out-of-range time, and ids the binary {@link OrderEvent} cannot hold exactly: the mapping is one to one, so
 * only the canonical text of each id is accepted, the one {@link OrderJsonWriter} writes back:
 * <pre>
 *   event_id     "o-&lt;n&gt;"       n a long &gt;= 0 without leading zeros        -&gt; eventId
 *   product_id   "p-&lt;nnnn&gt;"    zero-padded to 4 digits, no more padding, n an int &gt;= 0 -&gt; productId
 *   region       "us-east" .. "af-south" (0..7) or "r&lt;n&gt;", n &gt;= 8 an int without leading zeros -&gt; region
 *   customer_id  "c-&lt;n&gt;"       n a long &gt;= 0 without leading zeros        -&gt; customerId
 *   amount       number      a whole number of cents                       -&gt; amountCents
 *   event_time   string      an ISO-8601 instant                           -&gt; eventTimeMillis
 * </pre>
 *
 * <p>A line in the plain form (the six fields, canonical strings without escapes, an amount with at most two
 * decimals, any order and whitespace) is read from its bytes by {@link PlainOrderLine}, which accepts only what the
 * parser accepts, with the same event. Every other line goes to one Jackson streaming parser that reads line after
 * line: its input stream hands it the current line and then says
 * end of input, so that a line ending inside its object is seen as such and never continued by the next one.
 * Property names are compared with the one expected next, in the order of the last line, and otherwise matched on
 * their bytes ({@code nextNameMatch}). A string value is first read from the line's own bytes, found by the token's
 * byte offset, up to its closing quote: when they are the canonical text the parser skips the string rather than
 * decoding it into its character buffer; otherwise (escapes, other characters, a bad value) that buffer decides.
 * The amount is read from the parser's text of the number. A good line allocates nothing. A rejected line closes
 * the parser; the next line opens another, at a few hundred bytes. Not thread-safe.
 */
public final class OrderJsonDecoder
{
    /** Deepest nesting of an unknown field's value (arrays and objects) that is read; deeper lines are rejected. */
    public static final int MAX_NESTING_DEPTH = 1000;

    /** The regions 0..7 by name; higher ones are {@code r<n>}. */
    static final String[] REGION_NAMES =
        {"us-east", "us-west", "eu-west", "eu-central", "ap-south", "ap-northeast", "sa-east", "af-south"};

    private static final JsonFactory FACTORY = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            // numbers are read from their text (ours) or skipped: a long one costs its bytes, never a conversion
            .maxNumberLength(Integer.MAX_VALUE)
            .build())
        .build();

    static final String[] FIELDS =
        {"event_id", "event_time", "product_id", "region", "customer_id", "amount"};
    private static final PropertyNameMatcher FIELD_MATCHER = BinaryNameMatcher.construct(List.of(FIELDS));
    /** The names with their quoted UTF-8 bytes computed once, for {@code nextName}'s byte comparison. */
    private static final SerializableString[] QUOTED_FIELDS =
        Arrays.stream(FIELDS).map(SerializedString::new).toArray(SerializableString[]::new);
    static final int EVENT_ID = 0;
    static final int EVENT_TIME = 1;
    static final int PRODUCT_ID = 2;
    static final int REGION = 3;
    static final int CUSTOMER_ID = 4;
    static final int AMOUNT = 5;
    private static final int ALL_FIELDS = (1 << FIELDS.length) - 1;
    private static final int VALUE_SHOWN_CHARS = 64;

    private final StringBuilder reason = new StringBuilder(128);
    private final JsonAmounts amounts = new JsonAmounts();
    private final LineInput input = new LineInput();
    private final TrailingText trailing = new TrailingText();
    private final IsoInstants.DayMemo days = new IsoInstants.DayMemo();
    /** Reads lines in the plain form without the parser; null when every line goes to the parser. */
    private final PlainOrderLine plain;
    /** The fields in the order of the last line that had them, {@link OrderJsonWriter}'s at first. */
    private final int[] order = {EVENT_ID, EVENT_TIME, PRODUCT_ID, REGION, CUSTOMER_ID, AMOUNT};
    /** An id's decoded characters as bytes, when they came with escapes: longer than any valid id (21). */
    private final byte[] ascii = new byte[64];
    /** Null after a rejected line: the next line opens a parser over itself. */
    private JsonParser parser;
    /** {@link #parser} as the base class that tells a token's byte offset without allocating. */
    private ParserBase parserBase;
    /** Bytes handed to {@link #parser} before the current line: the line's own offsets for error messages. */
    private long bytesBeforeLine;

    private long eventId;
    private long eventTimeMillis;
    private int productId;
    private int region;
    private long customerId;
    private long amountCents;

    public OrderJsonDecoder()
    {
        this(true);
    }

    /**
     * @param plainForm whether lines in {@link PlainOrderLine}'s plain form are read without the parser: the
     *                  answer is the same either way, which tests check by turning it off.
     */
    OrderJsonDecoder(final boolean plainForm)
    {
        this.plain = plainForm ? new PlainOrderLine() : null;
    }

    /**
     * @param line   bytes of one line, without its line terminator.
     * @param offset where the line starts.
     * @param length bytes in the line.
     * @param into   filled with the event when the line is accepted; untouched otherwise.
     * @return true when the line is an order; false when it is rejected, with {@link #rejectReason()} saying why.
     */
    public boolean tryDecode(final byte[] line, final int offset, final int length, final OrderEvent into)
    {
        if (reason.length() > 0)
        {
            reason.setLength(0);
        }
        if (null != plain && plain.read(line, offset, length, days))
        {
            into.set(plain.eventId, plain.eventTimeMillis, plain.productId, plain.region, plain.customerId,
                plain.amountCents);
            return true;
        }
        final int invalid = Utf8Validation.firstInvalid(line, offset, length);
        if (invalid >= 0)
        {
            reason.append("invalid UTF-8 at byte ").append(invalid - offset).append(" of the line (0x")
                .append(Integer.toHexString(line[invalid] & 0xFF)).append(')');
            return false;
        }
        if (length >= 3 && line[offset] == (byte)0xEF && line[offset + 1] == (byte)0xBB &&
            line[offset + 2] == (byte)0xBF)
        {
            reason.append("byte order mark at the start of the line: JSON text does not begin with one");
            return false;
        }
        for (int i = offset, end = offset + Math.min(length, 4); i < end; i++)
        {
            // a raw NUL is never JSON (not even in a string), and in a new parser's first bytes it reads as UTF-16/32
            if (line[i] == 0)
            {
                reason.append("malformed JSON at byte ").append(i - offset).append(": a NUL byte (0x00)");
                return false;
            }
        }
        boolean accepted = false;
        try
        {
            accepted = parse(line, offset, length);
        }
        catch (final JacksonException ex)
        {
            reason.setLength(0);
            if (input.askedPastEnd)
            {
                reason.append("the line ends before its JSON object does");
            }
            else
            {
                reason.append("malformed JSON");
                final TokenStreamLocation location = ex.getLocation();
                if (null != location && location.getByteOffset() >= 0)
                {
                    reason.append(" at byte ").append(Math.max(0, location.getByteOffset() - bytesBeforeLine));
                }
                reason.append(": ");
                appendSingleLine(reason, ex.getOriginalMessage());
            }
        }
        if (!accepted)
        {
            // the parser may be inside a value, or closed by the end of the line's input
            closeParser();
            return false;
        }
        into.set(eventId, eventTimeMillis, productId, region, customerId, amountCents);
        return true;
    }

    /**
     * @return why the last {@link #tryDecode} returned false: one line of text, no tabs or line breaks, naming the
     * field and quoting at most {@value #VALUE_SHOWN_CHARS} characters of its value. Reused by the next call.
     */
    public CharSequence rejectReason()
    {
        return reason;
    }

    private boolean parse(final byte[] line, final int offset, final int length)
    {
        input.wrap(line, offset, length);
        bytesBeforeLine = input.handedOut;
        if (null == parser)
        {
            input.handedOut = 0;
            bytesBeforeLine = 0;
            parser = FACTORY.createParser(ObjectReadContext.empty(), input);
            parserBase = (ParserBase)parser;
        }
        final JsonToken first = parser.nextToken();
        if (first != JsonToken.START_OBJECT)
        {
            reason.append(null == first ? "no JSON value on the line" : "not a JSON object: the line holds " +
                kind(first));
            return false;
        }
        int seen = 0;
        int known = 0;
        while (true)
        {
            final int field = nextField(known);
            if (field == PropertyNameMatcher.MATCH_END_OBJECT)
            {
                break;
            }
            final JsonToken value = parser.nextToken();
            if (field == PropertyNameMatcher.MATCH_ODD_TOKEN || null == value)
            {
                reason.append("the line ends before its JSON object does");
                return false;
            }
            if (field == PropertyNameMatcher.MATCH_UNKNOWN_NAME)
            {
                if ((value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) && !skipNested())
                {
                    reason.append("the line ends before its JSON object does");
                    return false;
                }
                continue;
            }
            if ((seen & (1 << field)) != 0)
            {
                reason.append("duplicate field ").append(FIELDS[field]);
                return false;
            }
            seen |= 1 << field;
            // the next line is expected to keep this line's order
            order[known++] = field;
            if (!readField(field, value))
            {
                return false;
            }
        }
        // what follows the object: the parser's unread bytes of the line, then those it has not asked for yet
        trailing.reset();
        parser.releaseBuffered(trailing);
        trailing.write(input.bytes, input.position, input.end - input.position);
        input.position = input.end;
        if (trailing.length > 0)
        {
            reason.append("text after the JSON object: ");
            appendSingleLine(reason, trailing.shown());
            return false;
        }
        if (seen != ALL_FIELDS)
        {
            appendMissing(seen);
            return false;
        }
        return true;
    }

    /**
     * @param known fields of the order read so far on this line.
     * @return the index in {@link #FIELDS} of the next property's name, or a {@link PropertyNameMatcher} code.
     */
    private int nextField(final int known)
    {
        if (known == FIELDS.length)
        {
            return parser.nextNameMatch(FIELD_MATCHER);
        }
        // the name expected here compared byte for byte: cheaper than hashing and looking up every name
        final int expected = order[known];
        if (parser.nextName(QUOTED_FIELDS[expected]))
        {
            return expected;
        }
        final JsonToken token = parser.currentToken();
        if (token == JsonToken.PROPERTY_NAME)
        {
            return FIELD_MATCHER.matchName(parser.currentName());
        }
        return token == JsonToken.END_OBJECT ? PropertyNameMatcher.MATCH_END_OBJECT :
            PropertyNameMatcher.MATCH_ODD_TOKEN;
    }

    private boolean readField(final int field, final JsonToken value)
    {
        if (field == AMOUNT)
        {
            if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT)
            {
                return wrongType(field, value, "a number");
            }
            return readAmount();
        }
        if (value != JsonToken.VALUE_STRING)
        {
            return wrongType(field, value, "a string");
        }
        // the string's own bytes in the line, when they are the field's canonical text: then they are its
        // characters, and the parser skips the string instead of decoding it into its buffer
        final int open = openingQuote();
        if (open >= 0 && readPlainString(field, input.bytes, open + 1, input.end))
        {
            return true;
        }
        // escapes, non-ASCII or a rejected value: the parser's decoded text decides, and names it in the reason
        return readDecodedString(field);
    }

    /**
     * @return the index in the line of the current string token's opening quote, or -1 when it is not where the
     * parser's token offset says. Jackson 3.3 gives the byte after the quote for a value read with the property
     * name ({@code nextName}, {@code nextNameMatch}), the quote itself elsewhere; either is taken, and nothing
     * else: the byte before a value's opening quote is a colon or whitespace, never a quote, so the two cannot be
     * mistaken for each other.
     */
    private int openingQuote()
    {
        final int at = (int)(parserBase.getTokenCharacterOffset() - bytesBeforeLine) + input.lineOffset;
        final byte[] bytes = input.bytes;
        if (at > input.lineOffset && at <= input.end && bytes[at - 1] == '"')
        {
            return at - 1;
        }
        return at >= input.lineOffset && at < input.end && bytes[at] == '"' ? at : -1;
    }

    /**
     * @param start where the string's characters start in the line, after its opening quote.
     * @param end   where the line ends.
     * @return true when the characters up to the closing quote are the field's canonical text, its value stored;
     * false leaves the decision to {@link #readDecodedString}. The canonical texts hold no backslash or control
     * character, so what is accepted here reads the same decoded.
     */
    private boolean readPlainString(final int field, final byte[] bytes, final int start, final int end)
    {
        switch (field)
        {
            case EVENT_ID:
                eventId = OrderIds.parseQuoted(bytes, start, end, 'o', 1, Long.MAX_VALUE);
                return eventId >= 0;
            case PRODUCT_ID:
                productId = (int)OrderIds.parseQuoted(bytes, start, end, 'p', 4, Integer.MAX_VALUE);
                return productId >= 0;
            case CUSTOMER_ID:
                customerId = OrderIds.parseQuoted(bytes, start, end, 'c', 1, Long.MAX_VALUE);
                return customerId >= 0;
            case REGION:
                region = OrderIds.parseQuotedRegion(bytes, start, end);
                return region >= 0;
            default:
                eventTimeMillis = IsoInstants.parseQuotedCommonForm(bytes, start, end, days);
                return eventTimeMillis != IsoInstants.INVALID;
        }
    }

    private boolean readDecodedString(final int field)
    {
        final char[] chars = parser.getStringCharacters();
        final int offset = parser.getStringOffset();
        final int length = parser.getStringLength();
        if (field == EVENT_TIME)
        {
            eventTimeMillis = IsoInstants.parseEpochMillis(chars, offset, length);
            return eventTimeMillis != IsoInstants.INVALID || badValue(field, chars, offset, length,
                "is not an ISO-8601 instant (2025-12-31T23:59:59.837Z) whose epoch milliseconds fit a long");
        }
        // every valid id is ASCII and shorter than the scratch: other text is invalid as it stands
        final int asciiLength = toAscii(chars, offset, length);
        switch (field)
        {
            case EVENT_ID:
                eventId = asciiLength < 0 ? -1 : OrderIds.parse(ascii, 0, asciiLength, 'o', 1, Long.MAX_VALUE);
                return eventId >= 0 || badValue(field, chars, offset, length, "is not o-<n> with n a whole number " +
                    "from 0 to " + Long.MAX_VALUE + " without leading zeros");
            case PRODUCT_ID:
                productId = asciiLength < 0 ? -1 :
                    (int)OrderIds.parse(ascii, 0, asciiLength, 'p', 4, Integer.MAX_VALUE);
                return productId >= 0 || badValue(field, chars, offset, length, "is not p-<n> with n a whole number " +
                    "from 0 to " + Integer.MAX_VALUE + " zero-padded to 4 digits (p-0413)");
            case CUSTOMER_ID:
                customerId = asciiLength < 0 ? -1 : OrderIds.parse(ascii, 0, asciiLength, 'c', 1, Long.MAX_VALUE);
                return customerId >= 0 || badValue(field, chars, offset, length, "is not c-<n> with n a whole " +
                    "number from 0 to " + Long.MAX_VALUE + " without leading zeros");
            default:
                region = asciiLength < 0 ? -1 : OrderIds.parseRegion(ascii, 0, asciiLength);
                return region >= 0 || badValue(field, chars, offset, length, "is not one of " +
                    String.join(", ", REGION_NAMES) + " or r<n> with n from 8 to " + Integer.MAX_VALUE +
                    " without leading zeros");
        }
    }

    /**
     * @return the length of the characters copied into {@link #ascii} as bytes, or -1 when one is beyond ASCII or
     * there are more than it holds.
     */
    private int toAscii(final char[] chars, final int offset, final int length)
    {
        if (length > ascii.length)
        {
            return -1;
        }
        for (int i = 0; i < length; i++)
        {
            final char c = chars[offset + i];
            if (c >= 0x80)
            {
                return -1;
            }
            ascii[i] = (byte)c;
        }
        return length;
    }

    private boolean readAmount()
    {
        final char[] chars = parser.getStringCharacters();
        final int offset = parser.getStringOffset();
        final int length = parser.getStringLength();
        final int parsed = amounts.parseCents(chars, offset, length);
        if (parsed == JsonAmounts.SUB_CENT)
        {
            reason.append("amount ");
            appendQuoted(reason, chars, offset, length, false);
            reason.append(" has more than two decimals: amounts are whole cents");
            return false;
        }
        if (parsed == JsonAmounts.OUT_OF_RANGE)
        {
            reason.append("amount ");
            appendQuoted(reason, chars, offset, length, false);
            reason.append(" is out of range: at most ").append(Long.MAX_VALUE).append(" cents either side of 0");
            return false;
        }
        amountCents = amounts.cents();
        return true;
    }

    private boolean wrongType(final int field, final JsonToken value, final String expected)
    {
        reason.append("field ").append(FIELDS[field]).append(" is ").append(kind(value))
            .append(", expected ").append(expected);
        return false;
    }

    private boolean badValue(
        final int field, final char[] chars, final int offset, final int length, final String why)
    {
        reason.append(FIELDS[field]).append(' ');
        appendQuoted(reason, chars, offset, length, true);
        reason.append(' ').append(why);
        return false;
    }

    private void appendMissing(final int seen)
    {
        reason.append("missing field");
        final int missing = ALL_FIELDS & ~seen;
        reason.append(Integer.bitCount(missing) > 1 ? "s " : " ");
        boolean first = true;
        for (int i = 0; i < FIELDS.length; i++)
        {
            if ((missing & (1 << i)) != 0)
            {
                reason.append(first ? "" : ", ").append(FIELDS[i]);
                first = false;
            }
        }
    }

    /**
     * Skips the rest of an array or object whose start token was just read.
     *
     * @return false when the line ends inside it.
     */
    private boolean skipNested()
    {
        int depth = 1;
        while (depth > 0)
        {
            final JsonToken token = parser.nextToken();
            if (null == token)
            {
                return false;
            }
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)
            {
                depth++;
            }
            else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY)
            {
                depth--;
            }
        }
        return true;
    }

    private static String kind(final JsonToken token)
    {
        switch (token)
        {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return String.valueOf(token);
        }
    }

    private void closeParser()
    {
        if (null != parser)
        {
            parser.close();
            parser = null;
            parserBase = null;
        }
    }

    /**
     * Appends at most {@value #VALUE_SHOWN_CHARS} characters of a value, control characters, tabs and line breaks
     * escaped as in JSON, so that a reason stays one line.
     */
    static void appendQuoted(
        final StringBuilder sb, final char[] chars, final int offset, final int length, final boolean quotes)
    {
        if (quotes)
        {
            sb.append('"');
        }
        final int shown = Math.min(length, VALUE_SHOWN_CHARS);
        for (int i = offset; i < offset + shown; i++)
        {
            final char c = chars[i];
            if (c == '"' || c == '\\')
            {
                sb.append('\\');
            }
            appendEscaped(sb, c);
        }
        if (shown < length)
        {
            sb.append("...");
        }
        if (quotes)
        {
            sb.append('"');
        }
        if (shown < length)
        {
            sb.append(" (").append(length).append(" characters)");
        }
    }

    private static void appendSingleLine(final StringBuilder sb, final String text)
    {
        for (int i = 0, n = null == text ? 0 : text.length(); i < n; i++)
        {
            appendEscaped(sb, text.charAt(i));
        }
    }

    private static void appendEscaped(final StringBuilder sb, final char c)
    {
        if (c < 0x20 || c == 0x7F || c == 0x2028 || c == 0x2029)
        {
            sb.append("\\u").append(Character.forDigit(c >> 12 & 0xF, 16)).append(Character.forDigit(c >> 8 & 0xF, 16))
                .append(Character.forDigit(c >> 4 & 0xF, 16)).append(Character.forDigit(c & 0xF, 16));
        }
        else
        {
            sb.append(c);
        }
    }

    /**
     * The parser's input: the bytes of the current line where they lie, then end of input. Jackson copies them into
     * its own buffer as it reads (a line at a time, or in pieces of its buffer's size).
     */
    private static final class LineInput extends InputStream
    {
        byte[] bytes;
        /** Where the current line starts in {@link #bytes}. */
        int lineOffset;
        int position;
        int end;
        /** Bytes handed to the parser since it was opened. */
        long handedOut;
        /** The parser wanted more than the line: it ends inside a value. */
        boolean askedPastEnd;

        void wrap(final byte[] bytes, final int offset, final int length)
        {
            this.bytes = bytes;
            this.lineOffset = offset;
            this.position = offset;
            this.end = offset + length;
            this.askedPastEnd = false;
        }

        public int read(final byte[] into, final int offset, final int length)
        {
            if (position >= end)
            {
                askedPastEnd = true;
                return -1;
            }
            final int n = Math.min(length, end - position);
            System.arraycopy(bytes, position, into, offset, n);
            position += n;
            handedOut += n;
            return n;
        }

        public int read()
        {
            if (position >= end)
            {
                askedPastEnd = true;
                return -1;
            }
            handedOut++;
            return bytes[position++] & 0xFF;
        }

        public void close()
        {
            // the line belongs to the caller
        }
    }

    /** Receives the bytes after a line's object: counts those that are not JSON whitespace, keeps a few to show. */
    private static final class TrailingText extends OutputStream
    {
        final StringBuilder shown = new StringBuilder(VALUE_SHOWN_CHARS + 3);
        int length;

        void reset()
        {
            length = 0;
            if (shown.length() > 0)
            {
                shown.setLength(0);
            }
        }

        public void write(final int b)
        {
            if (length == 0 && (b == ' ' || b == '\t' || b == '\r' || b == '\n'))
            {
                return;
            }
            if (length < VALUE_SHOWN_CHARS)
            {
                shown.append(b >= 0x20 && b < 0x7F ? (char)b : '?');
            }
            else if (length == VALUE_SHOWN_CHARS)
            {
                shown.append("...");
            }
            length++;
        }

        public void write(final byte[] bytes, final int offset, final int count)
        {
            for (int i = offset, end = offset + count; i < end; i++)
            {
                write(bytes[i]);
            }
        }

        String shown()
        {
            return shown.toString();
        }
    }
}

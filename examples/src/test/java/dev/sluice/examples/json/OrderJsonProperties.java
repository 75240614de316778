package dev.sluice.examples.json;

import dev.sluice.examples.orders.OrderEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * However a JSON writer lays an order out (field order, whitespace, unknown fields of nested types, an amount's and
 * a time's notation), it reads back as the same event; the writer's line reads back as the event it was written
 * from; amounts, instants and ill-formed UTF-8 are judged exactly as BigDecimal, java.time and the JDK's UTF-8
 * decoder judge them.
 */
class OrderJsonProperties
{
    private static final long YEAR_0001_MILLIS = -62135596800000L;
    private static final long YEAR_9999_END_MILLIS = 253402300799999L;
    private static final String[] WHITESPACE = {"", "", " ", "  ", "\t", "\r", " \t "};
    private static final DateTimeFormatter WITH_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx");

    private final OrderJsonDecoder decoder = new OrderJsonDecoder();

    @Property(tries = 1000)
    void shouldReadAnyLayoutOfAnOrderAsTheSameEvent(
        @ForAll("events") final OrderEvent event, @ForAll final long layoutSeed)
    {
        final Random random = new Random(layoutSeed);
        final List<String> members = new ArrayList<>();
        members.add(member("event_id", quoted("o-" + event.eventId(), random), random));
        members.add(member("event_time", quoted(timeText(event.eventTimeMillis(), random), random), random));
        members.add(member("product_id", quoted(String.format("p-%04d", event.productId()), random), random));
        members.add(member("region", quoted(regionText(event.region()), random), random));
        members.add(member("customer_id", quoted("c-" + event.customerId(), random), random));
        members.add(member("amount", amountText(event.amountCents(), random), random));
        for (int i = random.nextInt(4); i > 0; i--)
        {
            members.add(member("x_" + random.nextInt(1000), anyValue(random, 3), random));
        }
        Collections.shuffle(members, random);
        final String line = ws(random) + "{" + String.join(",", members) + ws(random) + "}" + ws(random);

        final OrderEvent read = decode(line);

        assertEquals(event.toString(), read.toString(), line);
    }

    @Property(tries = 3000)
    void shouldReadEveryLineWithoutTheParserAsTheParserReadsIt(
        @ForAll("events") final OrderEvent event, @ForAll final long layoutSeed,
        @ForAll @IntRange(max = 4) final int edits)
    {
        final Random random = new Random(layoutSeed);
        final byte[] plain = plainLayout(event, random).getBytes(StandardCharsets.UTF_8);
        final byte[] edited = edit(plain, edits, random);
        final OrderJsonDecoder withPlainForm = new OrderJsonDecoder(true);
        final OrderJsonDecoder parserOnly = new OrderJsonDecoder(false);

        // the parser is kept from line to line: a plain line between two others must not disturb it
        for (final byte[] line : List.of(edited, plain, edited))
        {
            assertReadAsByTheParserAlone(line, withPlainForm, parserOnly);
        }
    }

    @Example
    void shouldReadEdgeAmountsWithoutTheParserAsTheParserReadsThem()
    {
        final String[] amounts = {"92233720368547758.07", "92233720368547758.08", "-92233720368547758.07",
            "-92233720368547758.08", "92233720368547758", "92233720368547759", "922337203685477580", "1.", "01", "-",
            "-0", "0", "0.5", "1.505", "1.500", "1e2", "1.5e1", "--1", "1.-5", ".5", "12345678901234567.89"};
        final OrderJsonDecoder withPlainForm = new OrderJsonDecoder(true);
        final OrderJsonDecoder parserOnly = new OrderJsonDecoder(false);
        for (final String amount : amounts)
        {
            final byte[] line = ("{\"event_id\":\"o-1\",\"event_time\":\"2025-12-31T00:00:00.123Z\",\"product_id\":" +
                "\"p-0001\",\"region\":\"us-east\",\"customer_id\":\"c-1\",\"amount\":" + amount + "}")
                .getBytes(StandardCharsets.US_ASCII);
            assertReadAsByTheParserAlone(line, withPlainForm, parserOnly);
        }
    }

    private static void assertReadAsByTheParserAlone(
        final byte[] line, final OrderJsonDecoder withPlainForm, final OrderJsonDecoder parserOnly)
    {
        final OrderEvent fast = new OrderEvent();
        final OrderEvent parsed = new OrderEvent();
        final boolean fastAccepted = withPlainForm.tryDecode(line, 0, line.length, fast);
        final boolean parsedAccepted = parserOnly.tryDecode(line, 0, line.length, parsed);
        final String shown = new String(line, StandardCharsets.ISO_8859_1);
        assertEquals(parsedAccepted, fastAccepted, shown);
        assertEquals(parsed.toString(), fast.toString(), shown);
        assertEquals(parserOnly.rejectReason().toString(), withPlainForm.rejectReason().toString(), shown);
    }

    @Property(tries = 1000)
    void shouldReadThePlainFormWithoutTheParser(@ForAll("events") final OrderEvent event, @ForAll final long seed)
    {
        final byte[] written = new byte[OrderJsonWriter.MAX_LENGTH];
        final int writtenLength = new OrderJsonWriter().write(event, written, 0);
        final byte[] laidOut = plainLayout(event, new Random(seed)).getBytes(StandardCharsets.UTF_8);
        final PlainOrderLine plain = new PlainOrderLine();

        for (final byte[] line : List.of(Arrays.copyOf(written, writtenLength), laidOut))
        {
            final String shown = new String(line, StandardCharsets.ISO_8859_1);
            assertTrue(plain.read(line, 0, line.length, new IsoInstants.DayMemo()), shown);
            assertEquals(event.toString(), new OrderEvent().set(plain.eventId, plain.eventTimeMillis,
                plain.productId, plain.region, plain.customerId, plain.amountCents).toString(), shown);
        }
    }

    @Property(tries = 1000)
    void shouldReadWhatTheWriterWrote(@ForAll("events") final OrderEvent event)
    {
        final byte[] line = new byte[OrderJsonWriter.MAX_LENGTH];
        final int length = new OrderJsonWriter().write(event, line, 0);
        final OrderEvent read = new OrderEvent();

        assertTrue(decoder.tryDecode(line, 0, length, read), () -> decoder.rejectReason().toString());
        assertEquals(event.toString(), read.toString());
    }

    @Property(tries = 2000)
    void shouldReadAmountsAsBigDecimalDoes(@ForAll("numbers") final String number)
    {
        final BigDecimal cents = new BigDecimal(number).movePointRight(2);
        final String expected;
        if (cents.signum() != 0 && cents.stripTrailingZeros().scale() > 0)
        {
            expected = "sub-cent";
        }
        else if (cents.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0)
        {
            expected = "out of range";
        }
        else
        {
            expected = Long.toString(cents.longValueExact());
        }
        final JsonAmounts amounts = new JsonAmounts();
        final int parsed = amounts.parseCents(number.toCharArray(), 0, number.length());
        final String actual = parsed == JsonAmounts.SUB_CENT ? "sub-cent" :
            parsed == JsonAmounts.OUT_OF_RANGE ? "out of range" : Long.toString(amounts.cents());
        assertEquals(expected, actual, number);
    }

    @Property(tries = 3000)
    void shouldReadInstantsAsJavaTimeDoes(@ForAll("instantLikeTexts") final String text)
    {
        long expected;
        try
        {
            expected = Instant.from(DateTimeFormatter.ISO_INSTANT.parse(text)).toEpochMilli();
        }
        catch (final DateTimeException | ArithmeticException ex)
        {
            expected = IsoInstants.INVALID;
        }
        assertEquals(expected, IsoInstants.parseEpochMillis(text.toCharArray(), 0, text.length()), text);
    }

    @Property(tries = 2000)
    void shouldFindIllFormedUtf8WhereJavasStrictDecoderDoes(@ForAll("utf8LikeBytes") final byte[] bytes)
    {
        final java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        final java.nio.charset.CoderResult result = StandardCharsets.UTF_8.newDecoder()
            .decode(in, java.nio.CharBuffer.allocate(bytes.length * 2 + 2), true);
        final int expected = result.isError() ? in.position() : -1;
        assertEquals(expected, Utf8Validation.firstInvalid(bytes, 0, bytes.length), java.util.HexFormat.of()
            .formatHex(bytes));
    }

    @Property(tries = 5000)
    void shouldReadAnIdUpToItsQuoteAsTheWholeTextOfIt(@ForAll("quotedIdLikeTexts") final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        final int quote = text.indexOf('"');
        final long event = quote < 0 ? -1 : OrderIds.parse(bytes, 0, quote, 'o', 1, Long.MAX_VALUE);
        final long product = quote < 0 ? -1 : OrderIds.parse(bytes, 0, quote, 'p', 4, Integer.MAX_VALUE);
        final int region = quote < 0 ? -1 : OrderIds.parseRegion(bytes, 0, quote);
        final long time = quote < 0 ? IsoInstants.INVALID : IsoInstants.parseCommonForm(bytes, 0, quote);

        assertEquals(event, OrderIds.parseQuoted(bytes, 0, bytes.length, 'o', 1, Long.MAX_VALUE), text);
        assertEquals(product, OrderIds.parseQuoted(bytes, 0, bytes.length, 'p', 4, Integer.MAX_VALUE), text);
        assertEquals(region, OrderIds.parseQuotedRegion(bytes, 0, bytes.length), text);
        assertEquals(time, IsoInstants.parseQuotedCommonForm(bytes, 0, bytes.length, null), text);
    }

    @Property(tries = 1000)
    void shouldReadInstantsOnTheDayOfTheLastOneAsWithoutIt(
        @ForAll("instantLikeTexts") final String first, @ForAll("instantLikeTexts") final String second,
        @ForAll @IntRange(max = 2) final int sameDate)
    {
        // the second instant often carries the first one's date bytes, valid or not
        final String next = sameDate == 0 || first.length() < 10 || second.length() < 10 ? second :
            first.substring(0, 10) + second.substring(10);
        final IsoInstants.DayMemo memo = new IsoInstants.DayMemo();
        for (final String text : List.of(first, next, first))
        {
            final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(IsoInstants.parseCommonForm(bytes, 0, bytes.length),
                IsoInstants.parseCommonForm(bytes, 0, bytes.length, memo), text);
        }
    }

    @Provide
    Arbitrary<String> quotedIdLikeTexts()
    {
        // canonical texts, then one character changed, dropped or doubled; a quote and a tail, or none
        final Arbitrary<String> valid = Arbitraries.oneOf(
            Arbitraries.longs().between(0, Long.MAX_VALUE).map(n -> "o-" + n),
            Arbitraries.longs().between(0, 99_999_999).map(n -> "o-" + n),
            Arbitraries.integers().between(0, Integer.MAX_VALUE).map(n -> String.format("p-%04d", n)),
            Arbitraries.of(OrderJsonDecoder.REGION_NAMES),
            Arbitraries.integers().between(0, Integer.MAX_VALUE).map(n -> "r" + n),
            Arbitraries.longs().between(YEAR_0001_MILLIS, YEAR_9999_END_MILLIS)
                .map(millis -> Instant.ofEpochMilli(millis).toString()));
        final Arbitrary<String> mutated = Combinators.combine(valid, Arbitraries.integers().between(0, 30),
                Arbitraries.of('0', '1', '9', '-', 'o', 'r', 'Z', '.', '"', '\\', ':', '\u00e9', '\u0100'),
                Arbitraries.integers().between(0, 3))
            .as((text, at, c, how) ->
            {
                final int i = Math.min(at, text.length() - 1);
                switch (how)
                {
                    case 0:
                        return text.substring(0, i) + c + text.substring(i + 1);
                    case 1:
                        return text.substring(0, i) + text.substring(i + 1);
                    case 2:
                        return text.substring(0, i) + text.charAt(i) + text.substring(i);
                    default:
                        return text;
                }
            });
        return Combinators.combine(mutated, Arbitraries.of("\"", "\",\"x\":1}", "\"}", "", "0\"", "Z\""))
            .as((text, tail) -> text + tail);
    }

    @Provide
    Arbitrary<byte[]> utf8LikeBytes()
    {
        // runs of ASCII (the eight-byte fast path), lead bytes and continuation bytes of every range
        final Arbitrary<Byte> ascii = Arbitraries.bytes().between((byte)0, (byte)0x7F);
        final Arbitrary<Byte> any = Arbitraries.bytes();
        final Arbitrary<Byte> special = Arbitraries.of((byte)0x80, (byte)0x8F, (byte)0x90, (byte)0x9F, (byte)0xA0,
            (byte)0xBF, (byte)0xC0, (byte)0xC1, (byte)0xC2, (byte)0xDF, (byte)0xE0, (byte)0xED, (byte)0xEF, (byte)0xF0,
            (byte)0xF4, (byte)0xF5, (byte)0xFF);
        return Arbitraries.frequencyOf(Tuple.of(6, ascii), Tuple.of(2, special), Tuple.of(1, any))
            .list().ofMaxSize(40).map(list ->
            {
                final byte[] bytes = new byte[list.size()];
                for (int i = 0; i < bytes.length; i++)
                {
                    bytes[i] = list.get(i);
                }
                return bytes;
            });
    }

    @Provide
    Arbitrary<OrderEvent> events()
    {
        final Arbitrary<Long> ids = Arbitraries.oneOf(Arbitraries.longs().between(0, 100_000),
            Arbitraries.longs().between(0, Long.MAX_VALUE));
        final Arbitrary<Integer> smallInts = Arbitraries.oneOf(Arbitraries.integers().between(0, 9999),
            Arbitraries.integers().between(0, Integer.MAX_VALUE));
        final Arbitrary<Long> times = Arbitraries.oneOf(
            Arbitraries.longs().between(1767225600000L - 86_400_000L, 1767225600000L + 86_400_000L),
            Arbitraries.longs().between(YEAR_0001_MILLIS, YEAR_9999_END_MILLIS));
        final Arbitrary<Long> cents = Arbitraries.oneOf(Arbitraries.longs().between(100, 2_000_099),
            Arbitraries.longs().between(-Long.MAX_VALUE, Long.MAX_VALUE));
        return Combinators.combine(ids, times, smallInts, smallInts.map(r -> r % 16 == 0 ? r : r % 16), ids, cents)
            .as(OrderEvent::new);
    }

    @Provide
    Arbitrary<String> numbers()
    {
        final Arbitrary<String> digits = Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(22)
            .map(d -> d.length() > 1 ? d.replaceFirst("^0+(?=.)", "") : d)
            .map(d -> d.startsWith("0") && d.length() > 1 ? "1" + d : d);
        final Arbitrary<String> fraction = Arbitraries.oneOf(Arbitraries.just(""),
            Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(8).map(f -> "." + f));
        final Arbitrary<String> exponent = Arbitraries.oneOf(Arbitraries.just(""),
            Combinators.combine(Arbitraries.of("e", "E", "e+", "E-", "e-"), Arbitraries.integers().between(0, 25))
                .as((e, n) -> e + n));
        return Combinators.combine(Arbitraries.of("", "-"), digits, fraction, exponent).as((s, d, f, e) -> s + d + f + e);
    }

    @Provide
    Arbitrary<String> instantLikeTexts()
    {
        final Arbitrary<String> valid = Combinators.combine(
                Arbitraries.longs().between(YEAR_0001_MILLIS, YEAR_9999_END_MILLIS), Arbitraries.longs())
            .as((millis, seed) -> timeText(millis, new Random(seed)));
        // one character changed, dropped or doubled: most no longer parse, some still do (another valid date)
        final Arbitrary<String> mutated = Combinators.combine(valid, Arbitraries.integers().between(0, 40),
                Arbitraries.of('0', '1', '2', '3', '5', '9', 'T', 'Z', 'z', ':', '-', '+', '.', ' ', 'x'),
                Arbitraries.integers().between(0, 2))
            .as((text, at, c, how) ->
            {
                final int i = Math.min(at, text.length() - 1);
                switch (how)
                {
                    case 0:
                        return text.substring(0, i) + c + text.substring(i + 1);
                    case 1:
                        return text.substring(0, i) + text.substring(i + 1);
                    default:
                        return text.substring(0, i) + text.charAt(i) + text.substring(i);
                }
            });
        final Arbitrary<String> edges = Arbitraries.of("2025-12-31T24:00:00Z", "2016-12-31T23:59:60Z",
            "2025-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2000-02-29T00:00:00Z",
            "0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "2025-12-31T23:59:59.Z",
            "2025-12-31T23:59:59.0000000000Z", "2025-12-31T23:59:59+18:00", "2025-12-31T23:59:59+18:01",
            "2025-12-31t23:59:59z", "+292278994-08-17T07:12:55.807Z", "+292278994-08-17T07:12:55.808Z");
        return Arbitraries.frequencyOf(Tuple.of(4, valid), Tuple.of(8, mutated), Tuple.of(1, edges));
    }

    private OrderEvent decode(final String line)
    {
        final byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        final OrderEvent event = new OrderEvent();
        assertTrue(decoder.tryDecode(bytes, 0, bytes.length, event), () -> line + ": " + decoder.rejectReason());
        return event;
    }

    /**
     * @return the order in {@link PlainOrderLine}'s plain form: its six fields in any order, whitespace anywhere
     * between tokens, the canonical texts, an amount with no, one or two decimals.
     */
    private static String plainLayout(final OrderEvent event, final Random random)
    {
        final List<String> members = new ArrayList<>();
        members.add(member("event_id", quoted("o-" + event.eventId()), random));
        members.add(member("event_time", quoted(plainTimeText(event.eventTimeMillis(), random)), random));
        members.add(member("product_id", quoted(String.format("p-%04d", event.productId())), random));
        members.add(member("region", quoted(regionText(event.region())), random));
        members.add(member("customer_id", quoted("c-" + event.customerId()), random));
        final BigDecimal amount = new BigDecimal(BigInteger.valueOf(event.amountCents()), 2);
        final BigDecimal stripped = amount.stripTrailingZeros();
        members.add(member("amount", (random.nextBoolean() || stripped.scale() < 0 ? amount :
            stripped).toPlainString(), random));
        Collections.shuffle(members, random);
        return ws(random) + "{" + String.join(",", members) + ws(random) + "}" + ws(random);
    }

    /**
     * @return the instant in UTC with 0 to 9 fraction digits: IsoInstants' common form.
     */
    private static String plainTimeText(final long millis, final Random random)
    {
        final String text = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC)
            .format(Instant.ofEpochMilli(millis));
        final String seconds = text.substring(0, 19);
        final String fraction = text.substring(20, 23);
        switch (random.nextInt(3))
        {
            case 0:
                return millis % 1000 == 0 ? seconds + "Z" : seconds + "." + fraction.replaceFirst("0+$", "") + "Z";
            case 1:
                return seconds + "." + fraction + "0".repeat(random.nextInt(7)) + "Z";
            default:
                return text;
        }
    }

    /**
     * @return the line with {@code count} bytes replaced, inserted or removed, the new ones mostly those that
     * matter to JSON and to the plain form.
     */
    private static byte[] edit(final byte[] line, final int count, final Random random)
    {
        final byte[] pieces = {'"', '\\', ',', ':', '{', '}', '[', ' ', '\t', '\n', '0', '1', '9', '.', 'e', 'E', '-',
            '+', 'x', 'Z', 'T', 0, 0x1F, (byte)0x7F, (byte)0xC3, (byte)0x80, (byte)0xFF};
        byte[] edited = line;
        for (int i = 0; i < count; i++)
        {
            final int at = random.nextInt(edited.length + 1);
            final byte b = random.nextInt(8) == 0 ? (byte)random.nextInt(256) : pieces[random.nextInt(pieces.length)];
            final byte[] next;
            switch (random.nextInt(3))
            {
                case 0:
                    next = Arrays.copyOf(edited, edited.length);
                    next[Math.min(at, edited.length - 1)] = b;
                    break;
                case 1:
                    next = new byte[edited.length + 1];
                    System.arraycopy(edited, 0, next, 0, at);
                    next[at] = b;
                    System.arraycopy(edited, at, next, at + 1, edited.length - at);
                    break;
                default:
                    final int from = Math.min(at, edited.length - 1);
                    next = new byte[edited.length - 1];
                    System.arraycopy(edited, 0, next, 0, from);
                    System.arraycopy(edited, from + 1, next, from, edited.length - from - 1);
                    break;
            }
            edited = next;
        }
        return edited;
    }

    private static String member(final String name, final String value, final Random random)
    {
        return ws(random) + quoted(name) + ws(random) + ":" + ws(random) + value + ws(random);
    }

    private static String ws(final Random random)
    {
        return WHITESPACE[random.nextInt(WHITESPACE.length)];
    }

    private static String quoted(final String text)
    {
        return "\"" + text + "\"";
    }

    /**
     * @return the text as a JSON string, a quarter of the time with some of its characters written as
     * {@code \\uXXXX} escapes (the same characters to a reader, but not the same bytes).
     */
    private static String quoted(final String text, final Random random)
    {
        if (random.nextInt(4) != 0)
        {
            return quoted(text);
        }
        final StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            escaped.append(random.nextInt(3) == 0 ? String.format("\\u%04x", (int)c) : String.valueOf(c));
        }
        return quoted(escaped.toString());
    }

    private static String regionText(final int region)
    {
        return region < OrderJsonDecoder.REGION_NAMES.length ? OrderJsonDecoder.REGION_NAMES[region] : "r" + region;
    }

    /**
     * @return the instant in one of the forms a writer may use: with 0 to 9 fraction digits (the extra ones past
     * the millisecond arbitrary, they are truncated), in UTC or at an offset.
     */
    private static String timeText(final long millis, final Random random)
    {
        final Instant instant = Instant.ofEpochMilli(millis);
        final String text;
        if (random.nextInt(4) == 0 && millis > YEAR_0001_MILLIS + 86_400_000L &&
            millis < YEAR_9999_END_MILLIS - 86_400_000L)
        {
            final ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(36 * 4 + 1) - 18 * 4) * 15 * 60);
            text = WITH_OFFSET.format(instant.atOffset(offset));
        }
        else
        {
            text = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC)
                .format(instant);
        }
        final int dot = text.indexOf('.', 19);
        final int end = dot + 4;
        String fraction = text.substring(dot + 1, end);
        switch (random.nextInt(3))
        {
            case 0:
                fraction = fraction.replaceFirst("0+$", "");
                break;
            case 1:
                for (int i = 1 + random.nextInt(6); i > 0; i--)
                {
                    fraction += (char)('0' + random.nextInt(10));
                }
                break;
            default:
                break;
        }
        return text.substring(0, dot) + (fraction.isEmpty() ? "" : "." + fraction) + text.substring(end);
    }

    /**
     * @return the amount as a writer may put it: plain with its two decimals, fewer or more (trailing zeros), or in
     * exponent notation.
     */
    private static String amountText(final long cents, final Random random)
    {
        final BigDecimal amount = new BigDecimal(BigInteger.valueOf(cents), 2);
        final BigDecimal stripped = amount.stripTrailingZeros();
        switch (random.nextInt(5))
        {
            case 0:
                return stripped.toPlainString();
            case 1:
                return amount.setScale(2 + random.nextInt(5)).toPlainString();
            case 2:
                return stripped.unscaledValue() + (random.nextBoolean() ? "e" : "E") + -stripped.scale();
            case 3:
            {
                // d.ddd...e+N: one digit before the point
                final String digits = stripped.unscaledValue().abs().toString();
                final long exponent = digits.length() - 1L - stripped.scale();
                return (cents < 0 ? "-" : "") + digits.charAt(0) + (digits.length() > 1 ? "." + digits.substring(1) : "") +
                    "e" + (exponent >= 0 ? "+" : "") + exponent;
            }
            default:
                return amount.toPlainString();
        }
    }

    /**
     * @return any JSON value, nested up to {@code depth}: strings with escapes and non-ASCII characters, numbers
     * in every notation, literals, arrays and objects (whose member names are never the order's).
     */
    private static String anyValue(final Random random, final int depth)
    {
        switch (random.nextInt(depth > 0 ? 8 : 6))
        {
            case 0:
                return "\"" + randomString(random) + "\"";
            case 1:
                return Long.toString(random.nextLong());
            case 2:
                return random.nextInt(1000) + "." + random.nextInt(1000) + "e" + (random.nextInt(600) - 300);
            case 3:
                return random.nextBoolean() ? "true" : "false";
            case 4:
                return "null";
            case 5:
                return "\"\"";
            case 6:
            {
                final List<String> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--)
                {
                    items.add(ws(random) + anyValue(random, depth - 1) + ws(random));
                }
                return "[" + String.join(",", items) + "]";
            }
            default:
            {
                final List<String> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--)
                {
                    // an order's own names are fine inside a nested object: only the top level is the order
                    final String name = random.nextBoolean() ? "amount" : "y_" + random.nextInt(100);
                    items.add(member(name + i, anyValue(random, depth - 1), random));
                }
                return "{" + String.join(",", items) + "}";
            }
        }
    }

    private static String randomString(final Random random)
    {
        final String[] pieces = {"a", "Z", " ", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\u00e9", "\\ud83d\\ude00", "\u00e9",
            "\u20ac", "\ud83d\ude00", "}", "{", "]", ",", ":", "\\u0000"};
        final StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--)
        {
            sb.append(pieces[random.nextInt(pieces.length)]);
        }
        return sb.toString();
    }
}

package dev.sluice.examples.json;

import dev.sluice.examples.orders.OrderEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What orders-json.md says a reader must accept, and each kind of line it must reject, with the reason.
 */
class OrderJsonDecoderTest
{
    /** The spec's example line: event 0 of the default workload. */
    static final String EXAMPLE = "{\"event_id\":\"o-0\",\"event_time\":\"2025-12-31T23:59:59.837Z\"," +
        "\"product_id\":\"p-0413\",\"region\":\"eu-central\",\"customer_id\":\"c-63858\",\"amount\":2558.64}";
    static final OrderEvent EXAMPLE_EVENT = new OrderEvent(0, 1767225599837L, 413, 3, 63858, 255864);

    private final OrderJsonDecoder decoder = new OrderJsonDecoder();

    @Test
    void shouldReadTheSpecsExampleLine()
    {
        assertEquals(EXAMPLE_EVENT.toString(), accept(EXAMPLE).toString());
    }

    @Test
    void shouldWriteTheSpecsExampleLineByteForByte()
    {
        final byte[] line = new byte[OrderJsonWriter.MAX_LENGTH];
        final int length = new OrderJsonWriter().write(EXAMPLE_EVENT, line, 0);
        assertEquals(EXAMPLE, new String(line, 0, length, StandardCharsets.UTF_8));
    }

    @Test
    void shouldAcceptFieldsInAnyOrderWithWhitespaceAndUnknownFieldsOfEveryType()
    {
        final String line = " \t{ \"amount\" : 2558.64 ,\"extra\":{\"a\":[1,2.5e3,{\"b\":null},[]],\"c\":\"}{\"}," +
            "\"region\":\"eu-central\",\"flag\":true,\"none\":null,\"n\":-1.5E-7,\"customer_id\":\"c-63858\"," +
            "\"list\":[\"x\",false],\"product_id\":\"p-0413\",\"event_time\":\"2025-12-31T23:59:59.837Z\"," +
            "\"event_id\":\"o-0\",\"s\":\"\\u00e9\\n\\\"\"}\r";
        assertEquals(EXAMPLE_EVENT.toString(), accept(line).toString());
    }

    @ParameterizedTest
    @CsvSource({
        "12, 1200", "12.5, 1250", "12.50, 1250", "12.500, 1250", "1.25e1, 1250", "1250E-2, 1250", "0, 0",
        "-0.05, -5", "0.01, 1", "20000.99, 2000099", "92233720368547758.07, 9223372036854775807",
        "-92233720368547758.07, -9223372036854775807"})
    void shouldAcceptAmountsThatAreWholeCents(final String amount, final long cents)
    {
        assertEquals(cents, accept(EXAMPLE.replace("2558.64", amount)).amountCents());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2025-12-31T23:59:59.837Z|1767225599837",
        "2025-12-31T23:59:59Z|1767225599000",
        "2025-12-31T23:59:59.8Z|1767225599800",
        "2025-12-31T23:59:59.837999999Z|1767225599837",
        "2026-01-01T00:59:59.837+01:00|1767225599837",
        "2025-12-31T18:59:59.837-05:00|1767225599837",
        "2025-12-31T24:00:00Z|1767225600000",
        "1969-12-31T23:59:59.999Z|-1",
        "+10000-01-01T00:00:00Z|253402300800000"})
    void shouldAcceptAnyIsoInstantTruncatedToTheMillisecond(final String time, final long millis)
    {
        assertEquals(millis, accept(EXAMPLE.replace("2025-12-31T23:59:59.837Z", time)).eventTimeMillis());
    }

    @ParameterizedTest
    @CsvSource({"us-east, 0", "af-south, 7", "r8, 8", "r2147483647, 2147483647"})
    void shouldMapRegionNamesAndNumberedRegions(final String name, final int region)
    {
        assertEquals(region, accept(EXAMPLE.replace("eu-central", name)).region());
    }

    @Test
    void shouldReadIdsBeyondTheWorkloadsRanges()
    {
        final OrderEvent event = accept(EXAMPLE.replace("o-0", "o-9223372036854775807")
            .replace("p-0413", "p-12345").replace("c-63858", "c-0"));
        assertEquals(Long.MAX_VALUE, event.eventId());
        assertEquals(12345, event.productId());
        assertEquals(0, event.customerId());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[1,2]|not a JSON object: the line holds an array",
        "12|not a JSON object: the line holds a number",
        "\"order\"|not a JSON object: the line holds a string",
        "null|not a JSON object: the line holds null",
        "true|not a JSON object: the line holds a boolean",
        "{\"event_id\":\"o-0\"|the line ends before its JSON object does",
        "{\"event_id\":\"o-0\",\"x\":[1,|the line ends before its JSON object does",
        "{\"event_id\":\"o-0|the line ends before its JSON object does",
        "{\"event_id\" \"o-0\"}|malformed JSON at byte 12: Unexpected character ('\"' (code 34))",
        "{'event_id':1}|malformed JSON at byte 1: Unexpected character (''' (code 39))",
        "{\"a\":1}{\"b\":2}|text after the JSON object: {\"b\":2}",
        "{\"a\":1} 12 |text after the JSON object: 12 ",
        "{}|missing fields event_id, event_time, product_id, region, customer_id, amount",
        "{\"amount\":NaN}|malformed JSON at byte 13: Non-standard token 'NaN'",
        "{\"amount\":012}|malformed JSON at byte 11: Invalid numeric value: Leading zeroes not allowed"})
    void shouldRejectWhatIsNotOneJsonObject(final String line, final String reason)
    {
        assertRejected(line, reason);
    }

    @Test
    void shouldRejectAMissingFieldNamingIt()
    {
        assertRejected(EXAMPLE.replace("\"customer_id\":\"c-63858\",", ""), "missing field customer_id");
    }

    @Test
    void shouldRejectADuplicateField()
    {
        assertRejected(EXAMPLE.replace("}", ",\"region\":\"eu-west\"}"), "duplicate field region");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"amount\":2558.64|\"amount\":\"2558.64\"|field amount is a string, expected a number",
        "\"region\":\"eu-central\"|\"region\":null|field region is null, expected a string",
        "\"amount\":2558.64|\"amount\":null|field amount is null, expected a number",
        "\"event_id\":\"o-0\"|\"event_id\":0|field event_id is a number, expected a string",
        "\"product_id\":\"p-0413\"|\"product_id\":[413]|field product_id is an array, expected a string",
        "\"customer_id\":\"c-63858\"|\"customer_id\":{\"id\":1}|field customer_id is an object, expected a string",
        "\"event_time\":\"2025-12-31T23:59:59.837Z\"|\"event_time\":1767225599837|" +
            "field event_time is a number, expected a string",
        "\"region\":\"eu-central\"|\"region\":true|field region is a boolean, expected a string"})
    void shouldRejectAFieldOfTheWrongType(final String field, final String replacement, final String reason)
    {
        assertRejected(EXAMPLE.replace(field, replacement), reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2558.641", "0.001", "12.345", "1.2345e1", "1e-3", "-0.005"})
    void shouldRejectAnAmountWithMoreThanTwoDecimals(final String amount)
    {
        assertRejected(EXAMPLE.replace("2558.64", amount),
            "amount " + amount + " has more than two decimals: amounts are whole cents");
    }

    @ParameterizedTest
    @ValueSource(strings = {"92233720368547758.08", "1e400", "-1e17", "123456789012345678901234567890",
        "1" + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"})
    void shouldRejectAnAmountThatOverflows(final String amount)
    {
        assertRejected(EXAMPLE.replace("2558.64", amount), " is out of range: at most 9223372036854775807 cents");
    }

    @Test
    void shouldRejectAnOverlongAmountQuotingOnlyItsStart()
    {
        final String digits = "9".repeat(5000);
        final String reason = reject(EXAMPLE.replace("2558.64", digits));
        assertTrue(reason.startsWith("amount " + "9".repeat(64) + "... (5000 characters) is out of range"), reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-13-31T23:59:59.837Z", "2025-02-29T00:00:00Z", "2025-12-31 23:59:59Z",
        "2025-12-31T23:59Z", "2025-12-31T23:59:59.837", "2025-12-31T25:00:00Z", "yesterday", "",
        "2025-12-31T23:59:59.1234567890Z", "+999999999-12-31T23:59:59Z"})
    void shouldRejectAnUnparseableTime(final String time)
    {
        assertRejected(EXAMPLE.replace("2025-12-31T23:59:59.837Z", time),
            "event_time \"" + time + "\" is not an ISO-8601 instant");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "o-0|x-5|event_id \"x-5\" is not o-<n>",
        "o-0|o-05|event_id \"o-05\" is not o-<n>",
        "o-0|o-9223372036854775808|event_id \"o-9223372036854775808\" is not o-<n>",
        "o-0|o--1|event_id \"o--1\" is not o-<n>",
        "p-0413|p-413|product_id \"p-413\" is not p-<n>",
        "p-0413|p-00413|product_id \"p-00413\" is not p-<n>",
        "p-0413|p-2147483648|product_id \"p-2147483648\" is not p-<n>",
        "c-63858|c-063858|customer_id \"c-063858\" is not c-<n>",
        "c-63858|C-63858|customer_id \"C-63858\" is not c-<n>",
        "eu-central|EU-Central|region \"EU-Central\" is not one of us-east, us-west",
        "eu-central|r7|region \"r7\" is not one of",
        "eu-central|r08|region \"r08\" is not one of",
        "eu-central|mars-north|region \"mars-north\" is not one of"})
    void shouldRejectIdsTheBinaryEventCannotHoldExactly(final String id, final String replacement, final String reason)
    {
        assertRejected(EXAMPLE.replace(id, replacement), reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "o-0|o-\\u0030", "p-0413|p-\\u00304\\u00313", "eu-central|eu\\u002dcentral", "c-63858|\\u0063-63858",
        "2025-12-31T23:59:59.837Z|2025-12-31\\u005423:59:59.837Z"})
    void shouldReadEscapedCharactersOfAValueAsTheCharactersTheyStandFor(final String text, final String escaped)
    {
        assertEquals(EXAMPLE_EVENT.toString(), accept(EXAMPLE.replace(text, escaped)).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // a quote or a non-ASCII digit among the decoded characters: never an id, though its bytes look like one
        "\"o-0\"|\"o-0\\\"\"|event_id \"o-0\\\"\" is not o-<n>",
        "\"c-63858\"|\"c-6385\\u0668\"|customer_id \"c-6385\u0668\" is not c-<n>",
        "\"2025-12-31T23:59:59.837Z\"|\"2025-12-31T23:59:59.83\\u0667Z\"|" +
            "event_time \"2025-12-31T23:59:59.83\u0667Z\" is not"})
    void shouldRejectAValueWhoseEscapesDecodeToCharactersAnIdCannotHold(
        final String text, final String escaped, final String reason)
    {
        assertRejected(EXAMPLE.replace(text, escaped), reason);
    }

    @Test
    void shouldQuoteAValueWithControlCharactersOnOneLine()
    {
        final String reason = reject(EXAMPLE.replace("eu-central", "eu\\tcentral\\n\\\""));
        assertTrue(reason.startsWith("region \"eu\\u0009central\\u000a\\\"\" is not one of"), reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ff|0xff", "c0 80|0xc0", "ed a0 80|0xed", "e0 80 80|0xe0", "f4 90 80 80|0xf4", "f8 88 80 80 80|0xf8",
        "c3|0xc3", "80|0x80"})
    void shouldRejectInvalidUtf8NamingTheByte(final String hex, final String shown)
    {
        final String[] parts = hex.split(" ");
        final byte[] prefix = EXAMPLE.replace("eu-central", "eu-").getBytes(StandardCharsets.UTF_8);
        final int at = EXAMPLE.indexOf("eu-central") + 3;
        final byte[] line = new byte[prefix.length + parts.length];
        System.arraycopy(prefix, 0, line, 0, at);
        for (int i = 0; i < parts.length; i++)
        {
            line[at + i] = (byte)Integer.parseInt(parts[i], 16);
        }
        System.arraycopy(prefix, at, line, at + parts.length, prefix.length - at);

        assertFalse(decoder.tryDecode(line, 0, line.length, new OrderEvent()));
        assertEquals("invalid UTF-8 at byte " + at + " of the line (" + shown + ")", decoder.rejectReason().toString());
    }

    @Test
    void shouldAcceptValidMultiByteUtf8InUnknownFields()
    {
        assertEquals(EXAMPLE_EVENT.toString(),
            accept(EXAMPLE.replace("}", ",\"note\":\"caf\u00e9 \u20ac \ud83d\ude00\"}")).toString());
    }

    @Test
    void shouldRejectUnknownFieldsNestedDeeperThanTheLimit()
    {
        final int depth = OrderJsonDecoder.MAX_NESTING_DEPTH + 1;
        final String line = EXAMPLE.replace("}", ",\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
        assertTrue(reject(line).startsWith("malformed JSON: Document nesting depth (1001) exceeds the maximum " +
            "allowed (1000"), reject(line));
        final String allowed = EXAMPLE.replace("}", ",\"deep\":" + "[".repeat(depth - 2) + "]".repeat(depth - 2) + "}");
        assertEquals(EXAMPLE_EVENT.toString(), accept(allowed).toString());
    }

    @Test
    void shouldReadGoodLinesAfterEveryKindOfBadOne()
    {
        final String[] bad = {"[1,2]", "12", "{\"a\":", "{\"a\":\"", "{\"a\":1} 1", "tru", "{\"amount\":\"x\"}", "\"x",
            "{\"a\":[[[", "}", "{\"a\":1}}"};
        for (final String line : bad)
        {
            reject(line);
            assertEquals(EXAMPLE_EVENT.toString(), accept(EXAMPLE).toString(), "after " + line);
        }
    }

    @Test
    void shouldReadLinesLongerThanTheParsersBufferAndTheTextAfterThem()
    {
        // Jackson reads its input 8000 bytes at a time: these lines take several reads
        final String note = ",\"note\":\"" + "n".repeat(20_000) + "\"";
        assertEquals(EXAMPLE_EVENT.toString(), accept(EXAMPLE.replace("}", note + "}")).toString());
        assertRejected(EXAMPLE.replace("}", note + "}") + " x".repeat(10_000), "text after the JSON object: x x x");
        assertRejected(EXAMPLE.replace("}", note), "the line ends before its JSON object does");
        assertRejected(EXAMPLE.replace("}", note + "}" + " ".repeat(9000) + "}"), "text after the JSON object: }");
        assertEquals(EXAMPLE_EVENT.toString(), accept(EXAMPLE + " ".repeat(20_000)).toString());
    }

    @Test
    void shouldRejectANulByteWithoutReadingTheLineAsUtf16()
    {
        // Jackson guesses UTF-16 or UTF-32 from NULs in a new parser's first bytes
        assertRejected("\u0000{\u0000\"", "malformed JSON at byte 0: a NUL byte (0x00)");
        assertRejected(EXAMPLE.replace("eu-central", "eu\u0000central"), "malformed JSON at byte ");
        assertEquals(EXAMPLE_EVENT.toString(), accept(EXAMPLE).toString());
    }

    @Test
    void shouldRejectAnEmptyLineAndAByteOrderMark()
    {
        assertRejected("", "no JSON value on the line");
        assertRejected("  ", "no JSON value on the line");
        assertRejected("\ufeff" + EXAMPLE, "byte order mark at the start of the line");
    }

    @Test
    void shouldLeaveTheEventAsItWasWhenALineIsRejected()
    {
        final OrderEvent event = new OrderEvent(1, 2, 3, 4, 5, 6);
        final byte[] line = EXAMPLE.replace("2558.64", "2558.641").getBytes(StandardCharsets.UTF_8);
        assertFalse(decoder.tryDecode(line, 0, line.length, event));
        assertEquals(new OrderEvent(1, 2, 3, 4, 5, 6).toString(), event.toString());
    }

    @Test
    void shouldReadALineInTheMiddleOfABuffer()
    {
        final byte[] bytes = ("garbage" + EXAMPLE + "garbage").getBytes(StandardCharsets.UTF_8);
        final OrderEvent event = new OrderEvent();
        assertTrue(decoder.tryDecode(bytes, 7, EXAMPLE.length(), event), () -> decoder.rejectReason().toString());
        assertEquals(EXAMPLE_EVENT.toString(), event.toString());
    }

    private OrderEvent accept(final String line)
    {
        final byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        final OrderEvent event = new OrderEvent();
        assertTrue(decoder.tryDecode(bytes, 0, bytes.length, event), () -> line + ": " + decoder.rejectReason());
        return event;
    }

    private String reject(final String line)
    {
        final byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertFalse(decoder.tryDecode(bytes, 0, bytes.length, new OrderEvent()), line);
        final String reason = decoder.rejectReason().toString();
        assertFalse(reason.contains("\t") || reason.contains("\n") || reason.contains("\r"), reason);
        return reason;
    }

    private void assertRejected(final String line, final String reasonStart)
    {
        final String reason = reject(line);
        assertTrue(reason.startsWith(reasonStart) || (reasonStart.startsWith(" ") && reason.contains(reasonStart)),
            "line " + line + ": expected a reason starting '" + reasonStart + "', was '" + reason + "'");
    }
}

package dev.sluice.examples.json;

import dev.sluice.examples.orders.OrderEvent;
import dev.sluice.examples.orders.OrderEventCodec;
import dev.sluice.examples.orders.OrdersGenerator;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ingest over bad input: every kind of bad line of orders-json.md, ill-formed UTF-8, a line of 100 MB,
 * overflowing numbers and three decimals, each counted and reported with its line number, while every good line
 * lands in the log exactly once, in order.
 */
class OrdersJsonIngestTest
{
    private static final int HUNDRED_MB = 100 << 20;

    private final List<String> rejects = new ArrayList<>();
    private final OrdersJsonIngest.RejectedLineHandler collect =
        (line, reason, text, offset, length) -> rejects.add(line + ": " + reason);

    @Test
    void shouldReportEveryKindOfBadLineWithItsNumberAndAppendEveryGoodOneOnce(@TempDir final Path dir)
        throws IOException
    {
        final List<OrderEvent> good = events(9);
        final Lines input = new Lines();
        input.good(good.get(0));
        input.bad("{\"event_id\":\"o-1\",", "the line ends before its JSON object does");
        input.bad("[{\"event_id\":\"o-1\"}]", "not a JSON object: the line holds an array");
        input.good(good.get(1));
        input.blank("");
        input.bad(line(good.get(2)).replace("\"region\":\"sa-east\",", ""), "missing field region");
        input.bad(line(good.get(2)).replace("\"amount\":2215.95", "\"amount\":\"2215.95\""),
            "field amount is a string, expected a number");
        input.bad(line(good.get(2)).replace("\"region\":\"sa-east\"", "\"region\":null"),
            "field region is null, expected a string");
        input.blank("  \t\r");
        input.good(good.get(2));
        input.bad(line(good.get(3)).replace("2215.95", "2215.951").replace("6471.47", "6471.479"),
            "amount 6471.479 has more than two decimals");
        input.bad(line(good.get(3)).replace("T23:59:55.608Z", "T23:59:61Z"), "event_time \"2025-12-31T23:59:61Z\" is " +
            "not an ISO-8601 instant");
        input.good(good.get(3));
        input.invalidUtf8(line(good.get(4)), new byte[]{(byte)0xC3, (byte)0x28}, "invalid UTF-8 at byte ");
        input.bad(line(good.get(4)).replace("13030.29", "1e19"), "amount 1e19 is out of range");
        input.bad(line(good.get(4)).replace("13030.29", "123456789012345678901234567890.5"), "amount " +
            "123456789012345678901234567890.5 is out of range");
        input.bad(line(good.get(4)).replace("o-4", "o-99999999999999999999"),
            "event_id \"o-99999999999999999999\" is not o-<n>");
        input.good(good.get(4));
        input.hundredMegabyteLine();
        input.good(good.get(5));
        input.bad("{\"a\":1} {\"b\":2}", "text after the JSON object: {\"b\":2}");
        input.bad("this is not JSON", "malformed JSON at byte 0: Unrecognized token 'this'");
        input.good(good.get(6));
        input.good(good.get(7));
        input.lastLineWithoutNewline(good.get(8));

        final OrdersJsonIngest.Result result;
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            final OrdersJsonIngest ingest = new OrdersJsonIngest(log.appender(), collect,
                OrdersJsonIngest.DEFAULT_MAX_LINE_BYTES, null, 0);
            result = ingest.ingest(input.stream());
        }

        assertEquals(input.expectedRejects, rejects.stream().map(r -> r.substring(0, Math.min(r.length(),
            r.indexOf(": ") + 2 + input.reasonLength(r)))).toList());
        assertEquals(new OrdersJsonIngest.Result(input.lines, 9, input.expectedRejects.size(), input.bytes, 0),
            new OrdersJsonIngest.Result(result.lines(), result.accepted(), result.rejected(), result.bytes(), 0));
        assertEquals("accepted=9 rejected=" + input.expectedRejects.size(), result.summaryLine());
        assertEquals(strings(good), strings(readLog(dir)));
    }

    @Test
    void shouldStreamPastAHundredMegabyteLineWithoutHoldingIt(@TempDir final Path dir) throws IOException
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot allocation counters");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        final OrderEvent event = events(1).get(0);
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            final OrdersJsonIngest ingest = new OrdersJsonIngest(log.appender(), collect,
                OrdersJsonIngest.DEFAULT_MAX_LINE_BYTES, null, 0);
            final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());

            final String start = "{\"event_id\":\"o-0\",\"pad\":\"";
            final OrdersJsonIngest.Result result = ingest.ingest(new SequenceInputStream(
                new HugeLineStream(start, HUNDRED_MB),
                new ByteArrayInputStream(("\n" + line(event) + "\n").getBytes(StandardCharsets.UTF_8))));

            final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            assertEquals(1, result.accepted());
            assertEquals(1, result.rejected());
            assertEquals(List.of("1: line of " + (start.length() + HUNDRED_MB) + " bytes is longer than the 1048576-byte " +
                "limit; it was skipped unread"), rejects);
            // the reader's buffer is made before; what is left is the decoder's parser for one line, and the report
            assertTrue(allocated < 1 << 20, "allocated " + allocated + " bytes streaming past a 100 MB line");
        }
        assertEquals(strings(List.of(event)), strings(readLog(dir)));
    }

    @Test
    void shouldAllocateNothingPerGoodLine(@TempDir final Path dir) throws IOException
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot allocation counters");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        final int lines = 50_000;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OrderJsonWriter.writeLines(new OrdersGenerator(OrdersWorkload.defaults().withCount(lines)), bytes);
        final byte[] input = bytes.toByteArray();
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            final OrdersJsonIngest ingest = new OrdersJsonIngest(log.appender(), collect,
                OrdersJsonIngest.DEFAULT_MAX_LINE_BYTES, null, 0);
            ingest.ingest(new ByteArrayInputStream(input));
            final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());

            final OrdersJsonIngest.Result result = ingest.ingest(new ByteArrayInputStream(input));

            final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            assertEquals(lines, result.accepted());
            // the stream, the result and a segment roll's few objects: well under a byte a line
            assertTrue(allocated < lines / 10, "allocated " + allocated + " bytes for " + lines + " lines");
        }
    }

    @Test
    void shouldReadALineOfExactlyTheLimitAndRejectOneByteMore(@TempDir final Path dir) throws IOException
    {
        final OrderEvent event = events(1).get(0);
        final int limit = 300;
        final String atLimit = pad(line(event), limit);
        final String overLimit = pad(line(event), limit + 1);
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            final OrdersJsonIngest.Result result = new OrdersJsonIngest(log.appender(), collect, limit, null, 0)
                .ingest(new ByteArrayInputStream((atLimit + "\n" + overLimit + "\n" + pad(line(event), limit - 1) +
                    "\r\n")
                    .getBytes(StandardCharsets.UTF_8)));
            assertEquals(2, result.accepted());
        }
        assertEquals(List.of("2: line of 301 bytes is longer than the 300-byte limit; it was skipped unread"), rejects);
        assertEquals(strings(List.of(event, event)), strings(readLog(dir)));
    }

    @Test
    void shouldSkipAByteOrderMarkAtTheStartOfTheInputOnly(@TempDir final Path dir) throws IOException
    {
        final List<OrderEvent> events = events(2);
        final String bom = "\ufeff";
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            new OrdersJsonIngest(log.appender(), collect, 1024, null, 0).ingest(new ByteArrayInputStream(
                (bom + line(events.get(0)) + "\n" + bom + line(events.get(1)) + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        assertEquals(List.of("2: byte order mark at the start of the line: JSON text does not begin with one"),
            rejects);
        assertEquals(strings(events.subList(0, 1)), strings(readLog(dir)));
    }

    @Test
    void shouldReportProgressWithTheCountsSoFar(@TempDir final Path dir) throws IOException
    {
        final List<long[]> reports = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OrderJsonWriter.writeLines(new OrdersGenerator(OrdersWorkload.defaults().withCount(10_000)), bytes);
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            // an interval of 0: told at every look at the clock, every 4096 lines
            new OrdersJsonIngest(log.appender(), collect, 1024,
                (lines, accepted, rejected, read, elapsedNs) -> reports.add(new long[]{lines, accepted, rejected, read}),
                0).ingest(new ByteArrayInputStream(bytes.toByteArray()));
        }
        assertEquals(2, reports.size());
        assertEquals(List.of(4096L, 4096L, 0L), List.of(reports.get(0)[0], reports.get(0)[1], reports.get(0)[2]));
        assertEquals(List.of(8192L, 8192L, 0L), List.of(reports.get(1)[0], reports.get(1)[1], reports.get(1)[2]));
    }

    static List<OrderEvent> events(final int count)
    {
        final OrdersGenerator generator = new OrdersGenerator(OrdersWorkload.defaults().withCount(count));
        final List<OrderEvent> events = new ArrayList<>();
        while (generator.hasNext())
        {
            events.add(generator.next(new OrderEvent()));
        }
        return events;
    }

    static String line(final OrderEvent event)
    {
        final byte[] bytes = new byte[OrderJsonWriter.MAX_LENGTH];
        return new String(bytes, 0, new OrderJsonWriter().write(event, bytes, 0), StandardCharsets.UTF_8);
    }

    /**
     * @return the events of the log in {@code dir}, in order, read through the binary codec.
     */
    static List<OrderEvent> readLog(final Path dir)
    {
        final List<OrderEvent> events = new ArrayList<>();
        final OrderEventCodec codec = new OrderEventCodec();
        try (Log log = Log.openReadOnly(dir))
        {
            log.scan(log.startPosition(), log.tailPosition(), (buffer, offset, length, position) ->
            {
                final OrderEvent e = codec.decode(buffer, offset, length);
                events.add(new OrderEvent(e.eventId(), e.eventTimeMillis(), e.productId(), e.region(),
                    e.customerId(), e.amountCents()));
            });
        }
        return events;
    }

    static List<String> strings(final List<OrderEvent> events)
    {
        return events.stream().map(OrderEvent::toString).toList();
    }

    private static String pad(final String line, final int length)
    {
        final String start = line.substring(0, line.length() - 1) + ",\"pad\":\"";
        return start + "x".repeat(length - start.length() - 2) + "\"}";
    }

    /** An input built line by line, with the rejects it must give. */
    private static final class Lines
    {
        final List<InputStream> parts = new ArrayList<>();
        final List<String> expectedRejects = new ArrayList<>();
        long lines;
        long bytes;

        void good(final OrderEvent event)
        {
            add(line(event) + "\n");
        }

        void blank(final String line)
        {
            add(line + "\n");
        }

        void bad(final String line, final String reasonStart)
        {
            add(line + "\n");
            expectedRejects.add(lines + ": " + reasonStart);
        }

        void invalidUtf8(final String line, final byte[] invalid, final String reasonStart)
        {
            final byte[] text = line.getBytes(StandardCharsets.UTF_8);
            final int at = line.indexOf("us-west") + 2;
            final byte[] bytes = new byte[text.length + invalid.length + 1];
            System.arraycopy(text, 0, bytes, 0, at);
            System.arraycopy(invalid, 0, bytes, at, invalid.length);
            System.arraycopy(text, at, bytes, at + invalid.length, text.length - at);
            bytes[bytes.length - 1] = '\n';
            add(bytes);
            expectedRejects.add(lines + ": " + reasonStart + at + " of the line (0xc3)");
        }

        void hundredMegabyteLine()
        {
            final String start = "{\"event_id\":\"o-9\",\"blob\":\"";
            parts.add(new HugeLineStream(start, HUNDRED_MB));
            bytes += start.length() + HUNDRED_MB;
            add("\"}\n");
            expectedRejects.add(lines + ": line of " + (start.length() + HUNDRED_MB + 2) + " bytes is longer than " +
                "the 1048576-byte limit; it was skipped unread");
        }

        void lastLineWithoutNewline(final OrderEvent event)
        {
            add(line(event).getBytes(StandardCharsets.UTF_8));
        }

        private void add(final String text)
        {
            add(text.getBytes(StandardCharsets.UTF_8));
        }

        private void add(final byte[] text)
        {
            parts.add(new ByteArrayInputStream(text));
            bytes += text.length;
            lines++;
        }

        int reasonLength(final String reject)
        {
            final long number = Long.parseLong(reject.substring(0, reject.indexOf(':')));
            for (final String expected : expectedRejects)
            {
                if (expected.startsWith(number + ": "))
                {
                    return expected.length() - expected.indexOf(": ") - 2;
                }
            }
            return reject.length();
        }

        InputStream stream()
        {
            return new SequenceInputStream(Collections.enumeration(parts));
        }
    }

    /** {@code start} and then {@code length} bytes of 'x', made as they are read: the test heap never holds them. */
    static final class HugeLineStream extends InputStream
    {
        private final byte[] start;
        private final long length;
        private long position;

        HugeLineStream(final String start, final long length)
        {
            this.start = start.getBytes(StandardCharsets.UTF_8);
            this.length = start.length() + length;
        }

        public int read()
        {
            final byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        public int read(final byte[] b, final int off, final int len)
        {
            if (position >= length)
            {
                return -1;
            }
            final int n = (int)Math.min(len, length - position);
            for (int i = 0; i < n; i++)
            {
                final long p = position + i;
                b[off + i] = p < start.length ? start[(int)p] : (byte)'x';
            }
            position += n;
            return n;
        }
    }
}

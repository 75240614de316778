package dev.sluice.bench.json;

import dev.sluice.bench.core.CoreBenchmarkDefaults;
import dev.sluice.bench.log.TempDirs;
import dev.sluice.examples.json.OrderJsonDecoder;
import dev.sluice.examples.json.OrderJsonWriter;
import dev.sluice.examples.json.OrdersJsonIngest;
import dev.sluice.examples.orders.OrderEvent;
import dev.sluice.examples.orders.OrdersGenerator;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;

/**
 * The JSON lines of {@link #EVENTS} orders (the default workload, ~148 bytes a line), held in memory, read four
 * ways in one run; scores are events/s ({@code @OperationsPerInvocation}), and the {@code bytes} counter beside each
 * is the same work in bytes/s (divide by 1e6 for MB/s), so {@code -prof gc}'s {@code gc.alloc.rate.norm} is bytes
 * per event:
 * <ul>
 *   <li>{@code decode}: {@link OrderJsonDecoder#tryDecode} of every line (split beforehand) into one reused
 *       event: the parsing alone.</li>
 *   <li>{@code ingest}: {@link OrdersJsonIngest} from an input stream over the bytes: line splitting, UTF-8 check,
 *       decoding and the append of each order to a log (page cache, default {@link LogConfig}, a fresh one per
 *       iteration in a scratch directory), on one thread: the {@code sluice ingest} path without the file.</li>
 *   <li>{@code databindLines}: jackson-databind ({@code ObjectReader.readValue} per line, split beforehand) into a
 *       new object per line, strings and a BigDecimal amount: the usual way to read JSON lines into objects.</li>
 *   <li>{@code databindStream}: jackson-databind's {@code MappingIterator} over the whole buffer, one parser for
 *       every line: databind's fastest way through the same bytes.</li>
 * </ul>
 * Neither databind variant checks what the decoder checks (ids, instants, cents): they are a floor for parsing
 * into objects, not the same work. {@link JsonCpuComparison} ({@code sluice-bench.jar json-cpu}) runs the same four
 * cases timed by CPU time, for a machine whose other work makes these wall-clock scores swing.
 */
@State(Scope.Thread)
public class JsonIngestBenchmark extends CoreBenchmarkDefaults
{
    /** Lines per invocation: 100k orders, ~14.8 MB. */
    public static final int EVENTS = 100_000;

    private byte[] lines;
    private int[] lineStarts;
    private int[] lineLengths;
    private final OrderJsonDecoder decoder = new OrderJsonDecoder();
    private final OrderEvent event = new OrderEvent();
    private final ObjectReader databind = JsonMapper.builder().build().readerFor(OrderJson.class);

    /** An order as jackson-databind reads it: public fields named as the JSON's. */
    public static final class OrderJson
    {
        public String event_id;
        public String event_time;
        public String product_id;
        public String region;
        public String customer_id;
        public BigDecimal amount;
    }

    /** Bytes read per second beside the events: JMH reports it as a rate ({@code AuxCounters.Type.OPERATIONS}). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes
    {
        public long bytes;
    }

    /** The log the ingest appends to: fresh per iteration, deleted after it. */
    @State(Scope.Thread)
    public static class IngestLog
    {
        Path dir;
        Log log;
        OrdersJsonIngest ingest;

        @Setup(Level.Iteration)
        public void open()
        {
            dir = TempDirs.create("sluice-json-ingest-");
            log = Log.open(dir, LogConfig.defaults());
            ingest = new OrdersJsonIngest(log.appender(), (line, reason, text, offset, length) ->
            {
                throw new IllegalStateException("line " + line + " rejected: " + reason);
            }, OrdersJsonIngest.DEFAULT_MAX_LINE_BYTES, null, 0);
        }

        @TearDown(Level.Iteration)
        public void close()
        {
            log.close();
            TempDirs.delete(dir);
        }
    }

    @Setup(Level.Trial)
    public void writeLines()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(EVENTS * 160);
        try
        {
            OrderJsonWriter.writeLines(new OrdersGenerator(OrdersWorkload.defaults().withCount(EVENTS)), out);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        lines = out.toByteArray();
        lineStarts = new int[EVENTS];
        lineLengths = new int[EVENTS];
        int start = 0;
        for (int i = 0; i < EVENTS; i++)
        {
            int end = start;
            while (lines[end] != '\n')
            {
                end++;
            }
            lineStarts[i] = start;
            lineLengths[i] = end - start;
            start = end + 1;
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long decode(final Bytes bytes)
    {
        long sum = 0;
        for (int i = 0; i < EVENTS; i++)
        {
            if (!decoder.tryDecode(lines, lineStarts[i], lineLengths[i], event))
            {
                throw new IllegalStateException("line " + (i + 1) + " rejected: " + decoder.rejectReason());
            }
            sum += event.amountCents() + event.eventTimeMillis() + event.customerId();
        }
        bytes.bytes += lines.length;
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long ingest(final IngestLog log, final Bytes bytes) throws IOException
    {
        final OrdersJsonIngest.Result result = log.ingest.ingest(new ByteArrayInputStream(lines));
        if (result.accepted() != EVENTS)
        {
            throw new IllegalStateException("accepted " + result.accepted() + " of " + EVENTS);
        }
        bytes.bytes += result.bytes();
        return result.accepted();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long databindLines(final Bytes bytes)
    {
        long sum = 0;
        for (int i = 0; i < EVENTS; i++)
        {
            final OrderJson order = databind.readValue(lines, lineStarts[i], lineLengths[i]);
            sum += order.amount.unscaledValue().longValue() + order.event_time.length() + order.customer_id.length();
        }
        bytes.bytes += lines.length;
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long databindStream(final Bytes bytes)
    {
        long sum = 0;
        int count = 0;
        try (MappingIterator<OrderJson> orders = databind.readValues(lines))
        {
            while (orders.hasNextValue())
            {
                final OrderJson order = orders.nextValue();
                sum += order.amount.unscaledValue().longValue() + order.event_time.length() +
                    order.customer_id.length();
                count++;
            }
        }
        if (count != EVENTS)
        {
            throw new IllegalStateException("databind read " + count + " of " + EVENTS);
        }
        bytes.bytes += lines.length;
        return sum;
    }
}

package dev.sluice.examples.programs;

import dev.sluice.core.ExecutionMode;
import dev.sluice.core.Pipeline;
import dev.sluice.core.PipelineBuilder;
import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.function.KeyType;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.source.LogSource;
import dev.sluice.core.source.Source;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.GlobalWindows;
import dev.sluice.examples.json.OrderJsonWriter;
import dev.sluice.examples.json.OrdersJsonIngest;
import dev.sluice.examples.orders.OrderEvent;
import dev.sluice.examples.orders.OrderEventCodec;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;

import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The design notes' batch layer, {@code orders-by-product-region} of examples/workloads/orders-json.md, over JSON
 * lines: per (product, region) the order count, the exact revenue, the exact number of distinct customers, the
 * average order rounded half-even and the approximate median. The JSON is read into a log (rejected lines are
 * counted), one pipeline keyed by a record runs over it in the chosen mode, and the CSV is the same in every mode.
 * <p>
 * Usage: {@code json-orders --input FILE [--mode batch|micro-batch|streaming] [--output F]}; ends with
 * {@code rows=R rejected=J sha256=<hex>}, the SHA-256 of the rows' first five columns.
 */
public final class JsonOrders
{
    /** The key: product and region as the JSON writes them. */
    public record ProductRegion(String product, String region)
    {
        static final KeyType<ProductRegion> TYPE = KeyType.of(
            (ProductRegion k) -> k.product() + "," + k.region(),
            text -> new ProductRegion(text.substring(0, text.indexOf(',')), text.substring(text.indexOf(',') + 1)));
    }

    /**
     * The batch layer's query over order records, up to its sinks (any runner's: the Flink runner takes it as it is).
     *
     * @param source the order records.
     * @return per (product, region) over the whole input: count, exact revenue, distinct customers, average, median.
     */
    public static PipelineBuilder<OrderEvent> define(final Source source)
    {
        // region names made once, so the key function allocates only its record
        final String[] regions = new String[8];
        for (int r = 0; r < regions.length; r++)
        {
            regions[r] = OrderJsonWriter.regionName(r);
        }
        return Pipeline.from(source, new OrderEventCodec())
            .withTimestamps(OrderEvent::eventTimeMillis, WatermarkStrategy.boundedOutOfOrderness(5_000))
            .keyBy(e -> new ProductRegion(OrderJsonWriter.productName(e.productId()),
                e.region() < regions.length ? regions[e.region()] : OrderJsonWriter.regionName(e.region())),
                ProductRegion.TYPE)
            .window(GlobalWindows.create())                       // the whole input, as the batch layer
            .aggregate(
                Aggregations.count("total_orders"),
                Aggregations.sumDecimal("total_revenue", OrderEvent::amountCents, 2),
                Aggregations.distinctCount("unique_customers", OrderEvent::customerId),
                Aggregations.avgDecimal("avg_order_value", OrderEvent::amountCents, 2),
                Aggregations.quantiles("median", OrderEvent::amountCents, 0.005, 0.5));
    }

    /**
     * @param rows the query's rows.
     * @return them sorted by product, then region (string order), as the CSV lists them.
     */
    public static List<ResultRow> sorted(final List<ResultRow> rows)
    {
        final List<ResultRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing((ResultRow r) -> ((ProductRegion)r.keyValue()).product())
            .thenComparing(r -> ((ProductRegion)r.keyValue()).region()));
        return sorted;
    }

    /**
     * @param sorted the query's rows, {@link #sorted}.
     * @return each row's exact columns (product, region, orders, revenue, customers), comma-joined: what the
     * checksum covers ({@code Orders5m.sha256} of them).
     */
    public static List<String> exactColumns(final List<ResultRow> sorted)
    {
        final List<String> exact = new ArrayList<>(sorted.size());
        for (final ResultRow row : sorted)
        {
            final ProductRegion key = (ProductRegion)row.keyValue();
            exact.add(key.product() + "," + key.region() + "," + row.longValue("total_orders") + "," +
                row.decimalValue("total_revenue").toPlainString() + "," + row.longValue("unique_customers"));
        }
        return exact;
    }

    /** The CSV's header line. */
    public static final String HEADER =
        "product_id,region,total_orders,total_revenue,unique_customers,avg_order_value,median_order_value";

    /**
     * @param sorted the query's rows, {@link #sorted}.
     * @return their CSV lines without the header: the exact columns, the average and the median to the cent.
     */
    public static List<String> csvLines(final List<ResultRow> sorted)
    {
        final List<String> exact = exactColumns(sorted);
        final List<String> lines = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++)
        {
            final ResultRow row = sorted.get(i);
            final BigDecimal median = BigDecimal.valueOf(row.doubleValue("median_p50"))
                .movePointLeft(2).setScale(2, RoundingMode.HALF_EVEN);
            lines.add(exact.get(i) + "," + row.decimalValue("avg_order_value").toPlainString() + "," +
                median.toPlainString());
        }
        return lines;
    }

    public static void main(final String[] args) throws Exception
    {
        Path input = null;
        Path output = null;
        ExecutionMode mode = ExecutionMode.BATCH;
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--input" -> input = Path.of(args[i + 1]);
                case "--output" -> output = Path.of(args[i + 1]);
                case "--mode" -> mode = ExecutionMode.valueOf(args[i + 1].toUpperCase().replace('-', '_'));
                default -> throw new IllegalArgumentException("unknown option " + args[i] +
                    "; usage: json-orders --input FILE [--mode batch|micro-batch|streaming] [--output F]");
            }
        }
        if (null == input || args.length % 2 != 0)
        {
            throw new IllegalArgumentException(
                "usage: json-orders --input FILE [--mode batch|micro-batch|streaming] [--output F]");
        }

        final Path dir = Files.createTempDirectory("sluice-json-orders-");
        try (Log log = Log.open(dir.resolve("orders"), LogConfig.defaults()))
        {
            // JSON lines into the log; a rejected line is counted (sluice ingest also writes why, with its number)
            final OrdersJsonIngest.Result ingested;
            try (InputStream in = Files.newInputStream(input))
            {
                ingested = new OrdersJsonIngest(log.appender(), (line, reason, text, offset, length) -> { },
                    OrdersJsonIngest.DEFAULT_MAX_LINE_BYTES, null, Long.MAX_VALUE).ingest(in);
            }

            final LatestResultView view = new LatestResultView();
            define(LogSource.range(log)).sink(view).build().run(mode);

            final List<ResultRow> rows = sorted(view.rows());
            final List<String> exact = exactColumns(rows);
            try (PrintStream out = null == output ? null : new PrintStream(Files.newOutputStream(output), false,
                StandardCharsets.UTF_8))
            {
                final PrintStream csv = null == out ? System.out : out;
                csv.println(HEADER);
                for (final String line : csvLines(rows))
                {
                    csv.println(line);
                }
                csv.flush();
            }
            System.out.println("rows=" + rows.size() + " rejected=" + ingested.rejected() + " sha256=" +
                Orders5m.sha256(exact));
        }
        finally
        {
            Quickstart.deleteRecursively(dir);
        }
    }
}

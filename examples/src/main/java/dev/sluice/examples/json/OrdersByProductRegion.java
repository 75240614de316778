package dev.sluice.examples.json;

import dev.sluice.core.Pipeline;
import dev.sluice.core.PipelineBuilder;
import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.function.Keys;
import dev.sluice.core.sink.KeyFormat;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.source.Source;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.GlobalWindows;
import dev.sluice.examples.orders.OrderEvent;
import dev.sluice.examples.orders.OrderEventCodec;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersWorkload;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The query {@code orders-by-product-region} of examples/workloads/orders-json.md (the design notes' batch layer):
 * every order grouped by (product, region) over the whole input, with its count, exact revenue, exact distinct
 * customers, mean order value (half-even to the cent) and approximate median (a quantile sketch within 1%). Its
 * CSV and checksum are the page's: rows sorted by product_id then region as text, the checksum over the first
 * five columns. Read from a log of {@link OrderEventCodec} records, as {@code sluice ingest} writes them.
 */
public final class OrdersByProductRegion
{
    /** The query's name. */
    public static final String NAME = "orders-by-product-region";

    public static final String ORDERS = "total_orders";
    public static final String REVENUE = "total_revenue";
    public static final String CUSTOMERS = "unique_customers";
    public static final String AVERAGE = "avg_order_value";
    public static final String MEDIAN = "median_order_value";

    /** The CSV header of the page. */
    public static final String HEADER =
        "product_id,region,total_orders,total_revenue,unique_customers,avg_order_value,median_order_value";

    private static final Comparator<String[]> BY_PRODUCT_THEN_REGION =
        Comparator.<String[], String>comparing(cells -> cells[0]).thenComparing(cells -> cells[1]);

    private OrdersByProductRegion()
    {
    }

    /**
     * @param source the order records.
     * @return the query up to its sinks: add {@code .sink(...)}, then build.
     */
    public static PipelineBuilder<OrderEvent> define(final Source source)
    {
        return Pipeline.from(source, new OrderEventCodec())
            // one window over everything: the watermark never closes it, a streaming run only shows running values
            .withTimestamps(OrderEvent::eventTimeMillis,
                WatermarkStrategy.<OrderEvent>boundedOutOfOrderness(OrdersWorkload.DEFAULT_MAX_DELAY_MILLIS))
            .keyBy(Orders5m::key, KeyFormat.packed("product_id", "region"))
            .window(GlobalWindows.create())
            .aggregate(
                Aggregations.count(ORDERS),
                Aggregations.sumDecimal(REVENUE, OrderEvent::amountCents, 2),
                Aggregations.distinctCount(CUSTOMERS, OrderEvent::customerId),
                Aggregations.avgDecimal(AVERAGE, OrderEvent::amountCents, 2),
                Aggregations.quantiles(MEDIAN, OrderEvent::amountCents, 0.01, 0.5));
    }

    /**
     * @param rows one result per (product, region), in any order.
     * @return their CSV lines, without the header, sorted as the page sorts them.
     */
    public static List<String> csvLines(final List<ResultRow> rows)
    {
        final List<String[]> cells = new ArrayList<>(rows.size());
        for (final ResultRow row : rows)
        {
            cells.add(cells(row));
        }
        cells.sort(BY_PRODUCT_THEN_REGION);
        final List<String> lines = new ArrayList<>(cells.size());
        for (final String[] line : cells)
        {
            lines.add(String.join(",", line));
        }
        return lines;
    }

    /**
     * @param csvLines lines from {@link #csvLines}, in order.
     * @return the page's checksum: SHA-256 of each line's first five columns, lines joined by "\n", lowercase hex.
     */
    public static String checksum(final List<String> csvLines)
    {
        final List<String> firstFive = new ArrayList<>(csvLines.size());
        for (final String line : csvLines)
        {
            int at = -1;
            for (int comma = 0; comma < 5; comma++)
            {
                at = line.indexOf(',', at + 1);
            }
            firstFive.add(line.substring(0, at));
        }
        return Orders5m.sha256(firstFive);
    }

    /**
     * @param region a region id.
     * @return its text in orders-json.md: one of the eight names, or {@code r<n>}.
     */
    public static String regionText(final int region)
    {
        return region >= 0 && region < OrderJsonDecoder.REGION_NAMES.length ? OrderJsonDecoder.REGION_NAMES[region] :
            "r" + region;
    }

    private static String[] cells(final ResultRow row)
    {
        final double medianCents = row.doubleValue(MEDIAN + "_p50");
        return new String[]{
            String.format("p-%04d", Keys.high(row.key())),
            regionText(Keys.low(row.key())),
            Long.toString(row.longValue(ORDERS)),
            row.decimalValue(REVENUE).toPlainString(),
            Long.toString(row.longValue(CUSTOMERS)),
            row.decimalValue(AVERAGE).toPlainString(),
            BigDecimal.valueOf(medianCents).movePointLeft(2).setScale(2, RoundingMode.HALF_EVEN).toPlainString()};
    }
}

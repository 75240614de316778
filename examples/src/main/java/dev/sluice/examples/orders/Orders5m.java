package dev.sluice.examples.orders;

import dev.sluice.core.Pipeline;
import dev.sluice.core.PipelineBuilder;
import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.function.Keys;
import dev.sluice.core.sink.KeyFormat;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.sink.ResultSchema;
import dev.sluice.core.source.Source;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.TumblingWindows;

import org.agrona.ExpandableArrayBuffer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The reference query {@code orders-5m}: 5-minute epoch-aligned tumbling windows keyed by (product, region) with
 * orders, revenue, min, max and exact distinct customers; watermark bounded by the workload's max delay. Also the
 * result checksum of the workload page: rows sorted by (window_start, product_id, region), one CSV line each,
 * joined with "\n", SHA-256 in lowercase hex.
 */
public final class Orders5m
{
    /** The query's name in its checkpoints and run manifests. */
    public static final String NAME = "orders-5m";
    /** Raised when the query's logic changes, so that no checkpoint or run directory of the old one is reused. */
    public static final int VERSION = 1;

    public static final String ORDERS = "orders";
    public static final String REVENUE = "revenue_cents";
    public static final String MIN = "min_cents";
    public static final String MAX = "max_cents";
    public static final String CUSTOMERS = "customers";

    private Orders5m()
    {
    }

    /**
     * @param source         the order records.
     * @param maxDelayMillis the watermark bound (the workload's maxDelayMillis).
     * @return the query up to its sinks: add {@code .sink(...)} (and optionally late handling), then build.
     */
    public static PipelineBuilder<OrderEvent> define(final Source source, final long maxDelayMillis)
    {
        return define(Pipeline.from(source, new OrderEventCodec()), maxDelayMillis, OrdersWorkload.WINDOW_MILLIS);
    }

    /**
     * The query over orders described up to their stateless stages, with another window size: how
     * {@code sluice compare} runs it under load, where event time is the wall clock.
     *
     * @param orders         the order records, decoded (and possibly filtered).
     * @param maxDelayMillis the watermark bound.
     * @param windowMillis   size of the tumbling windows, ms; orders-5m's is {@link OrdersWorkload#WINDOW_MILLIS}.
     * @return the query up to its sinks: add {@code .sink(...)} (and optionally late handling), then build.
     */
    public static PipelineBuilder<OrderEvent> define(
        final PipelineBuilder<OrderEvent> orders, final long maxDelayMillis, final long windowMillis)
    {
        return orders
            .withTimestamps(OrderEvent::eventTimeMillis,
                WatermarkStrategy.<OrderEvent>boundedOutOfOrderness(maxDelayMillis))
            .keyBy(Orders5m::key, KeyFormat.packed("product_id", "region"))
            .window(TumblingWindows.of(windowMillis))
            .aggregate(
                // count, sum, min and max fused: one value call and one cache line per event
                Aggregations.longStats(OrderEvent::amountCents, ORDERS, REVENUE, MIN, MAX),
                Aggregations.distinctCount(CUSTOMERS, OrderEvent::customerId));
    }

    /**
     * @param event an order.
     * @return its (product, region) key packed into a long.
     */
    public static long key(final OrderEvent event)
    {
        return Keys.pack(event.productId, event.region);
    }

    /**
     * @param rows the latest result per (window, key), e.g. {@code LatestResultView.rows()}.
     * @return the checksum lines in order (for diffs).
     */
    public static List<String> lines(final List<ResultRow> rows)
    {
        final List<ResultRow> sorted = new ArrayList<>(rows);
        // packed keys sort as (product, region) because both are non-negative
        sorted.sort(Comparator.comparingLong(ResultRow::windowStart).thenComparingLong(ResultRow::key));
        final List<String> lines = new ArrayList<>(sorted.size());
        if (sorted.isEmpty())
        {
            return lines;
        }
        final ResultSchema schema = sorted.get(0).schema();
        final int orders = schema.fieldIndex(ORDERS);
        final int revenue = schema.fieldIndex(REVENUE);
        final int min = schema.fieldIndex(MIN);
        final int max = schema.fieldIndex(MAX);
        final int customers = schema.fieldIndex(CUSTOMERS);
        final StringBuilder sb = new StringBuilder(80);
        for (final ResultRow row : sorted)
        {
            sb.setLength(0);
            sb.append(row.windowStart()).append(',')
                .append(Keys.high(row.key())).append(',')
                .append(Keys.low(row.key())).append(',')
                .append(row.longValue(orders)).append(',')
                .append(row.longValue(revenue)).append(',')
                .append(row.longValue(min)).append(',')
                .append(row.longValue(max)).append(',')
                .append(row.longValue(customers));
            lines.add(sb.toString());
        }
        return lines;
    }

    /**
     * @param lines checksum lines in order.
     * @return SHA-256 of the lines joined with "\n", lowercase hex.
     */
    public static String sha256(final List<String> lines)
    {
        final MessageDigest digest = newSha256();
        for (int i = 0; i < lines.size(); i++)
        {
            if (i > 0)
            {
                digest.update((byte)'\n');
            }
            digest.update(lines.get(i).getBytes(StandardCharsets.UTF_8));
        }
        return hex(digest.digest());
    }

    private static MessageDigest newSha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 missing from this JVM", ex);
        }
    }

    private static String hex(final byte[] hash)
    {
        final StringBuilder hex = new StringBuilder(64);
        for (final byte b : hash)
        {
            hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
    }

    /**
     * @param rows the latest result per (window, key).
     * @return the workload page's checksum of them.
     */
    public static String checksum(final List<ResultRow> rows)
    {
        // the bytes of sha256(lines(rows)), formatted into one reused buffer and digested a block at a time: a
        // String per line took a third of the time a 10M-event run spent after its job
        final List<ResultRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(ResultRow::windowStart).thenComparingLong(ResultRow::key));
        final MessageDigest digest = newSha256();
        if (!sorted.isEmpty())
        {
            final ResultSchema schema = sorted.get(0).schema();
            final int[] fields = {
                schema.fieldIndex(ORDERS), schema.fieldIndex(REVENUE), schema.fieldIndex(MIN), schema.fieldIndex(MAX),
                schema.fieldIndex(CUSTOMERS)};
            final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1 << 16);
            int at = 0;
            for (int i = 0; i < sorted.size(); i++)
            {
                final ResultRow row = sorted.get(i);
                if (i > 0)
                {
                    buffer.putByte(at++, (byte)'\n');
                }
                at += buffer.putLongAscii(at, row.windowStart());
                buffer.putByte(at++, (byte)',');
                at += buffer.putLongAscii(at, Keys.high(row.key()));
                buffer.putByte(at++, (byte)',');
                at += buffer.putLongAscii(at, Keys.low(row.key()));
                for (final int field : fields)
                {
                    buffer.putByte(at++, (byte)',');
                    at += buffer.putLongAscii(at, row.longValue(field));
                }
                if (at >= 1 << 15)
                {
                    digest.update(buffer.byteArray(), 0, at);
                    at = 0;
                }
            }
            digest.update(buffer.byteArray(), 0, at);
        }
        return hex(digest.digest());
    }
}

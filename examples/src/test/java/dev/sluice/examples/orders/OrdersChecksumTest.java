package dev.sluice.examples.orders;

import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.ExecutionMode;
import dev.sluice.core.JobReport;
import dev.sluice.core.Pipeline;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.source.InMemoryLog;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins the known answers of examples/workloads/orders.md in every mode, and checks the generator against a plain
 * group-by that does not use the engine.
 */
class OrdersChecksumTest
{
    static final String SHA_1000 = "2e0d5994c0e9c22e3f645f9424c8c9ad3cb43541d03d87268b08c556b4ff9073";
    static final String SHA_1M = "62e52988042d6218b1ca3e4be887b288208b9fe11eb9619483f1900bc01a377f";

    @Test
    void shouldReproduceKnownChecksumsWithPlainGroupBy()
    {
        assertEquals(SHA_1000, Orders5m.sha256(referenceLines(OrdersWorkload.defaults().withCount(1000))));
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void shouldReproduceKnownChecksumFor1000EventsInEveryMode(final ExecutionMode mode)
    {
        final OrdersWorkload workload = OrdersWorkload.defaults().withCount(1000);
        final InMemoryLog log = new InMemoryLog();
        final OrderEventCodec codec = new OrderEventCodec();
        final OrdersGenerator generator = new OrdersGenerator(workload);
        final OrderEvent event = new OrderEvent();
        while (generator.hasNext())
        {
            log.append(codec, generator.next(event));
        }
        final LatestResultView view = new LatestResultView();
        final Pipeline pipeline = Orders5m.define(log.all(), workload.maxDelayMillis()).sink(view).build();

        final JobReport report = pipeline.run(config(mode));

        assertEquals(1000, report.eventsIn());
        assertEquals(0, report.eventsLate());
        assertEquals(945, view.size());
        assertEquals(945, report.resultsEmitted());
        assertEquals(SHA_1000, Orders5m.checksum(view.rows()));
    }

    @Test
    void shouldReproduceKnownChecksumForOneMillionEventsInEveryModeFromTheLog(@TempDir final Path dir)
    {
        final OrdersWorkload workload = OrdersWorkload.defaults();
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            assertEquals(1_000_000, OrdersRun.writeLog(log, workload));
            for (final ExecutionMode mode : ExecutionMode.values())
            {
                final OrdersRun.Result result = OrdersRun.query(log, workload, config(mode));
                assertEquals(1_000_000, result.report().eventsIn(), mode.name());
                assertEquals(0, result.report().eventsLate(), mode.name());
                assertEquals(34157, result.rows().size(), mode.name());
                assertEquals(SHA_1M, result.sha256(), mode.name());
                assertEquals("mode=" + OrdersRun.modeName(mode) + " events=1000000 rows=34157 late=0 sha256=" + SHA_1M,
                    result.summaryLine());
            }
        }
    }

    @Test
    void shouldReproduceKnownChecksumInBatchWhenATinyStateBoundFiresWindowsEarly(@TempDir final Path dir)
    {
        final OrdersWorkload workload = OrdersWorkload.defaults();
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            OrdersRun.writeLog(log, workload);
            // 34157 (window, key) slots in 5 windows of 5 minutes: a bound of 2000 fires as soon as the watermark
            // passes a window, so at most two are held at once (plus a group of events)
            final OrdersRun.Result result = OrdersRun.query(log, workload, ExecutionConfig.batch().batchStateBound(2000));
            assertEquals("mode=batch events=1000000 rows=34157 late=0 sha256=" + SHA_1M, result.summaryLine());
            final java.util.Map<Long, Integer> keysPerWindow = new TreeMap<>();
            for (final dev.sluice.core.sink.ResultRow row : result.rows())
            {
                keysPerWindow.merge(row.windowStart(), 1, Integer::sum);
            }
            final int mostKeys = java.util.Collections.max(keysPerWindow.values());
            assertEquals(5, keysPerWindow.size());
            org.junit.jupiter.api.Assertions.assertTrue(result.report().peakStateSlots() <= 2 * mostKeys + 16,
                "peak slots " + result.report().peakStateSlots() + ", most keys of a window " + mostKeys);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionMode.class, names = { "MICRO_BATCH", "STREAMING" })
    void shouldReproduceKnownChecksumWhileAWriterThreadAppends(final ExecutionMode mode, @TempDir final Path dir)
    {
        final OrdersRun.Result result = OrdersRun.writeWhileQuerying(dir, OrdersWorkload.defaults(), config(mode));

        assertEquals(1_000_000, result.report().eventsIn());
        assertEquals(0, result.report().eventsLate());
        assertEquals(34157, result.rows().size());
        assertEquals(SHA_1M, result.sha256());
        assertEquals(34157, result.report().latencyNs().getTotalCount());
    }

    @Test
    void shouldRefuseToFollowAWriterInBatchMode(@TempDir final Path dir)
    {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> OrdersRun.writeWhileQuerying(dir, OrdersWorkload.defaults().withCount(10), ExecutionConfig.batch()));
    }

    @Test
    void shouldReportLateEventsOfTheLateWorkloadAndMatchBatchMinusThem(@TempDir final Path dir)
    {
        final OrdersWorkload workload = OrdersWorkload.defaults().withCount(200_000).withLateEvery(10);
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            OrdersRun.writeLog(log, workload);
            final OrdersRun.Result batch = OrdersRun.query(log, workload, ExecutionConfig.batch());
            final OrdersRun.Result streaming = OrdersRun.query(log, workload, ExecutionConfig.streaming());
            assertEquals(0, batch.report().eventsLate());
            assertEquals(Orders5m.sha256(referenceLines(workload)), batch.sha256());
            final long late = streaming.report().eventsLate();
            org.junit.jupiter.api.Assertions.assertTrue(late > 0 && late <= 20_000, "late " + late);
            long batchOrders = 0;
            long streamingOrders = 0;
            for (final dev.sluice.core.sink.ResultRow row : batch.rows())
            {
                batchOrders += row.longValue(Orders5m.ORDERS);
            }
            for (final dev.sluice.core.sink.ResultRow row : streaming.rows())
            {
                streamingOrders += row.longValue(Orders5m.ORDERS);
            }
            assertEquals(200_000, batchOrders);
            assertEquals(200_000 - late, streamingOrders);
        }
    }

    static ExecutionConfig config(final ExecutionMode mode)
    {
        return mode == ExecutionMode.MICRO_BATCH ?
            ExecutionConfig.microBatch().maxRecordsPerBatch(777) : ExecutionConfig.of(mode);
    }

    /**
     * The orders-5m answer by a plain sort-free group-by over the generator, without the engine.
     */
    static List<String> referenceLines(final OrdersWorkload workload)
    {
        final TreeMap<String, long[]> groups = new TreeMap<>();
        final TreeMap<String, java.util.Set<Long>> customers = new TreeMap<>();
        final OrdersGenerator generator = new OrdersGenerator(workload);
        final OrderEvent e = new OrderEvent();
        while (generator.hasNext())
        {
            generator.next(e);
            final long start = e.eventTimeMillis() - Math.floorMod(e.eventTimeMillis(), 300_000L);
            final String key = String.format("%020d,%010d,%010d", start, e.productId(), e.region());
            final long[] g = groups.computeIfAbsent(key, k -> new long[]{ 0, 0, Long.MAX_VALUE, Long.MIN_VALUE });
            g[0]++;
            g[1] += e.amountCents();
            g[2] = Math.min(g[2], e.amountCents());
            g[3] = Math.max(g[3], e.amountCents());
            customers.computeIfAbsent(key, k -> new java.util.HashSet<>()).add(e.customerId());
        }
        final List<String> lines = new ArrayList<>();
        groups.forEach((key, g) ->
        {
            final String[] parts = key.split(",");
            lines.add(Long.parseLong(parts[0]) + "," + Long.parseLong(parts[1]) + "," + Long.parseLong(parts[2]) +
                "," + g[0] + "," + g[1] + "," + g[2] + "," + g[3] + "," + customers.get(key).size());
        });
        return lines;
    }
}

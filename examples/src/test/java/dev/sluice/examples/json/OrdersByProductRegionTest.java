package dev.sluice.examples.json;

import dev.sluice.core.ExecutionMode;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.source.LogSource;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * orders-by-product-region over the spec's 100,000 orders ingested from JSON: the known rows and checksum of
 * examples/workloads/orders-json.md, and medians within 1% of the page's.
 */
class OrdersByProductRegionTest
{
    static final String SHA_100K = "6c92bbf88a65d7d969cb42139b9bff10847fb0f4e700f1aeecd7e7ee131b149e";

    /**
     * Ingests the workload's JSON lines into {@code log}, failing on any rejected line.
     */
    static void ingest(final Log log, final OrdersWorkload workload) throws Exception
    {
        final OrdersJsonIngest.Result ingested = new OrdersJsonIngest(log.appender(),
            (line, reason, text, offset, length) ->
            {
                throw new AssertionError("line " + line + " rejected: " + reason);
            }, OrdersJsonIngest.DEFAULT_MAX_LINE_BYTES, null, 0)
            .ingest(new OrdersJsonRoundTripTest.JsonLinesStream(workload));
        assertEquals(workload.count(), ingested.accepted());
    }

    @Test
    void shouldGiveTheKnownRowsAndChecksumOfTheSpec(@TempDir final Path dir) throws Exception
    {
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            ingest(log, OrdersWorkload.defaults().withCount(100_000));
            final LatestResultView view = new LatestResultView();
            OrdersByProductRegion.define(LogSource.range(log)).sink(view).build().run(ExecutionMode.BATCH);

            final List<String> lines = OrdersByProductRegion.csvLines(view.rows());
            assertEquals(8_000, lines.size());
            assertEquals(SHA_100K, OrdersByProductRegion.checksum(lines));
            final String[][] page = {
                { "p-0000", "af-south", "15", "159037.84", "15", "10602.52", "11617.78" },
                { "p-0000", "ap-northeast", "10", "89025.13", "10", "8902.51", "8182.69" },
                { "p-0000", "ap-south", "14", "167045.29", "14", "11931.81", "12990.45" }};
            for (int i = 0; i < page.length; i++)
            {
                final String[] cells = lines.get(i).split(",");
                assertArrayEquals(java.util.Arrays.copyOf(page[i], 6), java.util.Arrays.copyOf(cells, 6));
                final double median = Double.parseDouble(page[i][6]);
                assertEquals(median, Double.parseDouble(cells[6]), median * 0.01, lines.get(i));
            }
        }
    }
}

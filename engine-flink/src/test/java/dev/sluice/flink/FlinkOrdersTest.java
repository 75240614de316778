package dev.sluice.flink;

import dev.sluice.core.ExecutionMode;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersRun;
import dev.sluice.examples.orders.OrdersWorkload;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * orders-5m on a Flink MiniCluster gives the local runner's rows, late count and checksum, in both runtime modes at
 * parallelism 1 and 2, with and without late events.
 */
class FlinkOrdersTest
{
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = OrdersLogs.miniCluster();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} events, late every {1}, {2}, parallelism {3}")
    @CsvSource({
        "1000, 0, BATCH, 1",
        "1000, 0, BATCH, 2",
        "1000, 0, STREAMING, 1",
        "1000, 0, STREAMING, 2",
        "1000, 50, BATCH, 1",
        "1000, 50, BATCH, 2",
        "1000, 50, STREAMING, 1",
        "1000, 50, STREAMING, 2",
        "1000000, 0, BATCH, 1",
        "1000000, 0, BATCH, 2",
        "1000000, 0, STREAMING, 1",
        "1000000, 0, STREAMING, 2",
        "1000000, 1000, BATCH, 2",
        "1000000, 1000, STREAMING, 1",
        "1000000, 1000, STREAMING, 2",
    })
    void shouldGiveTheLocalRunnersChecksum(
        final long count, final long lateEvery, final ExecutionMode mode, final int parallelism) throws Exception
    {
        final OrdersWorkload workload = OrdersWorkload.defaults().withCount(count).withLateEvery(lateEvery);
        OrdersLogs.write(dir, workload);
        final OrdersRun.Result local = OrdersLogs.local(dir, workload, mode);
        final FlinkJob.Run flink = OrdersLogs.flink(dir, workload, mode, parallelism);

        assertEquals(local.report().eventsLate(), flink.eventsLate(), "late events");
        assertEquals(local.rows().size(), flink.rows().size(), "rows");
        assertEquals(Orders5m.lines(local.rows()), Orders5m.lines(flink.rows()));
        assertEquals(local.sha256(), Orders5m.checksum(flink.rows()));
        assertEquals(count, flink.recordsIn());
        if (lateEvery == 0)
        {
            // the workload page's known answers
            assertEquals(count == 1000 ? 945 : 34157, flink.rows().size());
            assertEquals(count == 1000 ? "2e0d5994c0e9c22e3f645f9424c8c9ad3cb43541d03d87268b08c556b4ff9073" :
                "62e52988042d6218b1ca3e4be887b288208b9fe11eb9619483f1900bc01a377f", Orders5m.checksum(flink.rows()));
        }
        else if (mode == ExecutionMode.STREAMING && count > 1000)
        {
            // a second of events is not long enough for a late one to miss its window
            assertTrue(flink.eventsLate() > 0, "the workload's late events are late");
        }
    }
}

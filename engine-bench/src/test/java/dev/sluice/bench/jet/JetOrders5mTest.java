package dev.sluice.bench.jet;

import dev.sluice.core.ExecutionConfig;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersRun;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jet's orders-5m is the same query as the local runner's: the same rows and checksum over the same workload. Two
 * cooperative threads, so that Jet aggregates in two stages and {@link OrdersAccumulator#combine} is in the result.
 */
class JetOrders5mTest
{
    @TempDir
    Path dir;

    @Test
    void shouldGiveTheLocalRunnersRowsAndChecksum()
    {
        final OrdersWorkload workload = OrdersWorkload.defaults().withCount(10_000);
        final OrdersRun.Result local = local(workload, ExecutionConfig.batch());

        final JetOrders5m.Result jet = JetOrders5m.run(workload, 2);

        assertEquals(Orders5m.lines(local.rows()), Orders5m.lines(jet.rows()));
        assertEquals(local.sha256(), Orders5m.checksum(jet.rows()));
        assertEquals(10_000, jet.eventsIn());
        assertEquals(0, jet.eventsLate());
    }

    @Test
    void shouldReadTheSameOrdersFromTheLocalRunnersLog()
    {
        final OrdersWorkload workload = OrdersWorkload.defaults().withCount(10_000);
        final OrdersRun.Result local = local(workload, ExecutionConfig.batch());

        final JetOrders5m.Result jet = JetOrders5m.run(workload, 2, dir);

        assertEquals(local.sha256(), Orders5m.checksum(jet.rows()));
        assertEquals(local.rows().size(), jet.rows().size());
        assertEquals(10_000, jet.eventsIn());
    }

    @Test
    void shouldDropTheLateEventsStreamingDrops()
    {
        // 10 events per second of event time: 10,000 events span several 5-minute windows, so a minute's extra delay
        // puts every 50th event into a window that has already fired
        final OrdersWorkload defaults = OrdersWorkload.defaults();
        final OrdersWorkload workload = new OrdersWorkload(defaults.seed(), 10_000, defaults.startMillis(), 10,
            defaults.maxDelayMillis(), 50, defaults.lateDelayMillis(), defaults.products(), defaults.regions(),
            defaults.customers());
        final OrdersRun.Result local = local(workload, ExecutionConfig.streaming());

        final JetOrders5m.Result jet = JetOrders5m.run(workload, 2);

        assertTrue(local.report().eventsLate() > 0, "the workload has late events");
        assertEquals(local.report().eventsLate(), jet.eventsLate());
        assertEquals(local.sha256(), Orders5m.checksum(jet.rows()));
        assertEquals(10_000, jet.eventsIn());
    }

    private OrdersRun.Result local(final OrdersWorkload workload, final ExecutionConfig config)
    {
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            OrdersRun.writeLog(log, workload);
            return OrdersRun.query(log, workload, config);
        }
    }
}

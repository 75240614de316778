package dev.sluice.examples.orders;

import dev.sluice.core.KappaConfig;
import dev.sluice.core.KappaDeployment;
import dev.sluice.core.Pipeline;
import dev.sluice.core.sink.EventLogSink;
import dev.sluice.core.source.EventAppender;
import dev.sluice.core.source.LogSource;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.examples.architectures.OrderRow;
import dev.sluice.examples.architectures.OrdersKappa;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A process that {@link KappaCrashTest} kills: over the log in {@code DIR/log} it deploys the versions the deployment
 * in {@code DIR/kappa} does not record as retired (v1 passes orders on, v2 flags fraud and takes {@code slowNs} an
 * order, so that its catch-up lasts), appends the orders of the workload that the log does not hold yet, and waits
 * for v2 to serve at the head. Prints {@code STATUS} lines as it goes and {@code DONE} at the end.
 * <p>
 * Usage: {@code KappaCrashChild DIR COUNT SLOW_NS}
 */
public final class KappaCrashChild
{
    private KappaCrashChild()
    {
    }

    static Pipeline version(final Log log, final Path outputs, final int version, final long slowNs)
    {
        final boolean flags = version >= 2;
        final java.util.function.Function<OrderEvent, OrderRow> row = OrderRow.of(flags);
        return Pipeline.from(LogSource.tail(log), new OrderEventCodec())
            .map(order ->
            {
                final long until = flags ? System.nanoTime() + slowNs : 0;
                while (System.nanoTime() < until)
                {
                    Thread.onSpinWait();
                }
                return row.apply(order);
            })
            .withTimestamps(OrderRow::eventTimeMillis,
                WatermarkStrategy.<OrderRow>boundedOutOfOrderness(OrdersWorkload.DEFAULT_MAX_DELAY_MILLIS))
            .named(OrdersKappa.NAME, version)
            .passThrough(EventLogSink.open(outputs.resolve("v" + version), LogConfig.defaults(),
                OrderRow.codec(flags)))
            .build();
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dir = Path.of(args[0]);
        final long count = Long.parseLong(args[1]);
        final long slowNs = Long.parseLong(args[2]);
        try (Log log = Log.open(dir.resolve("log"), LogConfig.defaults());
            KappaDeployment kappa = KappaDeployment.open(log, dir.resolve("kappa"), KappaConfig.defaults()
                .checkpointEvery(20, TimeUnit.MILLISECONDS).caughtUpFor(50, TimeUnit.MILLISECONDS)))
        {
            final OrdersGenerator generator = new OrdersGenerator(OrdersWorkload.defaults().withCount(count));
            final OrderEvent event = new OrderEvent();
            for (long held = log.recordCount(); held > 0 && generator.hasNext(); held--)
            {
                generator.next(event); // the log holds these from an earlier run
            }
            for (int version = 1; version <= 2; version++)
            {
                if (kappa.role(version) != KappaDeployment.Role.RETIRED)
                {
                    kappa.deploy(version(log, dir.resolve("output"), version, slowNs));
                }
            }
            final EventAppender<OrderEvent> appender = new EventAppender<>(log.appender(), new OrderEventCodec());
            long appended = 0;
            long lastStatusNs = 0;
            while (true)
            {
                if (generator.hasNext())
                {
                    appender.append(generator.next(event), 1_000);
                    if (++appended % 500 == 0)
                    {
                        Thread.sleep(1);
                    }
                }
                if (System.nanoTime() - lastStatusNs > TimeUnit.MILLISECONDS.toNanos(50))
                {
                    lastStatusNs = System.nanoTime();
                    for (final KappaDeployment.VersionStatus status : kappa.status())
                    {
                        System.out.println("STATUS " + status);
                    }
                    final KappaDeployment.VersionStatus serving = kappa.serving();
                    if (!generator.hasNext() && serving.version() == 2 && serving.lagRecords() == 0 &&
                        serving.position() == log.tailPosition())
                    {
                        break;
                    }
                }
                else if (!generator.hasNext())
                {
                    Thread.sleep(1);
                }
            }
            System.out.println("DONE " + log.recordCount());
        }
    }
}

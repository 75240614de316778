package dev.sluice.bench.jet;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.aggregate.AggregateOperation;
import com.hazelcast.jet.aggregate.AggregateOperation1;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.core.metrics.Measurement;
import com.hazelcast.jet.datamodel.KeyedWindowResult;
import com.hazelcast.jet.pipeline.BatchSource;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.SourceBuilder;
import com.hazelcast.jet.pipeline.WindowDefinition;
import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.sink.KeyFormat;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.sink.ResultSchema;
import dev.sluice.examples.orders.OrderEvent;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersGenerator;
import dev.sluice.examples.orders.OrdersWorkload;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * orders-5m on Hazelcast Jet in this JVM: an embedded member with Jet enabled, a source that generates the orders
 * workload with examples' {@link OrdersGenerator} (the same events, in the same order, as {@code sluice orders}
 * appends) or reads them from a Sluice log ({@link LogOrdersSource}), event-time tumbling windows of 5 minutes with the workload's max delay as Jet's allowed lag, one fused
 * {@link OrdersAccumulator} per (window, product, region), and a list sink whose items become {@link ResultRow}s of
 * orders-5m's schema, so that {@link Orders5m#checksum} gives the checksum {@code sluice orders} prints.
 *
 * <p>Generated inside the job, the orders are neither written to a log nor read back and checked, so Jet does less
 * work than {@code sluice orders} and {@code sluice flink orders} (which write the log and then read it); over a log,
 * the same work. Late events: Jet drops an event whose window has already been emitted (its {@code lateEventsDropped}
 * metric); Sluice counts an event late under the watermark of the events before it. With the workload's default of
 * no late events both drop nothing and the results are equal.
 *
 * <p>Each run starts a member of its own, a cluster of one, and terminates it at the end.
 */
public final class JetOrders5m
{
    private static final String RESULTS = "sluice-orders-5m-results";
    // the window processors' probe of the events they dropped (MetricNames has no constant for it)
    private static final String LATE_EVENTS_DROPPED = "lateEventsDropped";
    // a strong reference: java.util.logging keeps loggers weakly, and a collected logger forgets its level
    private static final Logger HAZELCAST_LOGGER = Logger.getLogger("com.hazelcast");

    /**
     * What one run produced.
     *
     * @param rows           one row per (window, key), orders-5m's schema.
     * @param eventsLate     events Jet dropped as late.
     * @param memberStartNs  time to start the embedded member.
     * @param jobNs          time from submitting the job to its end.
     * @param collectNs      time to read the results out of the list and make the rows.
     */
    public record Result(List<ResultRow> rows, long eventsLate, long memberStartNs, long jobNs, long collectNs)
    {
        /**
         * @return events the windows took in plus those dropped as late.
         */
        public long eventsIn()
        {
            final int orders = SCHEMA.fieldIndex(Orders5m.ORDERS);
            long in = eventsLate;
            for (final ResultRow row : rows)
            {
                in += row.longValue(orders);
            }
            return in;
        }
    }

    /** orders-5m's result schema, as the local runner builds it: the checksum reads the columns by name. */
    static final ResultSchema SCHEMA = new ResultSchema(List.of(
        Aggregations.longStats(OrderEvent::amountCents, Orders5m.ORDERS, Orders5m.REVENUE, Orders5m.MIN, Orders5m.MAX),
        Aggregations.distinctCount(Orders5m.CUSTOMERS, OrderEvent::customerId)),
        KeyFormat.packed("product_id", "region"));

    private JetOrders5m()
    {
    }

    /**
     * Starts a member, runs orders-5m over {@code workload}, generated inside the job, and shuts the member down.
     *
     * @param workload    the orders; its maxDelayMillis is the allowed lag.
     * @param parallelism Jet's cooperative threads, and so the local parallelism of the windowed aggregation.
     * @return the rows and timings.
     */
    public static Result run(final OrdersWorkload workload, final int parallelism)
    {
        return run(workload, parallelism, null);
    }

    /**
     * Starts a member, runs orders-5m over the orders in a Sluice log, and shuts the member down.
     *
     * @param workload    the workload the log holds; its maxDelayMillis is the allowed lag.
     * @param parallelism Jet's cooperative threads, and so the local parallelism of the windowed aggregation.
     * @param logDir      a log of the workload's orders (see {@code OrdersRun.writeLog}), or null to generate them in
     *                    the job instead.
     * @return the rows and timings.
     */
    public static Result run(final OrdersWorkload workload, final int parallelism, final Path logDir)
    {
        if (parallelism < 1)
        {
            throw new IllegalArgumentException("parallelism " + parallelism + " must be at least 1");
        }
        final long start = System.nanoTime();
        final HazelcastInstance member = Hazelcast.newHazelcastInstance(memberConfig(parallelism));
        try
        {
            final long submitted = System.nanoTime();
            final JobConfig jobConfig = new JobConfig().setName("sluice orders-5m")
                // the late-event count is a metric; keep the job's last metrics after it completes to read it
                .setStoreMetricsAfterJobCompletion(true);
            final Job job = member.getJet().newJob(pipeline(workload, logDir), jobConfig);
            job.join();
            final long finished = System.nanoTime();
            final long late = sum(job.getMetrics().get(LATE_EVENTS_DROPPED));
            final List<ResultRow> rows = rows(member.getList(RESULTS));
            return new Result(rows, late, submitted - start, finished - submitted, System.nanoTime() - finished);
        }
        finally
        {
            // one member and nothing to hand its partitions to: terminating skips the graceful migration
            member.getLifecycleService().terminate();
        }
    }

    static Pipeline pipeline(final OrdersWorkload workload, final Path logDir)
    {
        // non-distributed sources (one instance): the orders are one sequence of SplitMix64 draws, or one log; batch
        // sources, as only a batch source may end (Jet refuses to close a stream source's buffer), timestamped below
        // into a stream whose windows are flushed when it ends
        final BatchSource<OrderEvent> orders;
        if (null == logDir)
        {
            final WorkloadParameters parameters = WorkloadParameters.of(workload);
            orders = SourceBuilder
                .batch("orders", context -> new OrdersGenerator(parameters.workload()))
                .<OrderEvent>fillBufferFn((generator, buffer) ->
                {
                    // a new event per item: Jet passes items on by reference, so a reused holder would be overwritten
                    for (int i = 0; i < 1024 && generator.hasNext(); i++)
                    {
                        buffer.add(generator.next(new OrderEvent()));
                    }
                    if (!generator.hasNext())
                    {
                        buffer.close();
                    }
                })
                .build();
        }
        else
        {
            // a Path is not serializable, and Jet serializes the job with its functions
            final String dir = logDir.toAbsolutePath().toString();
            orders = SourceBuilder
                .batch("orders-log", context -> new LogOrdersSource(Path.of(dir)))
                .<OrderEvent>fillBufferFn(LogOrdersSource::fill)
                .destroyFn(LogOrdersSource::close)
                .build();
        }

        final AggregateOperation1<OrderEvent, OrdersAccumulator, long[]> stats = AggregateOperation
            .withCreate(OrdersAccumulator::new)
            .<OrderEvent>andAccumulate(OrdersAccumulator::add)
            .andCombine(OrdersAccumulator::combine)
            .andExportFinish(OrdersAccumulator::values);

        final Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(orders)
            .addTimestamps(OrderEvent::eventTimeMillis, workload.maxDelayMillis())
            .groupingKey(Orders5m::key)
            .window(WindowDefinition.tumbling(OrdersWorkload.WINDOW_MILLIS))
            .aggregate(stats)
            .writeTo(Sinks.list(RESULTS));
        return pipeline;
    }

    static Config memberConfig(final int parallelism)
    {
        // errors only: a standalone member warns that no join method is enabled and that it terminates, as meant here
        HAZELCAST_LOGGER.setLevel(Level.SEVERE);
        final Config config = new Config();
        // a cluster of this process alone: its own name, no discovery, bound to the loopback interface
        config.setClusterName("sluice-jet-" + ProcessHandle.current().pid());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        final NetworkConfig network = config.getNetworkConfig();
        network.setPortAutoIncrement(true);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        final JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        config.getJetConfig().setEnabled(true).setCooperativeThreadCount(parallelism);
        return config;
    }

    private static List<ResultRow> rows(final List<KeyedWindowResult<Long, long[]>> results)
    {
        final List<ResultRow> rows = new ArrayList<>(results.size());
        for (final KeyedWindowResult<Long, long[]> result : results)
        {
            rows.add(new ResultRow(SCHEMA, result.start(), result.end(), result.key(), false, result.result()));
        }
        return rows;
    }

    private static long sum(final List<Measurement> measurements)
    {
        long sum = 0;
        for (final Measurement measurement : measurements)
        {
            sum += measurement.value();
        }
        return sum;
    }

    /**
     * The workload's parameters in a form Jet can serialize with the job (the record itself is not serializable).
     */
    record WorkloadParameters(
        long seed, long count, long startMillis, long eventsPerSecond, long maxDelayMillis, long lateEvery,
        long lateDelayMillis, long products, long regions, long customers) implements Serializable
    {
        static WorkloadParameters of(final OrdersWorkload w)
        {
            return new WorkloadParameters(w.seed(), w.count(), w.startMillis(), w.eventsPerSecond(),
                w.maxDelayMillis(), w.lateEvery(), w.lateDelayMillis(), w.products(), w.regions(), w.customers());
        }

        OrdersWorkload workload()
        {
            return new OrdersWorkload(seed, count, startMillis, eventsPerSecond, maxDelayMillis, lateEvery,
                lateDelayMillis, products, regions, customers);
        }
    }
}

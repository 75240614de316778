package dev.sluice.bench.core;

import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.Job;
import dev.sluice.core.Pipeline;
import dev.sluice.core.PipelineBuilder;
import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.function.KeyType;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.TumblingWindows;
import dev.sluice.examples.orders.OrderEvent;
import dev.sluice.examples.orders.OrderEventCodec;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersWorkload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * orders-5m's aggregations in a long-running STREAMING job (as {@link Orders5mSteadyStateBenchmark}), keyed three
 * ways, to show what a key of the user's own type costs against the primitive fast path:
 * <ul>
 *   <li>{@code LONG}: product and region packed into a long ({@code Keys.pack}), today's path;</li>
 *   <li>{@code STRING}: a String per (product, region) made once and looked up per event, as a codec that
 *       interns its strings gives them;</li>
 *   <li>{@code RECORD}: a new record of (product, region) per event, as most users write a key function.</li>
 * </ul>
 * Run with {@code -prof gc}: LONG and STRING allocate nothing per event, RECORD its one record.
 */
@State(Scope.Thread)
public class KeyKindsBenchmark extends CoreBenchmarkDefaults
{
    private static final int EVENTS = 100_000;
    private static final int POLL = 1000;

    /** A composite key as a user writes one. */
    public record ProductRegion(int product, int region)
    {
    }

    @Param({ "LONG", "STRING", "RECORD" })
    public String keyKind;

    private Job job;
    private final Orders5mBenchmark.CountingSink sink = new Orders5mBenchmark.CountingSink();

    @Setup(Level.Trial)
    public void startJob()
    {
        final OrdersWorkload round = OrdersWorkload.defaults().withCount(1_000_000);
        final PipelineBuilder<OrderEvent> timed =
            Pipeline.from(new ReplayedOrdersSource(round), new OrderEventCodec())
                .withTimestamps(OrderEvent::eventTimeMillis,
                    WatermarkStrategy.<OrderEvent>boundedOutOfOrderness(round.maxDelayMillis()));
        final PipelineBuilder<OrderEvent> keyed = switch (keyKind)
        {
            case "LONG" -> timed.keyBy(Orders5m::key);
            case "STRING" ->
            {
                final String[][] names = new String[(int)round.products()][(int)round.regions()];
                for (int p = 0; p < names.length; p++)
                {
                    for (int r = 0; r < names[p].length; r++)
                    {
                        names[p][r] = "p-" + p + "/r" + r;
                    }
                }
                yield timed.keyBy(e -> names[e.productId()][e.region()], KeyType.strings());
            }
            case "RECORD" -> timed.keyBy(e -> new ProductRegion(e.productId(), e.region()),
                KeyType.<ProductRegion>of(k -> k.product() + "/" + k.region(), text -> new ProductRegion(
                    Integer.parseInt(text.substring(0, text.indexOf('/'))),
                    Integer.parseInt(text.substring(text.indexOf('/') + 1)))));
            default -> throw new IllegalArgumentException("keyKind " + keyKind + ": LONG, STRING or RECORD");
        };
        job = keyed.window(TumblingWindows.of(OrdersWorkload.WINDOW_MILLIS))
            .aggregate(
                Aggregations.longStats(OrderEvent::amountCents, Orders5m.ORDERS, Orders5m.REVENUE, Orders5m.MIN,
                    Orders5m.MAX),
                Aggregations.distinctCount(Orders5m.CUSTOMERS, OrderEvent::customerId))
            .sink(sink)
            .build()
            .newJob(ExecutionConfig.streaming().pollLimit(POLL));
    }

    @TearDown(Level.Trial)
    public void stopJob()
    {
        job.close();
        if (sink.orders == 0)
        {
            throw new IllegalStateException("no window fired: the benchmark measured nothing");
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public int streaming()
    {
        int n = 0;
        for (int i = 0; i < EVENTS / POLL; i++)
        {
            n += job.doWork();
        }
        return n;
    }
}

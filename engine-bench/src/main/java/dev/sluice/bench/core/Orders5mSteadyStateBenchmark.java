package dev.sluice.bench.core;

import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.Job;
import dev.sluice.core.Pipeline;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersWorkload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * orders-5m in one long-running MICRO_BATCH or STREAMING job over an endless stream ({@link ReplayedOrdersSource}:
 * 1M generated orders replayed with event time moving on), so that state has reached its working size after the
 * warm-up and {@code -prof gc}'s {@code gc.alloc.rate.norm} is the steady-state allocation per event, which
 * {@link Orders5mBenchmark} cannot show (each of its invocations builds a job's state afresh). An invocation is
 * {@link #EVENTS} events: one micro-batch of that many records, or 100 streaming duty cycles of 1000 records with
 * the watermark advanced after every one. Throughput includes a 56-byte copy per event in the source.
 */
@State(Scope.Thread)
public class Orders5mSteadyStateBenchmark extends CoreBenchmarkDefaults
{
    /** Events per invocation. */
    public static final int EVENTS = 100_000;
    private static final int POLL = 1000;
    /** Events in one 5-minute window at the workload's 1000 events per second, plus the disorder bound. */
    private static final long OPEN_WINDOW_EVENTS = 305_000;

    private Job job;
    private final Orders5mBenchmark.CountingSink sink = new Orders5mBenchmark.CountingSink();

    @Setup(Level.Trial)
    public void startJob(final BenchmarkParams params)
    {
        final OrdersWorkload round = OrdersWorkload.defaults().withCount(1_000_000);
        final Pipeline pipeline = Orders5m.define(new ReplayedOrdersSource(round), round.maxDelayMillis())
            .sink(sink)
            .build();
        job = pipeline.newJob(params.getBenchmark().endsWith(".streaming") ?
            ExecutionConfig.streaming().pollLimit(POLL) : ExecutionConfig.microBatch().maxRecordsPerBatch(EVENTS));
    }

    @TearDown(Level.Trial)
    public void stopJob()
    {
        final long in = job.recordsIn();
        job.close();
        // each event is counted once its window fires; only the (at most two) open windows' events are not yet
        if (sink.orders > in || in - sink.orders > 2 * OPEN_WINDOW_EVENTS)
        {
            throw new IllegalStateException("results count " + sink.orders + " orders of " + in + " read");
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public int microBatch()
    {
        return job.doWork();
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

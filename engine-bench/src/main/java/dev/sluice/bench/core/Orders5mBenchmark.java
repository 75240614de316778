package dev.sluice.bench.core;

import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.JobReport;
import dev.sluice.core.Pipeline;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.sink.WindowResult;
import dev.sluice.core.source.LogSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;


/**
 * orders-5m (examples/workloads/orders.md) over a log of {@link #EVENTS} generated orders, one thread, in each mode.
 * The log is written once per trial with the orders writer into a scratch directory (page cache, deleted at the
 * end); each invocation runs a fresh job over the whole log to its end, every window fired. Scores are events per
 * second ({@code @OperationsPerInvocation}), so {@code -prof gc}'s {@code gc.alloc.rate.norm} is bytes per event,
 * the job's own state (built afresh by every invocation) included.
 * <ul>
 *   <li>{@code batch}: one bulk scan, every window fires at the end (no watermark).</li>
 *   <li>{@code microBatch}: available-now micro-batches of {@link #MICRO_BATCH_RECORDS} records (100 s of event
 *       time), watermark advanced and windows fired after each.</li>
 *   <li>{@code streaming}: polled {@code pollLimit} records at a time, watermark advanced after every event.</li>
 * </ul>
 * The sink reads every field of every result (summing them), so each result is computed in full, BATCH's
 * distinct counts included (it counts them only when they are read: a sink that read only the order counts left
 * that work out), allocates nothing, and each invocation checks that every event reached exactly one result.
 */
@State(Scope.Thread)
public class Orders5mBenchmark extends CoreBenchmarkDefaults
{
    /** Events in the log: 10M, about 33 windows of 5 minutes at the workload's 1000 events per second. */
    public static final int EVENTS = 10_000_000;
    /** Records per micro-batch. */
    public static final int MICRO_BATCH_RECORDS = 100_000;

    private OrdersScratchLog scratch;
    private Pipeline pipeline;
    private final CountingSink sink = new CountingSink();

    @Setup(Level.Trial)
    public void writeLog()
    {
        scratch = new OrdersScratchLog(EVENTS, "sluice-orders5m-");
        pipeline = Orders5m.define(LogSource.range(scratch.log()), scratch.workload().maxDelayMillis()).sink(sink)
            .build();
    }

    @TearDown(Level.Trial)
    public void deleteLog()
    {
        if (null != scratch)
        {
            scratch.close();
            scratch = null;
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long batch()
    {
        return run(ExecutionConfig.batch());
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long microBatch()
    {
        return run(ExecutionConfig.microBatch().availableNow(true).maxRecordsPerBatch(MICRO_BATCH_RECORDS));
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long streaming()
    {
        return run(ExecutionConfig.streaming());
    }

    private long run(final ExecutionConfig config)
    {
        sink.orders = 0;
        final JobReport report = pipeline.run(config);
        if (sink.orders != EVENTS || report.eventsIn() != EVENTS)
        {
            throw new IllegalStateException(config.mode() + ": results count " + sink.orders + " orders, job read " +
                report.eventsIn() + " events, log holds " + EVENTS);
        }
        return report.resultsEmitted();
    }

    /**
     * Adds up the {@code orders} column (every event is in exactly one result when nothing is late), and reads
     * every other field, as a sink that writes the result somewhere would.
     */
    static final class CountingSink implements ResultSink
    {
        long orders;
        long otherFields;

        public void onResult(final WindowResult result)
        {
            orders += result.longValue(0);
            for (int i = 1, n = result.schema().fieldCount(); i < n; i++)
            {
                otherFields += result.rawBits(i);
            }
        }
    }
}

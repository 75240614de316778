package dev.sluice.bench.core;

import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.JobReport;
import dev.sluice.core.Pipeline;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.source.LogSource;
import dev.sluice.core.window.EarlyResults;
import dev.sluice.examples.orders.Orders5m;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;


/**
 * What showing every event's running value costs: orders-5m in STREAMING over a log of {@link #EVENTS} generated
 * orders, with an early result after every event into a {@link LatestResultView} (what {@code sluice compare}'s
 * STREAMING runs under load), against the same job emitting final results only into the same view. Each invocation
 * runs a fresh job over the whole log into a cleared view. Scores are events per second; {@code -prof gc}'s
 * {@code gc.alloc.rate.norm} is bytes per event.
 */
@State(Scope.Thread)
public class EarlyResultsViewBenchmark extends CoreBenchmarkDefaults
{
    /** Events in the log: 2M, about 7 windows of orders-5m. */
    public static final int EVENTS = 2_000_000;

    private OrdersScratchLog scratch;
    private final LatestResultView view = new LatestResultView();
    private Pipeline everyEvent;
    private Pipeline finalOnly;

    @Setup(Level.Trial)
    public void writeLog()
    {
        scratch = new OrdersScratchLog(EVENTS, "sluice-early-");
        final long maxDelayMillis = scratch.workload().maxDelayMillis();
        everyEvent = Orders5m.define(LogSource.range(scratch.log()), maxDelayMillis)
            .earlyResults(EarlyResults.everyEvent()).sink(view).build();
        finalOnly = Orders5m.define(LogSource.range(scratch.log()), maxDelayMillis).sink(view).build();
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
    public long everyEvent()
    {
        return run(everyEvent, true);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long finalOnly()
    {
        return run(finalOnly, false);
    }

    private long run(final Pipeline pipeline, final boolean early)
    {
        view.clear();
        final JobReport report = pipeline.run(ExecutionConfig.streaming());
        // an early result after every event, so the view took about as many emissions as there were events
        if (report.eventsIn() != EVENTS || (early && view.emissions() < EVENTS / 2))
        {
            throw new IllegalStateException("read " + report.eventsIn() + " events of " + EVENTS + ", the view took " +
                view.emissions() + " results");
        }
        return view.size();
    }
}

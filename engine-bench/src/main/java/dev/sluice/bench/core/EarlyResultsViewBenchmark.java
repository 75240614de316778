package dev.sluice.bench.core;

import dev.sluice.bench.log.TempDirs;
import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.JobReport;
import dev.sluice.core.Pipeline;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.source.LogSource;
import dev.sluice.core.window.EarlyResults;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersRun;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Path;

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

    private Path dir;
    private Log log;
    private final LatestResultView view = new LatestResultView();
    private Pipeline everyEvent;
    private Pipeline finalOnly;

    @Setup(Level.Trial)
    public void writeLog()
    {
        final OrdersWorkload workload = OrdersWorkload.defaults().withCount(EVENTS);
        dir = TempDirs.create("sluice-early-");
        log = Log.open(dir, LogConfig.defaults());
        final long written = OrdersRun.writeLog(log, workload);
        if (written != EVENTS)
        {
            throw new IllegalStateException("wrote " + written + " orders of " + EVENTS);
        }
        everyEvent = Orders5m.define(LogSource.range(log), workload.maxDelayMillis())
            .earlyResults(EarlyResults.everyEvent()).sink(view).build();
        finalOnly = Orders5m.define(LogSource.range(log), workload.maxDelayMillis()).sink(view).build();
    }

    @TearDown(Level.Trial)
    public void deleteLog()
    {
        if (null != log)
        {
            log.close();
            log = null;
        }
        TempDirs.delete(dir);
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

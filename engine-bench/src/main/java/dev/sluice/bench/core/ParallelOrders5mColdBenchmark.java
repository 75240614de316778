package dev.sluice.bench.core;

import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.JobReport;
import dev.sluice.core.ParallelJob;
import dev.sluice.core.Parallelism;
import dev.sluice.core.sink.TextFileSink;
import dev.sluice.core.source.LogSource;
import dev.sluice.core.source.PartitionedLogSource;
import dev.sluice.core.source.Source;
import dev.sluice.bench.log.TempDirs;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import dev.sluice.log.PartitionedLog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Path;

/**
 * orders-5m over {@link Orders5mBenchmark#EVENTS} orders, cold as {@link Orders5mColdBenchmark} runs it (the log
 * written by a child JVM, opened afresh per invocation, every result into a CSV file), on one thread and on P
 * workers, side by side in one run:
 * <ul>
 *   <li>{@code job}: the job on one thread over one log, the baseline;</li>
 *   <li>{@code log:P}: a {@link ParallelJob} of P workers over the same log: worker 0 reads it and sends the records
 *       of the other workers' keys through the queues between them;</li>
 *   <li>{@code partitions:P}: a {@link ParallelJob} of P workers over a log of P partitions routed by (product,
 *       region): each worker reads the partition of its keys and sends nothing.</li>
 * </ul>
 * Scores are events per second of the whole job (every worker, the sink thread, the CSV file).
 * <pre>
 *   java -jar engine-bench/target/sluice-bench.jar jmh ParallelOrders5mColdBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
public class ParallelOrders5mColdBenchmark extends CoreBenchmarkDefaults
{
    private static final int EVENTS = Orders5mBenchmark.EVENTS;

    @Param({"job", "log:2", "partitions:1", "partitions:2"})
    public String runner;

    private Path dir;
    private Path logDir;
    private Path resultFile;
    private int parallelism;
    private boolean partitioned;
    private long maxDelayMillis;

    @Setup(Level.Trial)
    public void writeLogInAnotherProcess()
    {
        final int colon = runner.indexOf(':');
        parallelism = colon < 0 ? 1 : Integer.parseInt(runner.substring(colon + 1));
        partitioned = runner.startsWith("partitions");
        dir = TempDirs.create("sluice-parallel-orders5m-cold-");
        logDir = dir.resolve("log");
        resultFile = dir.resolve("results.csv");
        maxDelayMillis = OrdersWorkload.defaults().maxDelayMillis();
        // a partitioned log has one partition per worker: each reads the partition of its own keys
        OrdersLogWriterProcess.writeInChildProcess(logDir, EVENTS, partitioned ? Math.max(2, parallelism) : 1);
    }

    @TearDown(Level.Trial)
    public void deleteLog()
    {
        TempDirs.delete(dir);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long batch()
    {
        return runCold(ExecutionConfig.batch());
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long microBatch()
    {
        return runCold(ExecutionConfig.microBatch().availableNow(true)
            .maxRecordsPerBatch(Orders5mBenchmark.MICRO_BATCH_RECORDS));
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long streaming()
    {
        return runCold(ExecutionConfig.streaming());
    }

    private long runCold(final ExecutionConfig config)
    {
        if (partitioned)
        {
            try (PartitionedLog log = PartitionedLog.openReadOnly(logDir); TextFileSink file = TextFileSink.csv(resultFile))
            {
                return check(config, file, runParallel(PartitionedLogSource.range(log), config, file));
            }
        }
        try (Log log = Log.openReadOnly(logDir); TextFileSink file = TextFileSink.csv(resultFile))
        {
            if (runner.equals("job"))
            {
                final Orders5mColdBenchmark.CountingFileSink sink = new Orders5mColdBenchmark.CountingFileSink(file);
                return check(config, file, new Counted(Orders5m.define(LogSource.range(log), maxDelayMillis)
                    .sink(sink).build().run(config), sink));
            }
            return check(config, file, runParallel(LogSource.range(log), config, file));
        }
    }

    private Counted runParallel(final Source source, final ExecutionConfig config, final TextFileSink file)
    {
        final Orders5mColdBenchmark.CountingFileSink sink = new Orders5mColdBenchmark.CountingFileSink(file);
        try (ParallelJob job = ParallelJob.create(() -> Orders5m.define(source, maxDelayMillis).sink(sink).build(),
            config, Parallelism.of(parallelism)))
        {
            return new Counted(job.run(), sink);
        }
    }

    private record Counted(JobReport report, Orders5mColdBenchmark.CountingFileSink sink)
    {
    }

    private static long check(final ExecutionConfig config, final TextFileSink file, final Counted run)
    {
        if (run.sink().orders != EVENTS || run.report().eventsIn() != EVENTS ||
            file.lines() != run.report().resultsEmitted())
        {
            throw new IllegalStateException(config.mode() + ": results count " + run.sink().orders + " orders in " +
                file.lines() + " lines of " + run.report().resultsEmitted() + " results, job read " +
                run.report().eventsIn() + " events, log holds " + EVENTS);
        }
        return run.report().resultsEmitted();
    }
}

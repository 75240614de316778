package dev.sluice.bench.core;

import dev.sluice.bench.log.TempDirs;
import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.JobReport;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.sink.TextFileSink;
import dev.sluice.core.sink.WindowResult;
import dev.sluice.core.source.LogSource;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
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
 * orders-5m over {@link Orders5mBenchmark#EVENTS} orders as a user's one-shot job runs it: cold, where
 * {@link Orders5mBenchmark} is steady. The log is written once per trial by a child JVM
 * ({@link OrdersLogWriterProcess}), and every invocation
 * <ul>
 *   <li>opens it afresh with {@link Log#openReadOnly}: a new {@code Log}, so new segment mappings (their page-table
 *       faults paid again) and no verified marks: every record's CRC32C is checked, as on a first read;</li>
 *   <li>builds the job and its state from nothing;</li>
 *   <li>writes every result as a CSV line to a file ({@link TextFileSink}), closed before the invocation ends.</li>
 * </ul>
 * What stays warm: the JIT (warm-up iterations), the Java heap (a fixed {@code -Xms1g}, touched by earlier
 * invocations) and the log's pages in the OS page cache, where the writer left them, as they would be for a job
 * run soon after its log was written. {@code ./sluice orders} and {@code OneShotPhases} time a fresh process, JIT and
 * fresh heap included. Scores are events per second, comparable with {@link Orders5mBenchmark}'s, which runs in the
 * same {@code dev.sluice.bench.core.Orders5m} include pattern.
 */
@State(Scope.Thread)
public class Orders5mColdBenchmark extends CoreBenchmarkDefaults
{
    static final int EVENTS = Orders5mBenchmark.EVENTS;

    /**
     * {@link LogConfig#verifyAhead()}: false (the log's default) leaves every check and fault to the job's thread;
     * {@code -p verifyAhead=true} lets the log's verifier thread check the segments ahead of the job.
     */
    @Param({"false"})
    public boolean verifyAhead;

    private Path dir;
    Path logDir;
    Path resultFile;
    long maxDelayMillis;

    @Setup(Level.Trial)
    public void writeLogInAnotherProcess()
    {
        dir = TempDirs.create("sluice-orders5m-cold-");
        logDir = dir.resolve("log");
        resultFile = dir.resolve("results.csv");
        maxDelayMillis = OrdersWorkload.defaults().maxDelayMillis();
        OrdersLogWriterProcess.writeInChildProcess(logDir, EVENTS, partitions());
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

    /**
     * @return the partitions of the log the set-up writes: 1, one log.
     */
    int partitions()
    {
        return 1;
    }

    /**
     * One cold run of orders-5m in {@code config}'s mode over the log the set-up wrote, into the result file.
     *
     * @return results emitted.
     */
    long runCold(final ExecutionConfig config)
    {
        try (Log log = Log.openReadOnly(logDir, LogConfig.builder().verifyAhead(verifyAhead).build());
            TextFileSink file = TextFileSink.csv(resultFile))
        {
            final CountingFileSink sink = new CountingFileSink(file);
            final JobReport report = Orders5m.define(LogSource.range(log), maxDelayMillis).sink(sink).build()
                .run(config);
            return checked(config, file, sink, report);
        }
    }

    /**
     * @return the results of a run that handed every event to exactly one result, each a line of the file.
     * @throws IllegalStateException when it did not.
     */
    static long checked(
        final ExecutionConfig config, final TextFileSink file, final CountingFileSink sink, final JobReport report)
    {
        if (sink.orders != EVENTS || report.eventsIn() != EVENTS || file.lines() != report.resultsEmitted())
        {
            throw new IllegalStateException(config.mode() + ": results count " + sink.orders + " orders in " +
                file.lines() + " lines of " + report.resultsEmitted() + " results, job read " +
                report.eventsIn() + " events, log holds " + EVENTS);
        }
        return report.resultsEmitted();
    }

    /**
     * Adds up the {@code orders} column on its way to the file: every event is in exactly one result.
     */
    static final class CountingFileSink implements ResultSink
    {
        private final TextFileSink file;
        long orders;

        CountingFileSink(final TextFileSink file)
        {
            this.file = file;
        }

        public void onResult(final WindowResult result)
        {
            orders += result.longValue(0);
            file.onResult(result);
        }

        public void flush()
        {
            file.flush();
        }
    }
}

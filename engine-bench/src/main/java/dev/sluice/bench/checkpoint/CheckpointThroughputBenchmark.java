package dev.sluice.bench.checkpoint;

import dev.sluice.bench.BenchFlags;
import dev.sluice.bench.log.TempDirs;
import dev.sluice.core.CheckpointConfig;
import dev.sluice.core.DeliveryGuarantee;
import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.Job;
import dev.sluice.core.JobReport;
import dev.sluice.core.Pipeline;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersRun;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.core.sink.EpochFileSink;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.sink.TextFileSink;
import dev.sluice.core.source.LogSource;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The throughput cost of checkpointing: orders-5m in STREAMING over a log of {@link #EVENTS} orders, each
 * invocation a fresh job to the end of the log, every result written as a CSV line to a file; scores in events
 * per second. {@code checkpoints}:
 * <ul>
 *   <li>{@code none}: no checkpoints, a plain CSV file sink (the baseline);</li>
 *   <li>{@code exactlyOnce1s}: a checkpoint every second of processing time, into an {@link EpochFileSink}
 *       (pre-commit forces the epoch's file, commit renames it);</li>
 *   <li>{@code atLeastOnce1s}: a checkpoint every second, the CSV file only flushed (no force, no rename, no
 *       dedup: results after the last checkpoint repeat after a restore);</li>
 *   <li>{@code exactlyOnce100k}, {@code atLeastOnce100k}: every 100k events (300 checkpoints per run), to
 *       magnify the per-checkpoint difference between the two guarantees.</li>
 * </ul>
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {BenchFlags.AGRONA_MISC, BenchFlags.HEAP_MIN, BenchFlags.HEAP_MAX})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CheckpointThroughputBenchmark
{
    /** 30M events: a run of about three seconds, so that "every second" means a few checkpoints per run. */
    public static final int EVENTS = 30_000_000;

    @Param({ "none", "exactlyOnce1s", "atLeastOnce1s", "exactlyOnce100k", "atLeastOnce100k" })
    public String checkpoints;

    private Path scratch;
    private Log log;
    private OrdersWorkload workload;
    private Path run;
    private Job job;
    private AutoCloseable sink;

    @Setup(Level.Trial)
    public void writeLog()
    {
        workload = OrdersWorkload.defaults().withCount(EVENTS);
        scratch = TempDirs.create("sluice-ckpt-tput-");
        log = Log.open(scratch.resolve("log"), LogConfig.defaults());
        OrdersRun.writeLog(log, workload);
    }

    @Setup(Level.Invocation)
    public void newJob()
    {
        TempDirs.delete(run);
        run = scratch.resolve("run-" + System.nanoTime());
        final ExecutionConfig config = ExecutionConfig.streaming();
        final ResultSink resultSink;
        if ("none".equals(checkpoints))
        {
            resultSink = TextFileSink.csv(createDirectories(run).resolve("results.csv"));
        }
        else
        {
            final boolean exactlyOnce = checkpoints.startsWith("exactlyOnce");
            final CheckpointConfig checkpointing = CheckpointConfig.in(run.resolve("checkpoints"))
                .identity("orders-5m-bench", 1)
                .guarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE);
            if (checkpoints.endsWith("1s"))
            {
                checkpointing.everyInterval(1, TimeUnit.SECONDS);
            }
            else
            {
                checkpointing.everyRecords(100_000);
            }
            config.checkpointing(checkpointing);
            resultSink = exactlyOnce ? new EpochFileSink(run.resolve("output")) :
                TextFileSink.csvAppending(createDirectories(run).resolve("results.csv"));
        }
        sink = (AutoCloseable)resultSink;
        final Pipeline pipeline = Orders5m.define(LogSource.range(log), workload.maxDelayMillis())
            .sink(resultSink).build();
        job = pipeline.newJob(config);
    }

    private static Path createDirectories(final Path dir)
    {
        try
        {
            return java.nio.file.Files.createDirectories(dir);
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    @TearDown(Level.Invocation)
    public void closeJob() throws Exception
    {
        job.close();
        sink.close();
    }

    @TearDown(Level.Trial)
    public void deleteLog()
    {
        log.close();
        TempDirs.delete(scratch);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long streaming()
    {
        final JobReport report = job.run();
        if (report.eventsIn() != EVENTS)
        {
            throw new IllegalStateException("read " + report.eventsIn() + " of " + EVENTS + " events");
        }
        return report.resultsEmitted();
    }
}

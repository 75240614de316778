package dev.sluice.bench.checkpoint;

import dev.sluice.bench.BenchFlags;
import dev.sluice.bench.log.TempDirs;
import dev.sluice.core.CheckpointConfig;
import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.Job;
import dev.sluice.core.JobReport;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersRun;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.core.sink.EpochFileSink;
import dev.sluice.core.source.LogSource;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Recovery time after a kill, for orders-5m in STREAMING over a 10M-event log: a job checkpointed every
 * {@code every} events and was killed just before its next checkpoint, at {@code killAt}; recovery is creating
 * the job (restore the newest checkpoint, the sink finishing its commit and dropping the uncommitted epoch) and
 * running it to the head of the log (replaying what followed the checkpoint, then the rest), every window fired.
 * {@code restoreOnly} measures the restore alone. Each invocation starts from a copy of the killed job's files.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {BenchFlags.AGRONA_MISC, BenchFlags.HEAP_MIN, BenchFlags.HEAP_MAX})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RecoveryBenchmark
{
    public static final int EVENTS = 10_000_000;

    /**
     * Where the job was killed: just before its checkpoint at 10M (polls of 256 records stop short of it), so the
     * replay after restore is nearly a whole interval.
     */
    @Param({ "9999000" })
    public long killAt;

    @Param({ "1000000" })
    public long every;

    private Path scratch;
    private Log log;
    private OrdersWorkload workload;
    private Path killed;
    private Path run;
    private Job job;
    private EpochFileSink sink;

    @Setup(Level.Trial)
    public void killAJob()
    {
        workload = OrdersWorkload.defaults().withCount(EVENTS);
        scratch = TempDirs.create("sluice-recovery-");
        log = Log.open(scratch.resolve("log"), LogConfig.defaults());
        OrdersRun.writeLog(log, workload);
        killed = scratch.resolve("killed");
        final EpochFileSink killedSink = new EpochFileSink(killed.resolve("output"));
        final Job victim = Orders5m.define(LogSource.range(log), workload.maxDelayMillis()).sink(killedSink).build()
            .newJob(ExecutionConfig.streaming().checkpointing(config(killed)));
        while (victim.recordsIn() < killAt)
        {
            victim.doWork();
        }
        // killed: neither closed nor flushed; what the sink wrote since the checkpoint stays pending
        System.out.println();
        System.out.println("killed at record " + victim.recordsIn() + " after " + victim.checkpointStats());
    }

    private CheckpointConfig config(final Path dir)
    {
        return CheckpointConfig.in(dir.resolve("checkpoints")).identity("orders-5m-bench", 1).everyRecords(every);
    }

    @Setup(Level.Invocation)
    public void copyKilledFiles()
    {
        TempDirs.delete(run);
        run = scratch.resolve("run-" + System.nanoTime());
        copy(killed, run);
        sink = new EpochFileSink(run.resolve("output"));
    }

    @TearDown(Level.Invocation)
    public void closeJob()
    {
        if (null != job)
        {
            job.close();
            job = null;
        }
        sink.close();
    }

    @TearDown(Level.Trial)
    public void deleteLog()
    {
        log.close();
        TempDirs.delete(scratch);
    }

    private Job restore()
    {
        job = Orders5m.define(LogSource.range(log), workload.maxDelayMillis()).sink(sink).build()
            .newJob(ExecutionConfig.streaming().checkpointing(config(run)));
        return job;
    }

    @Benchmark
    public long restoreOnly()
    {
        return restore().checkpointStats().restoredFromId();
    }

    @Benchmark
    public long restoreAndReplayToHead()
    {
        final JobReport report = restore().run();
        if (report.eventsIn() != EVENTS)
        {
            throw new IllegalStateException("recovered job counted " + report.eventsIn() + " of " + EVENTS);
        }
        return report.resultsEmitted();
    }

    private static void copy(final Path from, final Path to)
    {
        try (Stream<Path> files = Files.walk(from))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                final Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}

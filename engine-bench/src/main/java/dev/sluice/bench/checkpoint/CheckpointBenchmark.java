package dev.sluice.bench.checkpoint;

import dev.sluice.bench.BenchFlags;
import dev.sluice.bench.log.TempDirs;
import dev.sluice.core.CheckpointConfig;
import dev.sluice.core.CheckpointStats;
import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.Job;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersRun;
import dev.sluice.examples.orders.OrdersWorkload;
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

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Time of one checkpoint of orders-5m (state into the body, file written, forced and renamed, sink committed) at
 * two sizes of open state of a 1M-event run, its size printed at the end of each trial:
 * <ul>
 *   <li>{@code streamingPeak}: a STREAMING job stopped where its open state is largest (the watermark keeps
 *       about two 5-minute windows open: ~16k (window, key) slots and their distinct-customer sets);</li>
 *   <li>{@code allOpen}: the state of the whole 1M-event run held at once (watermark bound larger than the run, so
 *       no window fires: 34157 slots, every distinct-customer set full) - the worst case of a 1M-event run.</li>
 * </ul>
 * {@code dir=disk} forces the file to the disk (the default durable checkpoint); {@code dir=shm} writes to
 * /dev/shm, where the force is free, leaving the cost of the state itself.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {BenchFlags.AGRONA_MISC, BenchFlags.HEAP_MIN, BenchFlags.HEAP_MAX})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CheckpointBenchmark
{
    static final int EVENTS = 1_000_000;

    @Param({ "streamingPeak", "allOpen" })
    public String state;

    @Param({ "disk", "shm" })
    public String dir;

    private Path scratch;
    private Path shm;
    private Log log;
    private Job job;

    @Setup(Level.Trial)
    public void prepare()
    {
        final OrdersWorkload workload = OrdersWorkload.defaults().withCount(EVENTS);
        scratch = TempDirs.create("sluice-ckpt-");
        log = Log.open(scratch.resolve("log"), LogConfig.defaults());
        OrdersRun.writeLog(log, workload);
        shm = "shm".equals(dir) ? Path.of("/dev/shm", "sluice-ckpt-" + System.nanoTime()) : null;
        final Path checkpoints = null != shm ? shm : scratch.resolve("checkpoints");
        final boolean allOpen = "allOpen".equals(state);
        final long bound = allOpen ? 10L * EVENTS : workload.maxDelayMillis();
        job = Orders5m.define(LogSource.range(log), bound).sink(new NoOpTransactionalSink()).build()
            .newJob(ExecutionConfig.streaming().pollLimit(1).checkpointing(
                CheckpointConfig.in(checkpoints).identity("orders-5m-bench", 1)));
        final long stopAt = allOpen ? EVENTS : peakRecord(workload);
        while (job.recordsIn() < stopAt && !job.isDone())
        {
            job.doWork();
        }
        job.checkpoint();
        System.out.println();
        System.out.println("state " + state + " at record " + job.recordsIn() + ": " + job.report().openWindows() +
            " open windows, checkpoint " + job.checkpointStats().lastBytes() + " bytes");
    }

    /**
     * @return the last record before a STREAMING run of the workload fires its first window: that window is full
     * and the next has begun, the most (window, key) slots a streaming run of orders-5m holds at once.
     */
    private long peakRecord(final OrdersWorkload workload)
    {
        final long firstEnd = workload.startMillis() - Math.floorMod(workload.startMillis(), 300_000L) + 300_000L;
        try (Job probe = Orders5m.define(LogSource.range(log), workload.maxDelayMillis())
            .sink(new NoOpTransactionalSink()).build().newJob(ExecutionConfig.streaming().pollLimit(1)))
        {
            while (probe.operatorWatermark() < firstEnd - 1 && !probe.isDone())
            {
                probe.doWork();
            }
            return probe.recordsIn() - 1;
        }
    }

    @TearDown(Level.Trial)
    public void cleanUp()
    {
        final CheckpointStats stats = job.checkpointStats();
        System.out.println();
        System.out.println(state + "/" + dir + ": " + stats);
        job.close();
        log.close();
        TempDirs.delete(scratch);
        TempDirs.delete(shm);
    }

    @Benchmark
    public long checkpoint()
    {
        return job.checkpoint();
    }
}

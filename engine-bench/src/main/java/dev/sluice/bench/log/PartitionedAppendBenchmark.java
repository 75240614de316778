package dev.sluice.bench.log;

import dev.sluice.log.LogAppender;
import dev.sluice.log.LogConfig;
import dev.sluice.log.PartitionedLog;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Producers appending to a partitioned log, each the single writer of its own partition: one thread into one
 * partition ({@code oneProducer}, the single writer of one log) against two threads into two ({@code twoProducers}),
 * in the same run. Nothing is shared between the two writers but the page cache, so two should append about twice
 * what one does when each has a core. Each iteration appends to a fresh 2-partition log (made in its set-up, deleted
 * in its tear-down), default {@link LogConfig}: each partition prepares its next segment on a background thread of its
 * own, or with {@code prepareSegments=false} on its appending thread (two cores: two appenders and two preparers
 * share them). A score is appends per second, summed over the group's threads.
 * <pre>
 *   java -jar engine-bench/target/sluice-bench.jar jmh PartitionedAppendBenchmark -prof gc
 * </pre>
 */
@State(Scope.Group)
public class PartitionedAppendBenchmark extends LogBenchmarkDefaults
{
    @Param({SMALL})
    public int payloadBytes;

    /** Each partition makes its next segment ahead on a thread of its own (the default), or on the appending one. */
    @Param({"true", "false"})
    public boolean prepareSegments;

    private Path dir;
    private PartitionedLog log;
    private final AtomicInteger nextPartition = new AtomicInteger();

    @Setup(Level.Iteration)
    public void open()
    {
        dir = TempDirs.create("sluice-partitioned-append-");
        log = PartitionedLog.open(dir.resolve("log"), 2,
            LogConfig.builder().prepareSegments(prepareSegments).build());
        nextPartition.set(0);
    }

    @TearDown(Level.Iteration)
    public void close()
    {
        log.close();
        TempDirs.delete(dir);
    }

    /**
     * One producer thread: the appender of its own partition and its own payload buffer.
     */
    @State(Scope.Thread)
    public static class Producer
    {
        LogAppender appender;
        UnsafeBuffer payload;
        long sequence;

        @Setup(Level.Iteration)
        public void take(final PartitionedAppendBenchmark benchmark)
        {
            appender = benchmark.log.appender(benchmark.nextPartition.getAndIncrement());
            payload = new UnsafeBuffer(BufferUtil.allocateDirectAligned(benchmark.payloadBytes, 64));
        }

        long appendOne()
        {
            payload.putLong(0, sequence++);
            return appender.append(payload, 0, payload.capacity());
        }
    }

    @Benchmark
    @Group("oneProducer")
    @GroupThreads(1)
    public long oneProducer(final Producer producer)
    {
        return producer.appendOne();
    }

    @Benchmark
    @Group("twoProducers")
    @GroupThreads(2)
    public long twoProducers(final Producer producer)
    {
        return producer.appendOne();
    }
}

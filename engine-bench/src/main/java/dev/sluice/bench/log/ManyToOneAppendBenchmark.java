package dev.sluice.bench.log;

import dev.sluice.log.Log;
import dev.sluice.log.LogAppender;
import dev.sluice.log.LogConfig;
import dev.sluice.log.ManyToOneLogAppender;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * Appends per second into one log from 1, 2 and 4 threads at once, through a {@link ManyToOneLogAppender} (a 1 MiB
 * queue, drained by its own thread with Agrona's {@code BackoffIdleStrategy}), beside the single writer's
 * {@link LogAppender#append} from one thread. A score is accepted appends per second, summed over the threads; an
 * append the queue back-pressures is tried again (yielding, so that the drain gets a core) within the same
 * operation, so the score is what the drain gets into the log once the queue is full. Each iteration appends to a
 * fresh log (default {@link LogConfig}, as in {@link LogAppendBenchmark}); closing it at the iteration's end
 * appends what is still queued, outside the measurement.
 *
 * <pre>
 *   java -jar engine-bench/target/sluice-bench.jar jmh ManyToOneAppendBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
public class ManyToOneAppendBenchmark extends LogBenchmarkDefaults
{
    /** Queue in front of the log, bytes. */
    static final int QUEUE_CAPACITY = 1 << 20;
    /** How long a producer waits when the queue is full: the drain appends hundreds of records meanwhile. */
    static final long PARK_NS = 50_000;

    @Param({SMALL, LARGE})
    public int payloadBytes;

    private Path dir;
    private Log log;
    private ManyToOneLogAppender appender;

    @Setup(Level.Iteration)
    public void open(final BenchmarkParams params)
    {
        dir = TempDirs.create("sluice-many-to-one-");
        log = Log.open(dir, LogConfig.defaults());
        if (!params.getBenchmark().endsWith(".singleWriter"))
        {
            appender = ManyToOneLogAppender.startDrainThread(log, QUEUE_CAPACITY, new BackoffIdleStrategy());
        }
    }

    @TearDown(Level.Iteration)
    public void close()
    {
        try
        {
            if (appender != null)
            {
                appender.close();
                appender = null;
            }
            log.close();
        }
        finally
        {
            TempDirs.delete(dir);
        }
    }

    /** One appending thread's payload, stamped with its own sequence. */
    @State(Scope.Thread)
    public static class Producer
    {
        UnsafeBuffer payload;
        int length;
        long sequence;

        @Setup(Level.Trial)
        public void make(final ManyToOneAppendBenchmark benchmark)
        {
            length = benchmark.payloadBytes;
            payload = new UnsafeBuffer(ByteBuffer.allocateDirect(length));
            for (int i = 0; i < length; i++)
            {
                payload.putByte(i, (byte)('a' + i % 26));
            }
        }
    }

    @Benchmark
    @Threads(1)
    public long singleWriter(final Producer producer)
    {
        producer.payload.putLong(0, producer.sequence++);
        final long position = log.appender().append(producer.payload, 0, producer.length);
        if (position < 0)
        {
            throw new IllegalStateException("append returned " + position + " in " + dir);
        }
        return position;
    }

    @Benchmark
    @Threads(1)
    public long oneProducer(final Producer producer)
    {
        return appendThroughQueue(producer);
    }

    @Benchmark
    @Threads(2)
    public long twoProducers(final Producer producer)
    {
        return appendThroughQueue(producer);
    }

    @Benchmark
    @Threads(4)
    public long fourProducers(final Producer producer)
    {
        return appendThroughQueue(producer);
    }

    private long appendThroughQueue(final Producer producer)
    {
        producer.payload.putLong(0, producer.sequence++);
        long queuePosition;
        while ((queuePosition = appender.append(producer.payload, 0, producer.length)) ==
            ManyToOneLogAppender.BACK_PRESSURED)
        {
            // a full queue takes a while to drain: leave the cores to the drain rather than spin or yield on them
            LockSupport.parkNanos(PARK_NS);
        }
        if (queuePosition < 0)
        {
            throw new IllegalStateException("append returned " + queuePosition + " in " + dir);
        }
        return queuePosition;
    }
}

package dev.sluice.bench.log;

import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.util.concurrent.TimeUnit;

/**
 * One-hop latency, the benchmark's thread writing and a second thread reading, at {@link #RATE_PER_SECOND}
 * messages of {@link #PAYLOAD_BYTES} bytes, timed from each message's due time (see {@link OneHopLatency}).
 * One invocation sends {@link #MESSAGES_PER_ITERATION} messages (one second); the measured iterations add
 * into one HdrHistogram whose percentiles the fork prints at the end as a line starting with
 * {@code one-hop-latency}. JMH's own score here is only the wall time of an iteration.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, batchSize = 1)
@Measurement(iterations = 5, batchSize = 1)
public class OneHopLatencyBenchmark extends LogBenchmarkDefaults
{
    public static final long RATE_PER_SECOND = 1_000_000;
    public static final int MESSAGES_PER_ITERATION = 1_000_000;
    public static final int PAYLOAD_BYTES = 40;

    private final Histogram total = OneHopLatency.newHistogram();
    private final Histogram iteration = OneHopLatency.newHistogram();
    private SluiceLogDriver sluice;
    private ChronicleQueueDriver chronicle;
    private String system;
    private boolean measuring;

    @Setup(Level.Trial)
    public void open(final BenchmarkParams params)
    {
        if (isChronicle(params.getBenchmark()))
        {
            system = "chronicle";
            chronicle = new ChronicleQueueDriver(PAYLOAD_BYTES);
        }
        else
        {
            system = "sluice";
            sluice = new SluiceLogDriver(PAYLOAD_BYTES);
        }
    }

    @Setup(Level.Iteration)
    public void startIteration(final IterationParams params)
    {
        iteration.reset();
        measuring = params.getType() == IterationType.MEASUREMENT;
    }

    @TearDown(Level.Iteration)
    public void endIteration()
    {
        if (measuring)
        {
            total.add(iteration);
        }
        System.out.println();
        System.out.println("one-hop-latency-iteration " + system + " " + OneHopLatency.percentiles(iteration));
    }

    @TearDown(Level.Trial)
    public void close()
    {
        System.out.println();
        System.out.printf("one-hop-latency %s rate=%d/s payload=%dB messages=%d %s%n", system, RATE_PER_SECOND,
            PAYLOAD_BYTES, total.getTotalCount(), OneHopLatency.percentiles(total));
        if (sluice != null)
        {
            sluice.close();
            sluice = null;
        }
        if (chronicle != null)
        {
            chronicle.close();
            chronicle = null;
        }
    }

    @Benchmark
    public long sluice()
    {
        final SluiceLogDriver driver = sluice;
        OneHopLatency.run(driver::appendStamped, driver::newReceiver, 0, MESSAGES_PER_ITERATION, RATE_PER_SECOND,
            iteration);
        return iteration.getTotalCount();
    }

    @Benchmark
    public long chronicle()
    {
        final ChronicleQueueDriver driver = chronicle;
        OneHopLatency.run(driver::appendStamped, driver::newReceiver, 0, MESSAGES_PER_ITERATION, RATE_PER_SECOND,
            iteration);
        return iteration.getTotalCount();
    }
}

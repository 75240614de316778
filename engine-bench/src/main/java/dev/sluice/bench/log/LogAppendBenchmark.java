package dev.sluice.bench.log;

import dev.sluice.log.LogConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Append throughput, messages per second, Sluice against Chronicle Queue at the same payload size. Each
 * iteration appends to a fresh log or queue (made in the iteration's set-up, deleted in its tear-down), so the
 * files stay about one iteration's worth and page faults on new pages are part of both scores. Sluice prepares its
 * next segment on a background thread by default ({@link LogConfig#prepareSegments()}); {@code -p
 * prepareSegments=true,false} measures both (Chronicle ignores the parameter).
 *
 * <pre>
 *   java -jar engine-bench/target/sluice-bench.jar jmh LogAppendBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
public class LogAppendBenchmark extends LogBenchmarkDefaults
{
    @Param({SMALL, LARGE})
    public int payloadBytes;

    @Param({"true"})
    public boolean prepareSegments;

    private SluiceLogDriver sluice;
    private ChronicleQueueDriver chronicle;

    @Setup(Level.Iteration)
    public void open(final BenchmarkParams params)
    {
        if (isChronicle(params.getBenchmark()))
        {
            chronicle = new ChronicleQueueDriver(payloadBytes);
        }
        else
        {
            sluice = new SluiceLogDriver(payloadBytes, LogConfig.builder().prepareSegments(prepareSegments).build());
        }
    }

    @TearDown(Level.Iteration)
    public void close()
    {
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
        return sluice.appendOne();
    }

    @Benchmark
    public void chronicle()
    {
        chronicle.appendOne();
    }
}

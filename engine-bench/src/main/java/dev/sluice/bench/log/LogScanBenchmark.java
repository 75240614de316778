package dev.sluice.bench.log;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Scan throughput, records per second: a sequential read of an existing log or queue of {@link #RECORDS}
 * records from its start to its end, the files in the page cache. Sluice reads with {@code Log.scan}
 * (checking each record's CRC32C); Chronicle with a tailer from its start. Every record's first 8 bytes and
 * length are read on both sides. A score is records per second ({@code @OperationsPerInvocation}), so
 * {@code -prof gc}'s {@code gc.alloc.rate.norm} is bytes per record.
 */
@State(Scope.Thread)
public class LogScanBenchmark extends LogBenchmarkDefaults
{
    /** Records in the log or queue each scan reads. */
    public static final int RECORDS = 1_000_000;

    @Param({SMALL, LARGE})
    public int payloadBytes;

    private SluiceLogDriver sluice;
    private ChronicleQueueDriver chronicle;

    @Setup(Level.Trial)
    public void fill(final BenchmarkParams params)
    {
        if (isChronicle(params.getBenchmark()))
        {
            chronicle = new ChronicleQueueDriver(payloadBytes);
            chronicle.appendMessages(RECORDS);
            check(chronicle.scanAll() > 0 ? chronicle.lastScanRecords() : 0);
        }
        else
        {
            sluice = new SluiceLogDriver(payloadBytes);
            sluice.appendMessages(RECORDS);
            check(sluice.scanAll() > 0 ? sluice.lastScanRecords() : 0);
        }
    }

    @TearDown(Level.Trial)
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
    @OperationsPerInvocation(RECORDS)
    public long sluice()
    {
        return sluice.scanAll();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long chronicle()
    {
        return chronicle.scanAll();
    }

    private static void check(final long records)
    {
        if (records != RECORDS)
        {
            throw new IllegalStateException("a scan read " + records + " records of the " + RECORDS + " appended");
        }
    }
}

package dev.sluice.bench.log;

import dev.sluice.log.ChecksumVerification;
import dev.sluice.log.LogConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Scan throughput, records per second: a sequential read of an existing log or queue of {@link #RECORDS}
 * records from its start to its end, the files in the page cache. Sluice reads with {@code Log.scan};
 * Chronicle with a tailer from its start. Every record's first 8 bytes and length are read on both sides.
 * A score is records per second ({@code @OperationsPerInvocation}), so {@code -prof gc}'s
 * {@code gc.alloc.rate.norm} is bytes per record.
 *
 * <p>Sluice's {@code checksums} is its {@link ChecksumVerification}: with {@code FIRST_READ} (the default) the
 * set-up's first scan checks every record's CRC32C and the measured scans, like any later scan or replay in
 * the same process, trust what it checked; with {@code EVERY_READ} every scan checks every record. Chronicle
 * checks none. The two sides keep their state apart so that Chronicle is not run once per Sluice mode.
 */
public class LogScanBenchmark extends LogBenchmarkDefaults
{
    /** Records in the log or queue each scan reads. */
    public static final int RECORDS = 1_000_000;

    @State(Scope.Thread)
    public static class SluiceLog
    {
        @Param({SMALL, LARGE})
        public int payloadBytes;

        /** How often Sluice's scans check a record's CRC32C. */
        @Param({"FIRST_READ", "EVERY_READ"})
        public ChecksumVerification checksums;

        SluiceLogDriver driver;

        @Setup(Level.Trial)
        public void fill()
        {
            driver = new SluiceLogDriver(payloadBytes, LogConfig.builder().checksumVerification(checksums).build());
            driver.appendMessages(RECORDS);
            check(driver.scanAll() > 0 ? driver.lastScanRecords() : 0);
        }

        @TearDown(Level.Trial)
        public void close()
        {
            driver.close();
        }
    }

    @State(Scope.Thread)
    public static class ChronicleQueue
    {
        @Param({SMALL, LARGE})
        public int payloadBytes;

        ChronicleQueueDriver driver;

        @Setup(Level.Trial)
        public void fill()
        {
            driver = new ChronicleQueueDriver(payloadBytes);
            driver.appendMessages(RECORDS);
            check(driver.scanAll() > 0 ? driver.lastScanRecords() : 0);
        }

        @TearDown(Level.Trial)
        public void close()
        {
            driver.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long sluice(final SluiceLog log)
    {
        return log.driver.scanAll();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long chronicle(final ChronicleQueue queue)
    {
        return queue.driver.scanAll();
    }

    private static void check(final long records)
    {
        if (records != RECORDS)
        {
            throw new IllegalStateException("a scan read " + records + " records of the " + RECORDS + " appended");
        }
    }
}

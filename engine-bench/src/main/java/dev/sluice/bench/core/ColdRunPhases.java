package dev.sluice.bench.core;

import dev.sluice.bench.log.TempDirs;
import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.JobReport;
import dev.sluice.examples.orders.OrderEvent;
import dev.sluice.examples.orders.OrderEventCodec;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.sink.TextFileSink;
import dev.sluice.core.sink.WindowResult;
import dev.sluice.core.source.LogSource;
import dev.sluice.log.ChecksumVerification;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import dev.sluice.log.RecordHandler;
import org.agrona.DirectBuffer;

import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a cold one-shot orders-5m run spends its time, phase by phase, without a profiler: the log written by a
 * child JVM, then in rounds (the first one in a fresh JVM, JIT and heap cold, as a user's process), each phase
 * over a log opened afresh unless it says warm:
 * <pre>
 *   open             Log.openReadOnly and the range's tail position
 *   scan-cold        a new Log: map every segment, check every CRC32C, read every record (sum a field)
 *   scan-crc         the same scan over mappings already faulted in (EVERY_READ, second scan): CRC32C, no faults
 *   scan-warm        again, trusted and mapped: reading alone
 *   decode-warm      scan-warm plus decoding every record into the reused OrderEvent
 *   job-warm-&lt;mode&gt;  the job over the log read before (what Orders5mBenchmark measures), a summing sink
 *   job-cold-&lt;mode&gt;  the job over a new Log, a summing sink
 *   file-&lt;mode&gt;      the job over a new Log into a CSV file: the one-shot run
 * </pre>
 * so that mapping faults = scan-cold - scan-crc, CRC32C = scan-crc - scan-warm, the sink = file - job-cold. For
 * BATCH, {@code end} is the time from the first result to the end of the run (the distinct count's sort and the
 * emitting: BATCH emits only at the end). GC time (all collectors, from their MXBeans) and the heap pools' peak
 * use are given beside each.
 * Not thread-safe; one-off measuring, not a benchmark: medians of JMH runs are the figures to report.
 */
public final class ColdRunPhases
{
    private final long events;
    private final int rounds;
    private final String[] modes;
    private final boolean oneShotOnly;
    private final PrintStream out;

    /**
     * @param events orders in the log.
     * @param rounds rounds of every phase; the first runs in a cold JVM.
     * @param modes  batch, micro-batch, streaming: the modes to time.
     * @param oneShotOnly only the {@code file-<mode>} phases: the one-shot runs, e.g. for large logs.
     * @param out    where the lines go.
     */
    public ColdRunPhases(
        final long events, final int rounds, final String[] modes, final boolean oneShotOnly, final PrintStream out)
    {
        this.events = events;
        this.rounds = rounds;
        this.modes = modes;
        this.oneShotOnly = oneShotOnly;
        this.out = out;
    }

    public void run()
    {
        final Path dir = TempDirs.create("sluice-cold-phases-");
        try
        {
            final Path logDir = dir.resolve("log");
            final long writeStart = System.nanoTime();
            OrdersLogWriterProcess.writeInChildProcess(logDir, events);
            out.printf(Locale.ROOT, "# log of %d orders written by a child JVM in %.0f ms%n", events,
                (System.nanoTime() - writeStart) / 1e6);
            for (int round = 1; round <= rounds; round++)
            {
                round(round, logDir, dir.resolve("results.csv"));
            }
        }
        finally
        {
            TempDirs.delete(dir);
        }
    }

    private void round(final int round, final Path logDir, final Path resultFile)
    {
        if (oneShotOnly)
        {
            for (final String mode : modes)
            {
                try (Log log = Log.openReadOnly(logDir); TextFileSink file = TextFileSink.csv(resultFile))
                {
                    job(round, "file-", mode, log, file);
                }
            }
            return;
        }
        long start = phaseStart();
        try (Log log = Log.openReadOnly(logDir))
        {
            log.tailPosition();
            phaseEnd(round, "open", start, 0);
        }

        final SumHandler sum = new SumHandler();
        try (Log log = Log.openReadOnly(logDir))
        {
            start = phaseStart();
            log.scan(log.startPosition(), log.tailPosition(), sum);
            phaseEnd(round, "scan-cold", start, events);
            start = phaseStart();
            log.scan(log.startPosition(), log.tailPosition(), sum);
            phaseEnd(round, "scan-warm", start, events);
            final DecodeHandler decode = new DecodeHandler();
            start = phaseStart();
            log.scan(log.startPosition(), log.tailPosition(), decode);
            phaseEnd(round, "decode-warm", start, events);
            for (final String mode : modes)
            {
                job(round, "job-warm-", mode, log, null);
            }
        }
        try (Log log = Log.openReadOnly(
            logDir, LogConfig.builder().checksumVerification(ChecksumVerification.EVERY_READ).build()))
        {
            log.scan(log.startPosition(), log.tailPosition(), sum);
            start = phaseStart();
            log.scan(log.startPosition(), log.tailPosition(), sum);
            phaseEnd(round, "scan-crc", start, events);
        }
        for (final String mode : modes)
        {
            try (Log log = Log.openReadOnly(logDir))
            {
                job(round, "job-cold-", mode, log, null);
            }
            try (Log log = Log.openReadOnly(logDir); TextFileSink file = TextFileSink.csv(resultFile))
            {
                job(round, "file-", mode, log, file);
            }
        }
        if (sum.sum == 42)
        {
            out.println("# (unlikely sum, printed so that the scans are not optimised away)");
        }
    }

    private void job(final int round, final String prefix, final String mode, final Log log, final TextFileSink file)
    {
        final TimedSink sink = new TimedSink(file);
        final long start = phaseStart();
        final JobReport report = Orders5m.define(LogSource.range(log), OrdersWorkload.defaults().maxDelayMillis())
            .sink(sink).build().run(config(mode));
        if (null != file)
        {
            file.flush();
        }
        final long end = System.nanoTime();
        if (report.eventsIn() != events || sink.orders != events)
        {
            throw new IllegalStateException(mode + ": read " + report.eventsIn() + " events, results count " +
                sink.orders + " orders, log holds " + events);
        }
        phaseEnd(round, prefix + mode, start, events);
        if (mode.equals("batch"))
        {
            out.printf(Locale.ROOT, "phase round=%d name=%send-batch ms=%.1f%n", round, prefix,
                (end - sink.firstResultNs) / 1e6);
        }
    }

    private static ExecutionConfig config(final String mode)
    {
        switch (mode)
        {
            case "batch":
                return ExecutionConfig.batch();
            case "micro-batch":
                return ExecutionConfig.microBatch().availableNow(true)
                    .maxRecordsPerBatch(Orders5mBenchmark.MICRO_BATCH_RECORDS);
            case "streaming":
                return ExecutionConfig.streaming();
            default:
                throw new IllegalArgumentException("mode " + mode + " is not one of batch, micro-batch, streaming");
        }
    }

    private long gcMsAtStart;

    private long phaseStart()
    {
        gcMsAtStart = gcMs();
        for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
        {
            if (pool.getType() == MemoryType.HEAP)
            {
                pool.resetPeakUsage();
            }
        }
        return System.nanoTime();
    }

    /**
     * @return the heap pools' peak use since the phase started, added up (an upper bound of the peak heap: each
     * pool's peak may come at another moment), in MiB.
     */
    private static long heapPeakMib()
    {
        long bytes = 0;
        for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
        {
            if (pool.getType() == MemoryType.HEAP)
            {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes >> 20;
    }

    private void phaseEnd(final int round, final String name, final long startNs, final long count)
    {
        final long ns = System.nanoTime() - startNs;
        out.printf(Locale.ROOT, "phase round=%d name=%s ms=%.1f gc-ms=%d heap-peak-mib=%d%s%n", round, name,
            ns / 1e6, gcMs() - gcMsAtStart, heapPeakMib(),
            count == 0 ? "" : String.format(Locale.ROOT, " events/s=%.2fM", count * 1e3 / ns));
    }

    private static long gcMs()
    {
        long ms = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    private static final class SumHandler implements RecordHandler
    {
        long sum;

        public void onRecord(final DirectBuffer buffer, final int offset, final int length, final long position)
        {
            sum += buffer.getLong(offset) + length;
        }
    }

    private static final class DecodeHandler implements RecordHandler
    {
        private final OrderEventCodec codec = new OrderEventCodec();
        long sum;

        public void onRecord(final DirectBuffer buffer, final int offset, final int length, final long position)
        {
            final OrderEvent event = codec.decode(buffer, offset, length);
            sum += event.customerId() + event.amountCents() + event.productId();
        }
    }

    private static final class TimedSink implements ResultSink
    {
        private final TextFileSink file;
        long orders;
        long firstResultNs;

        TimedSink(final TextFileSink file)
        {
            this.file = file;
        }

        public void onResult(final WindowResult result)
        {
            if (firstResultNs == 0)
            {
                firstResultNs = System.nanoTime();
            }
            orders += result.longValue(0);
            if (null != file)
            {
                file.onResult(result);
            }
        }

        public void flush()
        {
            if (null != file)
            {
                file.flush();
            }
        }
    }
}

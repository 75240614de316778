package dev.sluice.examples.compare;

import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.ExecutionMode;
import dev.sluice.core.JobReport;
import dev.sluice.core.Pipeline;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.source.LogSource;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.nio.file.Path;
import java.util.List;

/**
 * One mode's throughput as a user's one-shot job sees it: orders-5m over a log written beforehand, opened afresh
 * ({@link Log#openReadOnly}: new segment mappings, no record checked yet, so every CRC32C is checked on this first
 * read), with state built from nothing, into a {@link LatestResultView}. Timed from opening the log: to the first
 * result, and to the complete result (every window fired, the job ended). MICRO_BATCH takes what the log holds in
 * micro-batches of {@value #MICRO_BATCH_RECORDS} records (available-now); no mode shows running values here.
 */
public final class ThroughputRun
{
    /** Records per micro-batch of the throughput run, as in the cold JMH benchmark. */
    public static final int MICRO_BATCH_RECORDS = 100_000;

    /**
     * What one throughput run measured.
     *
     * @param mode        the mode.
     * @param events      events the job read.
     * @param firstNs     from opening the log to the first result.
     * @param completeNs  from opening the log to the complete result.
     * @param rows        result rows.
     * @param lateDropped events the mode left out as late.
     * @param checksum    the workload page's checksum of the rows.
     */
    public record Result(
        ExecutionMode mode, long events, long firstNs, long completeNs, int rows, long lateDropped, String checksum)
    {
        /**
         * @return events per second of the complete run.
         */
        public double eventsPerSecond()
        {
            return completeNs == 0 ? 0 : events * 1e9 / completeNs;
        }
    }

    private ThroughputRun()
    {
    }

    /**
     * @param logDir         a log of orders, written by this process earlier or by another one.
     * @param maxDelayMillis the watermark bound of the workload that wrote it.
     * @param mode           the mode.
     * @return what it measured.
     */
    public static Result run(final Path logDir, final long maxDelayMillis, final ExecutionMode mode)
    {
        final NanoClock clock = SystemNanoClock.INSTANCE;
        final LatestResultView view = new LatestResultView();
        final ResultProbe probe = new ResultProbe(clock, null);
        final ExecutionConfig config = ExecutionConfig.of(mode);
        if (mode == ExecutionMode.MICRO_BATCH)
        {
            config.availableNow(true).maxRecordsPerBatch(MICRO_BATCH_RECORDS);
        }
        final long startNs = clock.nanoTime();
        final JobReport report;
        try (Log log = Log.openReadOnly(logDir, LogConfig.defaults()))
        {
            report = Orders5m.define(LogSource.range(log), maxDelayMillis).sink(view).sink(probe).build().run(config);
        }
        final long completeNs = clock.nanoTime() - startNs;
        final List<ResultRow> rows = view.rows();
        return new Result(mode, report.eventsIn(), probe.results() == 0 ? completeNs : probe.firstResultNs() - startNs,
            completeNs, rows.size(), report.eventsLate(), Orders5m.checksum(rows));
    }
}

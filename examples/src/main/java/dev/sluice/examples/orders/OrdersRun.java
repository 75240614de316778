package dev.sluice.examples.orders;

import dev.sluice.core.CheckpointConfig;
import dev.sluice.core.CheckpointStats;
import dev.sluice.core.DeliveryGuarantee;
import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.ExecutionMode;
import dev.sluice.core.Job;
import dev.sluice.core.JobReport;
import dev.sluice.core.Pipeline;
import dev.sluice.core.sink.CommittedOutput;
import dev.sluice.core.sink.EpochFileSink;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.sink.TextFileSink;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.source.LogSource;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;

/**
 * The orders workload end to end, for the command line and tests: write the generated events into a log, run
 * orders-5m over it in one mode into a {@link LatestResultView}, and compute the checksum. Not thread-safe.
 *
 * <p>Every run that takes a directory first has it checked by {@link OrdersRunDirectory#prepare}: a directory holds
 * one run of one workload, recorded in its manifest, and another workload's directory, a directory of someone else's
 * files, or too little space is refused before anything is written. A directory of the same workload is resumed in
 * any mode, with or without checkpoints: the generator is deterministic, so the events its log holds are skipped and
 * only the rest appended.
 *
 * <p>Interrupting the thread that runs one of these stops the writing between two events with a
 * {@link CancellationException}, and the log is closed on the way out; the query of
 * {@link #writeAndQuery} runs to its end.
 */
public final class OrdersRun
{
    private OrdersRun()
    {
    }

    /**
     * What one run produced.
     *
     * @param mode     the mode.
     * @param report   the job's report.
     * @param rows     latest result rows.
     * @param sha256   checksum of the rows.
     * @param writeNs  time spent writing the log.
     * @param eventsWritten events this run appended (fewer than the workload's when its log held some already).
     * @param queryNs  time spent on the query: building and running the job (its report's elapsed time is the
     *                 run alone), collecting the rows and computing their checksum.
     */
    public record Result(
        ExecutionMode mode, JobReport report, List<ResultRow> rows, String sha256, long writeNs, long eventsWritten,
        long queryNs)
    {
        /**
         * @return {@code mode=<mode> events=<N> rows=<R> late=<L> sha256=<hex>}.
         */
        public String summaryLine()
        {
            return "mode=" + modeName(mode) + " events=" + report.eventsIn() + " rows=" + rows.size() +
                " late=" + report.eventsLate() + " sha256=" + sha256;
        }
    }

    /**
     * @param name batch, micro-batch or streaming (case-insensitive, '_' accepted for '-').
     * @return the mode.
     */
    public static ExecutionMode parseMode(final String name)
    {
        switch (name.toLowerCase(Locale.ROOT).replace('_', '-'))
        {
            case "batch":
                return ExecutionMode.BATCH;
            case "micro-batch":
            case "microbatch":
                return ExecutionMode.MICRO_BATCH;
            case "streaming":
                return ExecutionMode.STREAMING;
            default:
                throw new IllegalArgumentException(
                    "mode '" + name + "' is not one of batch, micro-batch, streaming");
        }
    }

    /**
     * @param mode a mode.
     * @return its command-line name.
     */
    public static String modeName(final ExecutionMode mode)
    {
        return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param log      a fresh log opened for writing.
     * @param workload the events to append.
     * @return events written.
     */
    public static long writeLog(final Log log, final OrdersWorkload workload)
    {
        return new OrdersLogWriter(log.appender()).write(new OrdersGenerator(workload), workload.count());
    }

    /**
     * Append the events of {@code workload} that {@code log} does not hold yet. The producer is idempotent: the
     * generator is deterministic, so the events the log holds (its durable tail, cut back to the last whole record on
     * open) are skipped, not appended again.
     *
     * @param log      a log opened for writing that holds a prefix of the workload (its directory's manifest says so).
     * @param workload the workload.
     * @return events appended.
     */
    public static long completeLog(final Log log, final OrdersWorkload workload)
    {
        final long before = log.recordCount();
        if (before > workload.count())
        {
            throw new IllegalArgumentException("the log in " + log.directory() + " holds " + before + " events, " +
                "more than the workload's " + workload.count() + ": it is not this workload's log");
        }
        final OrdersGenerator generator = new OrdersGenerator(workload);
        final OrderEvent skipped = new OrderEvent();
        for (long i = 0; i < before; i++)
        {
            generator.next(skipped);
        }
        return new OrdersLogWriter(log.appender()).write(generator, workload.count() - before);
    }

    /**
     * @param log      a log holding the orders.
     * @param workload the workload (its maxDelayMillis is the watermark bound).
     * @param config   how to run.
     * @return the result, with checksum.
     */
    public static Result query(final Log log, final OrdersWorkload workload, final ExecutionConfig config)
    {
        final long start = System.nanoTime();
        final LatestResultView view = new LatestResultView();
        final Pipeline pipeline = Orders5m.define(LogSource.range(log), workload.maxDelayMillis())
            .sink(view)
            .build();
        final JobReport report = pipeline.run(config);
        final List<ResultRow> rows = view.rows();
        final String sha256 = Orders5m.checksum(rows);
        return new Result(config.mode(), report, rows, sha256, 0, 0, System.nanoTime() - start);
    }

    /**
     * Query while a writer thread appends: the job follows the log's tail ({@link ExecutionMode#STREAMING} or
     * {@link ExecutionMode#MICRO_BATCH}) as the events arrive, so latency from append to result is real; when the
     * writer is done and every event was read, the job drains (fires what is still open).
     *
     * @param dir      the run's directory (see {@link OrdersRunDirectory#prepare}).
     * @param workload the workload.
     * @param config   how to run; BATCH is refused (it reads a range bounded when it starts).
     * @return the result; {@code writeNs} is the writer's time.
     */
    public static Result writeWhileQuerying(final Path dir, final OrdersWorkload workload, final ExecutionConfig config)
    {
        if (config.mode() == ExecutionMode.BATCH)
        {
            throw new IllegalArgumentException("BATCH reads a range bounded when it starts, so it cannot follow a " +
                "writer; run the writer first (writeAndQuery) or use micro-batch or streaming");
        }
        OrdersRunDirectory.prepare(dir, workload);
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            final LatestResultView view = new LatestResultView();
            final Pipeline pipeline = Orders5m.define(LogSource.tail(log), workload.maxDelayMillis())
                .sink(view)
                .build();
            final Throwable[] writerError = new Throwable[1];
            final long[] writeNs = new long[1];
            final long[] written = new long[1];
            final Thread writer = new Thread(() ->
            {
                try
                {
                    final long start = System.nanoTime();
                    written[0] = completeLog(log, workload);
                    writeNs[0] = System.nanoTime() - start;
                }
                catch (final Throwable ex)
                {
                    writerError[0] = ex;
                }
            }, "orders-writer");

            final long queryStart = System.nanoTime();
            final JobReport report;
            try (Job job = pipeline.newJob(config))
            {
                final IdleStrategy idle = config.idleStrategy();
                writer.start();
                while (job.recordsIn() < workload.count() && (writer.isAlive() || job.recordsIn() < log.recordCount()))
                {
                    if (Thread.interrupted())
                    {
                        throw new CancellationException("the orders job was interrupted after " +
                            job.recordsIn() + " events");
                    }
                    idle.idle(job.doWork());
                }
                joinUninterruptibly(writer);
                if (null != writerError[0])
                {
                    throw new IllegalStateException("orders writer failed: " + writerError[0], writerError[0]);
                }
                report = job.drain();
            }
            finally
            {
                // the writer appends into a mapped segment: the log must not close under it, so stop it and wait
                if (writer.isAlive())
                {
                    writer.interrupt();
                }
                joinUninterruptibly(writer);
            }
            final List<ResultRow> rows = view.rows();
            final String sha256 = Orders5m.checksum(rows);
            return new Result(config.mode(), report, rows, sha256, writeNs[0], written[0],
                System.nanoTime() - queryStart);
        }
    }

    /**
     * Waits for {@code thread} however often this one is interrupted, and keeps the interrupt for the caller: a
     * thread that may still append must be gone before its log is closed.
     *
     * @param thread a thread told to end.
     */
    public static void joinUninterruptibly(final Thread thread)
    {
        boolean interrupted = false;
        while (true)
        {
            try
            {
                thread.join();
                break;
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What a durable (checkpointed) run produced.
     *
     * @param result        mode, report and the rows and checksum read back from the durable output in the
     *                      directory (not from memory).
     * @param output        what the durable output holds: results, duplicates, gaps.
     * @param checkpoints   what checkpointing did in this process (restored from, taken, time, size).
     * @param eventsInLog   events the log already held when this process started.
     * @param eventsWritten events this process appended.
     */
    public record DurableResult(
        Result result, CommittedOutput output, CheckpointStats checkpoints, long eventsInLog, long eventsWritten)
    {
    }

    /**
     * @param dir a durable run's directory.
     * @return where its checkpoints go.
     */
    public static Path checkpointDirectory(final Path dir)
    {
        return dir.resolve("checkpoints");
    }

    /**
     * @param dir a durable run's directory.
     * @return where its output goes: committed {@code part-<epoch>.csv} files (exactly-once), or
     * {@code results.csv} (at-least-once).
     */
    public static Path outputDirectory(final Path dir)
    {
        return dir.resolve("output");
    }

    /**
     * The restartable run of the command line: the log, the checkpoints and the output all live in {@code dir}, so
     * running this again after a kill at any moment resumes and ends as an uninterrupted run would.
     * <ol>
     *   <li>The directory is checked ({@link OrdersRunDirectory#prepare}): one of another workload is refused.</li>
     *   <li>The log is written idempotently ({@link #completeLog}): no event twice, none missing. So a directory
     *       that a run without checkpoints wrote is resumed too: its log is kept, and with no checkpoint yet the
     *       query starts at the log's start.</li>
     *   <li>The query restores the newest valid checkpoint in {@code checkpointDirectory(dir)}, if any, and
     *       continues from its source position; with {@link DeliveryGuarantee#EXACTLY_ONCE} its output is an
     *       {@link EpochFileSink} in {@code outputDirectory(dir)}, with at-least-once an appending CSV file.</li>
     *   <li>The rows and checksum are computed from the durable output, read back from the files.</li>
     * </ol>
     *
     * @param dir      the run's directory (created if needed).
     * @param workload the workload; must be the one the directory's log was written with.
     * @param config   how to run; its {@link ExecutionConfig#checkpointing()} must be set, with its directory
     *                 {@code checkpointDirectory(dir)} (or any other).
     * @return what the run produced.
     */
    public static DurableResult writeAndQueryDurably(
        final Path dir, final OrdersWorkload workload, final ExecutionConfig config)
    {
        final CheckpointConfig checkpointing = config.checkpointing();
        if (null == checkpointing)
        {
            throw new IllegalArgumentException("a durable run needs ExecutionConfig.checkpointing(...)");
        }
        OrdersRunDirectory.prepare(dir, workload);
        final Path outputDir = createOutputDirectory(dir);

        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            final long before = log.recordCount();
            final long start = System.nanoTime();
            final long written = completeLog(log, workload);
            final long writeNs = System.nanoTime() - start;

            final long queryStart = System.nanoTime();
            final boolean exactlyOnce = checkpointing.guarantee() == DeliveryGuarantee.EXACTLY_ONCE;
            final ResultSink sink = durableSink(outputDir, exactlyOnce);
            final Pipeline pipeline = Orders5m.define(LogSource.range(log), workload.maxDelayMillis())
                .sink(sink)
                .build();
            final JobReport report;
            final CheckpointStats stats;
            try (Job job = pipeline.newJob(config))
            {
                report = job.run();
                stats = job.checkpointStats();
            }
            finally
            {
                ((AutoCloseable)sink).close();
            }
            final CommittedOutput output = readDurable(outputDir, exactlyOnce, pipeline.schema());
            final List<ResultRow> rows = output.rows();
            final String sha256 = Orders5m.checksum(rows);
            return new DurableResult(
                new Result(config.mode(), report, rows, sha256, writeNs, written, System.nanoTime() - queryStart),
                output, stats, before, written);
        }
        catch (final Exception ex)
        {
            if (ex instanceof RuntimeException)
            {
                throw (RuntimeException)ex;
            }
            throw new IllegalStateException("closing the sink failed: " + ex, ex);
        }
    }

    /**
     * @return {@code outputDirectory(dir)}, made if needed.
     */
    static Path createOutputDirectory(final Path dir)
    {
        final Path outputDir = outputDirectory(dir);
        try
        {
            Files.createDirectories(outputDir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create output directory " + outputDir + ": " +
                OrdersRunDirectory.reason(ex), ex);
        }
        return outputDir;
    }

    /**
     * @return the sink of a durable run: committed part files (exactly-once), or one appended CSV file.
     */
    static ResultSink durableSink(final Path outputDir, final boolean exactlyOnce)
    {
        return exactlyOnce ? new EpochFileSink(outputDir) : TextFileSink.csvAppending(outputDir.resolve("results.csv"));
    }

    /**
     * @return what the output of a durable run holds, read back from its files.
     */
    static CommittedOutput readDurable(
        final Path outputDir, final boolean exactlyOnce, final dev.sluice.core.sink.ResultSchema schema)
    {
        return exactlyOnce ? CommittedOutput.readEpochFiles(outputDir, schema) :
            CommittedOutput.readCsv(outputDir.resolve("results.csv"), schema);
    }

    /**
     * Write the workload into the log in {@code dir} (the events it does not hold yet), then query all of it.
     *
     * @param dir      the run's directory (see {@link OrdersRunDirectory#prepare}).
     * @param workload the workload.
     * @param config   how to run the query.
     * @return the result.
     */
    public static Result writeAndQuery(final Path dir, final OrdersWorkload workload, final ExecutionConfig config)
    {
        OrdersRunDirectory.prepare(dir, workload);
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            final long start = System.nanoTime();
            final long written = completeLog(log, workload);
            final long writeNs = System.nanoTime() - start;
            final Result result = query(log, workload, config);
            return new Result(result.mode(), result.report(), result.rows(), result.sha256(), writeNs, written,
                result.queryNs());
        }
    }
}

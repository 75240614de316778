package dev.sluice.examples.compare;

import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.ExecutionMode;
import dev.sluice.core.JobReport;
import dev.sluice.core.ParallelJob;
import dev.sluice.core.Parallelism;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.source.LogSource;
import dev.sluice.core.source.PartitionedLogSource;
import dev.sluice.core.source.Source;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import dev.sluice.log.PartitionedLog;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One mode's throughput as a user's one-shot job sees it: orders-5m over a log written beforehand, opened afresh
 * ({@link Log#openReadOnly}: new segment mappings, no record checked yet, so every CRC32C is checked on this first
 * read), with state built from nothing, into a {@link LatestResultView}. Timed from opening the log: to the first
 * result, and to the complete result (every window fired, the job ended). MICRO_BATCH takes what the log holds in
 * micro-batches of {@value #MICRO_BATCH_RECORDS} records (available-now); no mode shows running values here.
 *
 * <p>At parallelism 1 the job runs on one thread ({@code Pipeline.run}) over the one log; at P &gt; 1 it is a
 * {@link ParallelJob} of P workers over the same orders in P partitions by (product, region), as {@code sluice orders
 * --parallelism P --partitions P} runs it: each worker reads the partition of its own keys and nothing crosses
 * between them, which is how a pipeline scales (over one log, worker 0 would read and route every record). Without
 * late events the checksum is P = 1's; with them each partition judges lateness by its own watermark, so the late
 * count may differ from the one log's.
 *
 * <p>{@link #runInFreshJvm} runs it in a child JVM of its own, as a one-shot process would: the JIT and the heap
 * start cold for every mode alike, so that no mode gains from one that ran before it in the same JVM.
 */
public final class ThroughputRun
{
    /** Records per micro-batch of the throughput run, as in the cold JMH benchmark. */
    public static final int MICRO_BATCH_RECORDS = 100_000;

    /**
     * What one throughput run measured.
     *
     * @param mode        the mode.
     * @param parallelism the workers: 1 for the job on one thread.
     * @param events      events the job read.
     * @param firstNs     from opening the log to the first result.
     * @param completeNs  from opening the log to the complete result.
     * @param rows        result rows.
     * @param lateDropped events the mode left out as late.
     * @param checksum    the workload page's checksum of the rows.
     */
    public record Result(
        ExecutionMode mode, int parallelism, long events, long firstNs, long completeNs, int rows, long lateDropped,
        String checksum)
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
     * @param logDir         a log of orders, written by this process earlier or by another one; at P &gt; 1 a
     *                       partitioned log of P partitions by key.
     * @param maxDelayMillis the watermark bound of the workload that wrote it.
     * @param mode           the mode.
     * @param parallelism    1 for the job on one thread, else the workers of a {@link ParallelJob}.
     * @return what it measured.
     */
    public static Result run(
        final Path logDir, final long maxDelayMillis, final ExecutionMode mode, final int parallelism)
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
        if (parallelism == 1)
        {
            try (Log log = Log.openReadOnly(logDir, LogConfig.defaults()))
            {
                report = Orders5m.define(LogSource.range(log), maxDelayMillis).sink(view).sink(probe).build()
                    .run(config);
            }
        }
        else
        {
            try (PartitionedLog log = PartitionedLog.openReadOnly(logDir, LogConfig.defaults()))
            {
                final Source source = PartitionedLogSource.range(log);
                // the pipeline once per worker (codecs are not thread-safe), the same sinks: the sink thread (this
                // one) is the only one that calls them
                try (ParallelJob job = ParallelJob.create(
                    () -> Orders5m.define(source, maxDelayMillis).sink(view).sink(probe).build(), config,
                    Parallelism.of(parallelism)))
                {
                    report = job.run();
                }
            }
        }
        final long completeNs = clock.nanoTime() - startNs;
        final List<ResultRow> rows = view.rows();
        return new Result(mode, parallelism, report.eventsIn(),
            probe.results() == 0 ? completeNs : probe.firstResultNs() - startNs,
            completeNs, rows.size(), report.eventsLate(), Orders5m.checksum(rows));
    }

    /** The flag every JVM running Sluice needs (Agrona 2.x reaches jdk.internal.misc.Unsafe). */
    private static final String ADD_EXPORTS = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    private static final String RESULT_PREFIX = "throughput-result ";
    private static final long CHILD_TIMEOUT_MINUTES = 30;

    /**
     * {@link #run} in a fresh JVM: this JVM's java, class path and flags (less a debugger, a class-archive dump, a
     * flight recording or a log file),
     * the result read back from the child's last line.
     *
     * @param logDir         a log of orders.
     * @param maxDelayMillis the watermark bound of the workload that wrote it.
     * @param mode           the mode.
     * @param parallelism    1 for the job on one thread, else the workers of a {@link ParallelJob}.
     * @return what it measured, the child JVM's start not included.
     */
    public static Result runInFreshJvm(
        final Path logDir, final long maxDelayMillis, final ExecutionMode mode, final int parallelism)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            // not a debugger's port, a class archive's dump or a recording or log file: the child would take over
            // this JVM's
            if (!argument.startsWith("-agentlib:jdwp") && !argument.startsWith("-XX:ArchiveClassesAtExit") &&
                !argument.startsWith("-XX:StartFlightRecording") && !(argument.startsWith("-Xlog") &&
                argument.contains("file=")))
            {
                command.add(argument);
            }
        }
        command.add(ADD_EXPORTS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ThroughputRun.class.getName());
        command.add(logDir.toAbsolutePath().toString());
        command.add(Long.toString(maxDelayMillis));
        command.add(mode.name());
        command.add(Integer.toString(parallelism));
        try
        {
            final Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String output;
            try
            {
                output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!child.waitFor(CHILD_TIMEOUT_MINUTES, TimeUnit.MINUTES))
                {
                    child.destroyForcibly();
                    throw new IllegalStateException("the " + mode + " throughput run did not end within " +
                        CHILD_TIMEOUT_MINUTES + " minutes");
                }
            }
            finally
            {
                child.destroyForcibly();
            }
            final int at = output.lastIndexOf(RESULT_PREFIX);
            if (child.exitValue() != 0 || at < 0)
            {
                throw new IllegalStateException("the " + mode + " throughput run at parallelism " + parallelism +
                " in a child JVM failed (exit " +
                    child.exitValue() + "): " + output.trim());
            }
            final String[] f = output.substring(at + RESULT_PREFIX.length()).trim().split(" ");
            return new Result(ExecutionMode.valueOf(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]),
                Long.parseLong(f[3]), Long.parseLong(f[4]), Integer.parseInt(f[5]), Long.parseLong(f[6]), f[7]);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start a JVM for the " + mode + " throughput run: " + ex, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted waiting for the " + mode +
                " throughput run");
        }
    }

    /**
     * The child JVM of {@link #runInFreshJvm}: runs one mode and prints its result as the last line.
     *
     * @param args the log directory, the watermark bound in ms, the mode's name, the parallelism.
     */
    public static void main(final String[] args)
    {
        final Result result = run(Path.of(args[0]), Long.parseLong(args[1]), ExecutionMode.valueOf(args[2]),
            Integer.parseInt(args[3]));
        System.out.println(RESULT_PREFIX + result.mode() + " " + result.parallelism() + " " + result.events() + " " +
            result.firstNs() + " " + result.completeNs() + " " + result.rows() + " " + result.lateDropped() + " " + result.checksum());
    }
}

package dev.sluice.examples;

import dev.sluice.core.CheckpointConfig;
import dev.sluice.core.DeliveryGuarantee;
import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.ExecutionMode;
import dev.sluice.core.Parallelism;
import dev.sluice.examples.json.OrderJsonWriter;
import dev.sluice.examples.orders.OrdersGenerator;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersParallelRun;
import dev.sluice.examples.orders.OrdersRun;
import dev.sluice.examples.orders.OrdersRunDirectory;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.examples.orders.RunDirectoryRefusedException;
import dev.sluice.log.LogWriterHeldException;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code sluice orders}: write the orders workload (examples/workloads/orders.md) into a log and run the
 * {@code orders-5m} query over it in one execution mode. The last line of output is exactly
 * {@code mode=<mode> events=<N> rows=<R> late=<L> sha256=<hex>}; earlier lines give timings and the job report.
 * With {@code --format json --out F} it only writes the workload as the JSON lines of
 * examples/workloads/orders-json.md ({@link OrderJsonWriter#writeLines}). The work is in {@link OrdersRun} and
 * {@link OrderJsonWriter}; this class only parses options.
 */
@Command(
    name = "orders",
    mixinStandardHelpOptions = true,
    description = {
        "Write the orders workload into a log and run the orders-5m query over it in one mode (or, with --format " +
            "json, only write the workload as JSON lines).",
        "The last line is 'mode=<mode> events=<N> rows=<R> late=<L> sha256=<hex>'."})
public final class OrdersCommand implements Callable<Integer>
{
    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "batch",
        description = "batch, micro-batch or streaming (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--dir", paramLabel = "D",
        description = "Directory of the run (default: a fresh temporary directory, deleted afterwards, also on " +
            "Ctrl-C or SIGTERM). New or empty, or one an earlier run of the same workload made: its log is then " +
            "reused (the events it holds are not written again), in any mode, with or without --checkpoint-every. " +
            "D/" + OrdersRunDirectory.MANIFEST_FILE + " records the workload and the query; a directory of another " +
            "workload, or one holding files sluice did not write, is refused and left as it was.")
    Path dir;

    @CommandLine.Mixin
    OrdersWorkloadOptions workloadOptions;

    @Option(names = "--max-records-per-batch", paramLabel = "N", defaultValue = "100000",
        description = "micro-batch: most records per micro-batch, 0 for all available (default: ${DEFAULT-VALUE}).")
    int maxRecordsPerBatch;

    @Option(names = "--trigger-interval-millis", paramLabel = "MS", defaultValue = "0",
        description = "micro-batch: processing time between triggers, 0 for back to back (default: ${DEFAULT-VALUE}).")
    long triggerIntervalMillis;

    @Option(names = "--poll-limit", paramLabel = "N", defaultValue = "256",
        description = "streaming: most records per duty cycle; the watermark still advances after every event " +
            "(default: ${DEFAULT-VALUE}).")
    int pollLimit;

    @Option(names = "--idle", paramLabel = "STRATEGY", defaultValue = "backoff",
        description = "Idle strategy when there is no work: spin, yield or backoff (default: ${DEFAULT-VALUE}).")
    String idle;

    @Option(names = "--checkpoint-every", paramLabel = "N|Tms|Ts",
        description = "Checkpoint every N events (e.g. 50000) or every T of processing time (e.g. 200ms, 1s), " +
            "into --dir D, which then holds the log, checkpoints/ and output/. Rerunning the same command after a " +
            "kill resumes from the newest valid checkpoint; the last line is computed from the committed output " +
            "files in D/output. A D that a run without --checkpoint-every wrote is resumed too: its log is kept " +
            "and the query starts from the beginning. micro-batch checkpoints at the first micro-batch boundary " +
            "where one is due; batch only at its end.")
    String checkpointEvery;

    @Option(names = "--guarantee", paramLabel = "G",
        description = "Only with --checkpoint-every (refused without: a run without checkpoints has no durable " +
            "output to guarantee): exactly-once (committed part files with a seq identity column) or " +
            "at-least-once (one appended CSV; results after the last checkpoint repeat after a restore) " +
            "(default: exactly-once).")
    String guarantee;

    @Option(names = "--concurrent",
        description = "micro-batch, streaming: a writer thread appends while the job follows the log's tail, so " +
            "latency from append to result is real (default: write everything first).")
    boolean concurrent;

    @Option(names = "--parallelism", paramLabel = "P",
        description = "Run the query on P worker threads (1.." + Parallelism.MAX_WORKERS + "), each owning the " +
            "(product, region) keys of its key groups, with the results of one thread (default: the job on one " +
            "thread). A directory checkpointed with --parallelism resumes with --parallelism, at any P.")
    Integer parallelism;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "1",
        description = "Write the orders into a partitioned log of N partitions, routed by (product, region), one " +
            "producer thread per partition, and query it on the parallel runner (with --parallelism P, or P = N); " +
            "lateness is then judged per partition. Recorded in D's manifest (default: ${DEFAULT-VALUE}, one log).")
    int partitions;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "binary",
        description = "binary: write the workload into a log and run orders-5m over it (default); json: only write " +
            "it as JSON lines (examples/workloads/orders-json.md) to --out, for 'sluice ingest'.")
    String format;

    @Option(names = "--out", paramLabel = "F",
        description = "With --format json: the file the JSON lines go to, replaced if it exists; '-' for standard " +
            "output.")
    String out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public Integer call()
    {
        final ExecutionMode executionMode;
        final OrdersWorkload workload;
        final ExecutionConfig config;
        try
        {
            executionMode = OrdersRun.parseMode(mode);
            workload = workloadOptions.workload();
            if (isJson())
            {
                return writeJson(workload);
            }
            config = ExecutionConfig.of(executionMode)
                .maxRecordsPerBatch(maxRecordsPerBatch)
                .triggerInterval(triggerIntervalMillis, TimeUnit.MILLISECONDS)
                .pollLimit(pollLimit)
                .idleStrategy(idleStrategy(idle));
            final DeliveryGuarantee deliveryGuarantee =
                null == guarantee ? DeliveryGuarantee.EXACTLY_ONCE : parseGuarantee(guarantee);
            if (null == checkpointEvery && null != guarantee)
            {
                throw new IllegalArgumentException("--guarantee " + guarantee + " applies only to a checkpointed " +
                    "run, which has durable output to guarantee: add --checkpoint-every N (with --dir D), or drop " +
                    "--guarantee");
            }
            if (null != checkpointEvery)
            {
                if (null == dir)
                {
                    throw new IllegalArgumentException("--checkpoint-every needs --dir D: the log, checkpoints and " +
                        "output must outlive the process to resume from");
                }
                if (concurrent)
                {
                    throw new IllegalArgumentException("--checkpoint-every writes the log first, then queries it: " +
                        "drop --concurrent");
                }
                config.checkpointing(checkpointConfig(checkpointEvery, deliveryGuarantee,
                    OrdersRun.checkpointDirectory(dir)));
            }
            if (partitions < 1 || partitions > 4096)
            {
                throw new IllegalArgumentException("--partitions " + partitions + " is outside 1..4096");
            }
            if (null != parallelism && (parallelism < 1 || parallelism > Parallelism.MAX_WORKERS))
            {
                throw new IllegalArgumentException("--parallelism " + parallelism + " is outside 1.." +
                    Parallelism.MAX_WORKERS);
            }
            if (concurrent && executionMode == ExecutionMode.BATCH)
            {
                throw new IllegalArgumentException("--concurrent needs --mode micro-batch or streaming: batch reads " +
                    "a range bounded when it starts");
            }
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
        }

        TemporaryRunDirectory temporary = null;
        try
        {
            if (null == dir)
            {
                temporary = TemporaryRunDirectory.create("sluice-orders-");
            }
            final Path runDir = null == temporary ? dir : temporary.path();
            // before any work: a directory of another run, of someone's files, or too small is refused untouched
            OrdersRunDirectory.prepare(runDir, workload, partitions);
            if (null != parallelism || partitions > 1)
            {
                final int workers = null != parallelism ? parallelism : Math.min(partitions, Parallelism.MAX_WORKERS);
                if (null != config.checkpointing())
                {
                    print(OrdersParallelRun.writeAndQueryDurably(runDir, workload, config, partitions, workers),
                        runDir);
                }
                else
                {
                    print(concurrent ?
                        OrdersParallelRun.writeWhileQuerying(runDir, workload, config, partitions, workers) :
                        OrdersParallelRun.writeAndQuery(runDir, workload, config, partitions, workers),
                        runDir, workload);
                }
            }
            else if (null != config.checkpointing())
            {
                runDurably(runDir, workload, config);
            }
            else
            {
                run(runDir, workload, config);
            }
            return 0;
        }
        catch (final RuntimeException ex)
        {
            if (null != temporary && temporary.signalled())
            {
                // stopped by SIGINT or SIGTERM: the error is the stop's; close(), below, waits for the JVM's halt,
                // which exits with the signal's status
                return 1;
            }
            final PrintWriter err = spec.commandLine().getErr();
            if (ex instanceof RunDirectoryRefusedException)
            {
                err.println(spec.commandLine().getColorScheme().errorText("sluice: " + ex.getMessage()));
                err.flush();
                return 2;
            }
            if (ex instanceof LogWriterHeldException)
            {
                // the log's message advises the API (Log.openReadOnly); at the command line the way out is this
                err.println(spec.commandLine().getColorScheme().errorText("sluice: another sluice process is " +
                    "using " + dir + "; wait for it or give another --dir"));
                err.flush();
                return 1;
            }
            throw ex;
        }
        finally
        {
            if (null != temporary)
            {
                temporary.close();
            }
        }
    }

    private boolean isJson()
    {
        switch (format)
        {
            case "binary":
                if (null != out)
                {
                    throw new IllegalArgumentException("--out applies to --format json: the binary format writes " +
                        "its log into --dir");
                }
                return false;
            case "json":
                if (null == out)
                {
                    throw new IllegalArgumentException("--format json needs --out F (or --out - for standard output)");
                }
                for (final String option : new String[]{"--dir", "--mode", "--checkpoint-every", "--guarantee",
                    "--concurrent", "--max-records-per-batch", "--trigger-interval-millis", "--poll-limit", "--idle",
                    "--parallelism", "--partitions"})
                {
                    if (spec.commandLine().getParseResult().hasMatchedOption(option))
                    {
                        throw new IllegalArgumentException(option + " applies to a run of the query; --format json " +
                            "only writes the workload's JSON lines: drop " + option);
                    }
                }
                return true;
            default:
                throw new IllegalArgumentException("--format " + format + " is not one of binary, json");
        }
    }

    private int writeJson(final OrdersWorkload workload)
    {
        final boolean stdout = "-".equals(out);
        final long startNs = System.nanoTime();
        final long bytes;
        try (OutputStream stream = stdout ? new StandardOutput() : Files.newOutputStream(Paths.get(out)))
        {
            bytes = OrderJsonWriter.writeLines(new OrdersGenerator(workload), stream);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + (stdout ? "standard output" : out) + ": " +
                OrdersRunDirectory.reason(ex), ex);
        }
        // with --out - the lines are the output: the summary goes to standard error
        final PrintWriter summary = stdout ? spec.commandLine().getErr() : spec.commandLine().getOut();
        summary.printf(Locale.ROOT, "wrote %d events as JSON lines (%.1f MB) to %s in %d ms%n", workload.count(),
            bytes / 1e6, stdout ? "standard output" : out, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
        summary.flush();
        return 0;
    }

    /** Standard output, flushed but left open when the JSON lines are done. */
    private static final class StandardOutput extends java.io.FilterOutputStream
    {
        StandardOutput()
        {
            super(System.out);
        }

        public void write(final byte[] b, final int off, final int len) throws IOException
        {
            out.write(b, off, len);
        }

        public void close() throws IOException
        {
            flush();
        }
    }

    private void runDurably(final Path runDir, final OrdersWorkload workload, final ExecutionConfig config)
    {
        print(OrdersRun.writeAndQueryDurably(runDir, workload, config), runDir);
    }

    private void print(final OrdersRun.DurableResult durable, final Path runDir)
    {
        final PrintWriter out = spec.commandLine().getOut();
        final OrdersRun.Result result = durable.result();
        out.printf("log %s: %d events were durable already, appended %d in %d ms%n", runDir, durable.eventsInLog(),
            durable.eventsWritten(), TimeUnit.NANOSECONDS.toMillis(result.writeNs()));
        out.println(durable.checkpoints());
        out.printf("durable output %s: %d files, %d results, %d rows, duplicates=%d, gap=%s%n",
            OrdersRun.outputDirectory(runDir), durable.output().files(), durable.output().results(),
            result.rows().size(), durable.output().duplicates(),
            durable.output().firstGap() < 0 ? "none" : "at seq " + durable.output().firstGap());
        out.println(result.report());
        out.println(timings(result));
        out.println(result.summaryLine());
        out.flush();
    }

    private void run(final Path runDir, final OrdersWorkload workload, final ExecutionConfig config)
    {
        print(concurrent ?
            OrdersRun.writeWhileQuerying(runDir, workload, config) :
            OrdersRun.writeAndQuery(runDir, workload, config), runDir, workload);
    }

    private void print(final OrdersRun.Result result, final Path runDir, final OrdersWorkload workload)
    {
        final PrintWriter out = spec.commandLine().getOut();
        final long written = result.eventsWritten();
        out.printf("wrote %d events to %s in %d ms (%.0f events/s)%s%n", written, runDir,
            TimeUnit.NANOSECONDS.toMillis(result.writeNs()),
            result.writeNs() == 0 ? 0.0 : written * 1e9 / result.writeNs(),
            written < workload.count() ? "; the log held the other " + (workload.count() - written) + " already" : "");
        out.println(result.report());
        out.println(timings(result));
        out.println(result.summaryLine());
        out.flush();
    }

    /**
     * @return {@code time write-ms=.. job-ms=.. rows-and-checksum-ms=.. process-ms=..}: where the run's wall time
     * went. process-ms counts from the launcher's start ({@link #LAUNCHED_PROPERTY}, set by ./sluice) or else from
     * the JVM's, so it includes starting the JVM and everything before and after the query.
     */
    static String timings(final OrdersRun.Result result)
    {
        final long jobMs = TimeUnit.NANOSECONDS.toMillis(result.report().elapsedNs());
        final long queryMs = TimeUnit.NANOSECONDS.toMillis(result.queryNs());
        return "time write-ms=" + TimeUnit.NANOSECONDS.toMillis(result.writeNs()) + " job-ms=" + jobMs +
            " rows-and-checksum-ms=" + Math.max(0, queryMs - jobMs) + " process-ms=" + processMillis();
    }

    /** System property with the epoch microseconds at which ./sluice started, before its build check. */
    static final String LAUNCHED_PROPERTY = "sluice.launchedMicros";

    private static long processMillis()
    {
        final long nowMs = System.currentTimeMillis();
        final String launched = System.getProperty(LAUNCHED_PROPERTY);
        if (null != launched)
        {
            try
            {
                return nowMs - Long.parseLong(launched.trim()) / 1000;
            }
            catch (final NumberFormatException ignored)
            {
                // not from ./sluice: fall back to the JVM's own start
            }
        }
        return ProcessHandle.current().info().startInstant()
            .map(start -> nowMs - start.toEpochMilli())
            .orElse(-1L);
    }

    /**
     * @param every     "50000" (events), "200ms" or "1s" (processing time).
     * @param guarantee what the output guarantees.
     * @param directory where the checkpoints go.
     * @return the checkpoint configuration of the orders-5m job.
     */
    static CheckpointConfig checkpointConfig(
        final String every, final DeliveryGuarantee guarantee, final Path directory)
    {
        final CheckpointConfig config = CheckpointConfig.in(directory).identity(Orders5m.NAME, Orders5m.VERSION)
            .guarantee(guarantee);
        final String value = every.trim().toLowerCase(java.util.Locale.ROOT);
        try
        {
            if (value.endsWith("ms"))
            {
                config.everyInterval(Long.parseLong(value.substring(0, value.length() - 2)), TimeUnit.MILLISECONDS);
            }
            else if (value.endsWith("s"))
            {
                config.everyInterval(Long.parseLong(value.substring(0, value.length() - 1)), TimeUnit.SECONDS);
            }
            else
            {
                config.everyRecords(Long.parseLong(value));
            }
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("--checkpoint-every " + every + " is neither a number of events " +
                "(50000) nor a time (200ms, 1s)");
        }
        return config;
    }

    /**
     * @param name exactly-once or at-least-once (case-insensitive, '_' accepted for '-').
     * @return the guarantee.
     */
    static DeliveryGuarantee parseGuarantee(final String name)
    {
        switch (name.toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
        {
            case "exactly-once":
                return DeliveryGuarantee.EXACTLY_ONCE;
            case "at-least-once":
                return DeliveryGuarantee.AT_LEAST_ONCE;
            default:
                throw new IllegalArgumentException("--guarantee " + name + " is not one of exactly-once, " +
                    "at-least-once");
        }
    }

    private static IdleStrategy idleStrategy(final String name)
    {
        switch (name)
        {
            case "spin":
                return new BusySpinIdleStrategy();
            case "yield":
                return new YieldingIdleStrategy();
            case "backoff":
                return new BackoffIdleStrategy();
            default:
                throw new IllegalArgumentException("--idle " + name + " is not one of spin, yield, backoff");
        }
    }
}

package dev.sluice.examples;

import dev.sluice.core.CheckpointConfig;
import dev.sluice.core.DeliveryGuarantee;
import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.ExecutionMode;
import dev.sluice.core.JobReport;
import dev.sluice.core.orders.OrdersRun;
import dev.sluice.core.orders.OrdersWorkload;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code sluice orders}: write the orders workload (shared/workloads/orders.md) into a log and run the
 * {@code orders-5m} query over it in one execution mode. The last line of output is exactly
 * {@code mode=<mode> events=<N> rows=<R> late=<L> sha256=<hex>}; earlier lines give timings and the job report.
 * All the work is in engine-core's {@link OrdersRun}; this class only parses options.
 */
@Command(
    name = "orders",
    mixinStandardHelpOptions = true,
    description = {
        "Write the orders workload into a log and run the orders-5m query over it in one mode.",
        "The last line is 'mode=<mode> events=<N> rows=<R> late=<L> sha256=<hex>'."})
public final class OrdersCommand implements Callable<Integer>
{
    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "batch",
        description = "batch, micro-batch or streaming (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--dir", paramLabel = "D",
        description = "Empty directory for the log (default: a fresh temporary directory, deleted afterwards).")
    Path dir;

    @Option(names = "--seed", defaultValue = "" + OrdersWorkload.DEFAULT_SEED,
        description = "PRNG seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--count", paramLabel = "N", defaultValue = "" + OrdersWorkload.DEFAULT_COUNT,
        description = "Number of events (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--start-millis", defaultValue = "" + OrdersWorkload.DEFAULT_START_MILLIS,
        description = "Event time of the first nominal slot, ms since the epoch (default: ${DEFAULT-VALUE}).")
    long startMillis;

    @Option(names = "--events-per-second", defaultValue = "" + OrdersWorkload.DEFAULT_EVENTS_PER_SECOND,
        description = "Nominal slots per second of event time (default: ${DEFAULT-VALUE}).")
    long eventsPerSecond;

    @Option(names = "--max-delay-millis", defaultValue = "" + OrdersWorkload.DEFAULT_MAX_DELAY_MILLIS,
        description = "Largest out-of-order delay of an on-time event; also the watermark bound " +
            "(default: ${DEFAULT-VALUE}).")
    long maxDelayMillis;

    @Option(names = "--late-every", paramLabel = "K", defaultValue = "" + OrdersWorkload.DEFAULT_LATE_EVERY,
        description = "When > 0, every K-th event is delayed by --late-delay-millis more (default: ${DEFAULT-VALUE}).")
    long lateEvery;

    @Option(names = "--late-delay-millis", defaultValue = "" + OrdersWorkload.DEFAULT_LATE_DELAY_MILLIS,
        description = "Extra delay of a late event (default: ${DEFAULT-VALUE}).")
    long lateDelayMillis;

    @Option(names = "--products", defaultValue = "" + OrdersWorkload.DEFAULT_PRODUCTS,
        description = "Product ids are 0..products-1 (default: ${DEFAULT-VALUE}).")
    long products;

    @Option(names = "--regions", defaultValue = "" + OrdersWorkload.DEFAULT_REGIONS,
        description = "Region ids are 0..regions-1 (default: ${DEFAULT-VALUE}).")
    long regions;

    @Option(names = "--customers", defaultValue = "" + OrdersWorkload.DEFAULT_CUSTOMERS,
        description = "Customer ids are 0..customers-1 (default: ${DEFAULT-VALUE}).")
    long customers;

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
            "files in D/output. micro-batch checkpoints at the first micro-batch boundary where one is due; " +
            "batch only at its end.")
    String checkpointEvery;

    @Option(names = "--guarantee", paramLabel = "G", defaultValue = "exactly-once",
        description = "With --checkpoint-every: exactly-once (committed part files with a seq identity column) or " +
            "at-least-once (one appended CSV; results after the last checkpoint repeat after a restore) " +
            "(default: ${DEFAULT-VALUE}).")
    String guarantee;

    @Option(names = "--concurrent",
        description = "micro-batch, streaming: a writer thread appends while the job follows the log's tail, so " +
            "latency from append to result is real (default: write everything first).")
    boolean concurrent;

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
            workload = new OrdersWorkload(seed, count, startMillis, eventsPerSecond, maxDelayMillis, lateEvery,
                lateDelayMillis, products, regions, customers);
            config = ExecutionConfig.of(executionMode)
                .maxRecordsPerBatch(maxRecordsPerBatch)
                .triggerInterval(triggerIntervalMillis, TimeUnit.MILLISECONDS)
                .pollLimit(pollLimit)
                .idleStrategy(idleStrategy(idle));
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
                config.checkpointing(checkpointConfig(checkpointEvery, guarantee,
                    OrdersRun.checkpointDirectory(dir)));
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

        final PrintWriter out = spec.commandLine().getOut();
        if (null != config.checkpointing())
        {
            final OrdersRun.DurableResult durable = OrdersRun.writeAndQueryDurably(dir, workload, config);
            final OrdersRun.Result result = durable.result();
            out.printf("log %s: %d events were durable already, appended %d in %d ms%n", dir, durable.eventsInLog(),
                durable.eventsWritten(), TimeUnit.NANOSECONDS.toMillis(result.writeNs()));
            out.println(durable.checkpoints());
            out.printf("durable output %s: %d files, %d results, %d rows, duplicates=%d, gap=%s%n",
                OrdersRun.outputDirectory(dir), durable.output().files(), durable.output().results(),
                result.rows().size(), durable.output().duplicates(),
                durable.output().firstGap() < 0 ? "none" : "at seq " + durable.output().firstGap());
            out.println(result.report());
            out.println(result.summaryLine());
            out.flush();
            return 0;
        }
        final boolean temporary = null == dir;
        final Path logDir;
        try
        {
            logDir = temporary ? Files.createTempDirectory("sluice-orders-") : Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create log directory " + dir, ex);
        }
        try
        {
            final OrdersRun.Result result = concurrent ?
                OrdersRun.writeWhileQuerying(logDir, workload, config) :
                OrdersRun.writeAndQuery(logDir, workload, config);
            final JobReport report = result.report();
            out.printf("wrote %d events to %s in %d ms (%.0f events/s)%n", workload.count(), logDir,
                TimeUnit.NANOSECONDS.toMillis(result.writeNs()),
                result.writeNs() == 0 ? 0.0 : workload.count() * 1e9 / result.writeNs());
            out.println(report);
            out.println(result.summaryLine());
            out.flush();
            return 0;
        }
        finally
        {
            if (temporary)
            {
                deleteRecursively(logDir);
            }
        }
    }

    /**
     * @param every     "50000" (events), "200ms" or "1s" (processing time).
     * @param guarantee exactly-once or at-least-once.
     * @param directory where the checkpoints go.
     * @return the checkpoint configuration of the orders-5m job.
     */
    static CheckpointConfig checkpointConfig(final String every, final String guarantee, final Path directory)
    {
        final CheckpointConfig config = CheckpointConfig.in(directory).identity("orders-5m", 1);
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
        switch (guarantee.toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
        {
            case "exactly-once":
                config.guarantee(DeliveryGuarantee.EXACTLY_ONCE);
                break;
            case "at-least-once":
                config.guarantee(DeliveryGuarantee.AT_LEAST_ONCE);
                break;
            default:
                throw new IllegalArgumentException("--guarantee " + guarantee + " is not one of exactly-once, " +
                    "at-least-once");
        }
        return config;
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

    private static void deleteRecursively(final Path root)
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException ignore)
        {
            // a temporary directory left behind is not worth failing a finished run for
        }
    }
}

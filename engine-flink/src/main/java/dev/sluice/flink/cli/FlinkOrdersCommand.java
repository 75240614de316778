package dev.sluice.flink.cli;

import dev.sluice.core.ExecutionMode;
import dev.sluice.core.function.PipelineDefinitionException;
import dev.sluice.core.source.LogSource;
import dev.sluice.examples.OrdersWorkloadOptions;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersRun;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.flink.FlinkJob;
import dev.sluice.flink.FlinkRunner;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code sluice flink orders}: write the orders workload into a log, run orders-5m over it on an embedded Flink
 * MiniCluster, and print the same last line as {@code sluice orders}:
 * {@code mode=<mode> events=<N> rows=<R> late=<L> sha256=<hex>}.
 */
@Command(
    name = "orders",
    mixinStandardHelpOptions = true,
    description = {
        "Write the orders workload into a log and run the orders-5m query over it on an embedded Flink MiniCluster.",
        "The last line is 'mode=<mode> events=<N> rows=<R> late=<L> sha256=<hex>', as 'sluice orders' prints it."})
public final class FlinkOrdersCommand implements Callable<Integer>
{
    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "batch",
        description = "batch or streaming: Flink's runtime mode (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--parallelism", paramLabel = "P", defaultValue = "1",
        description = "Parallelism of the windows (and of the log's readers in batch) (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @CommandLine.Mixin
    OrdersWorkloadOptions workloadOptions;

    @Option(names = "--dir", paramLabel = "D",
        description = "Directory of the log: new or empty; kept afterwards (default: a temporary directory, deleted " +
            "afterwards).")
    Path dir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public Integer call() throws Exception
    {
        final ExecutionMode executionMode;
        final OrdersWorkload workload;
        try
        {
            executionMode = parseMode(mode);
            if (parallelism < 1)
            {
                throw new IllegalArgumentException("--parallelism " + parallelism + " must be at least 1");
            }
            workload = workloadOptions.workload();
            if (null != dir && Files.isDirectory(dir))
            {
                try (var entries = Files.list(dir))
                {
                    if (entries.findAny().isPresent())
                    {
                        throw new IllegalArgumentException("--dir " + dir + " is not empty: give a new or empty " +
                            "directory for the log");
                    }
                }
            }
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
        }

        final Path logDir = null == dir ? Files.createTempDirectory("sluice-flink-orders-") : dir;
        try
        {
            final PrintWriter out = spec.commandLine().getOut();
            final long writeStart = System.nanoTime();
            try (Log log = Log.open(logDir, LogConfig.defaults()))
            {
                OrdersRun.writeLog(log, workload);
            }
            out.printf("wrote %d events to %s in %d ms%n", workload.count(), logDir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - writeStart));
            out.flush();

            final FlinkJob.Run run = run(logDir, workload, executionMode, parallelism);
            out.printf(Locale.ROOT, "flink %s parallelism=%d: records-in=%d emissions=%d skipped=%d in %d ms " +
                    "(MiniCluster start and job)%n", modeName(executionMode), parallelism, run.recordsIn(),
                run.emissions(), run.recordsSkipped(), TimeUnit.NANOSECONDS.toMillis(run.elapsedNs()));
            out.println("mode=" + modeName(executionMode) + " events=" + run.eventsIn() + " rows=" +
                run.rows().size() + " late=" + run.eventsLate() + " sha256=" + Orders5m.checksum(run.rows()));
            out.flush();
            return 0;
        }
        catch (final PipelineDefinitionException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
        }
        finally
        {
            if (null == dir)
            {
                FileUtils.deleteDirectory(logDir.toFile());
            }
        }
    }

    /**
     * orders-5m over the log in {@code logDir}, on a MiniCluster of this JVM.
     */
    static FlinkJob.Run run(
        final Path logDir, final OrdersWorkload workload, final ExecutionMode mode, final int parallelism)
        throws Exception
    {
        final StreamExecutionEnvironment env =
            StreamExecutionEnvironment.createLocalEnvironment(parallelism, new Configuration());
        final long maxDelayMillis = workload.maxDelayMillis();
        try (Log log = Log.openReadOnly(logDir))
        {
            return FlinkRunner.translate(env, mode, LogSource.range(log),
                source -> Orders5m.define(source, maxDelayMillis)).run("sluice orders-5m");
        }
    }

    private static ExecutionMode parseMode(final String name)
    {
        final ExecutionMode parsed = OrdersRun.parseMode(name);
        if (parsed == ExecutionMode.MICRO_BATCH)
        {
            throw new IllegalArgumentException("--mode " + name + ": Flink has no micro-batch runtime mode; use " +
                "batch or streaming");
        }
        return parsed;
    }

    private static String modeName(final ExecutionMode mode)
    {
        return OrdersRun.modeName(mode);
    }
}

package dev.sluice.bench.core;

import dev.sluice.bench.BenchFlags;
import dev.sluice.examples.orders.OrdersRun;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.examples.orders.OrdersParallelRun;
import dev.sluice.log.Log;
import dev.sluice.log.PartitionedLog;
import dev.sluice.log.LogConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes the default orders workload into a log in a process of its own, so that a benchmark's process reads a log
 * it never wrote: no mapping, no verified mark and no state of the writer's is left in the reader's JVM, as for a
 * user's job over a log written earlier. The log's pages do stay in the OS page cache, as they would on the
 * user's machine when the job runs soon after the writing.
 */
public final class OrdersLogWriterProcess
{
    private OrdersLogWriterProcess()
    {
    }

    /**
     * @param args {@code <log directory> <events> [partitions]}: with more than 1 partition, a partitioned log routed
     *             by (product, region), written by one thread per partition.
     */
    public static void main(final String[] args)
    {
        if (args.length != 2 && args.length != 3)
        {
            System.err.println("usage: OrdersLogWriterProcess <log directory> <events> [partitions]");
            System.exit(2);
        }
        final Path dir = Paths.get(args[0]);
        final long events = Long.parseLong(args[1]);
        final int partitions = args.length == 3 ? Integer.parseInt(args[2]) : 1;
        if (partitions > 1)
        {
            try (PartitionedLog log = PartitionedLog.open(dir, partitions, LogConfig.defaults()))
            {
                final long written =
                    OrdersParallelRun.completePartitionedLog(log, OrdersWorkload.defaults().withCount(events));
                if (written != events)
                {
                    System.err.println("wrote " + written + " orders of " + events + " into " + dir);
                    System.exit(1);
                }
            }
            return;
        }
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            final long written = OrdersRun.writeLog(log, OrdersWorkload.defaults().withCount(events));
            if (written != events)
            {
                System.err.println("wrote " + written + " orders of " + events + " into " + dir);
                System.exit(1);
            }
        }
    }

    /**
     * Runs {@link #main} in a child JVM with this JVM's class path and waits for it.
     *
     * @param dir    directory of the new log.
     * @param events orders to write.
     * @throws IllegalStateException when the child fails or takes more than ten minutes.
     */
    public static void writeInChildProcess(final Path dir, final long events)
    {
        writeInChildProcess(dir, events, 1);
    }

    /**
     * Like {@link #writeInChildProcess(Path, long)}, into a partitioned log of {@code partitions} partitions when
     * more than 1.
     */
    public static void writeInChildProcess(final Path dir, final long events, final int partitions)
    {
        final String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        final List<String> command = List.of(java, BenchFlags.AGRONA_MISC, "-cp",
            System.getProperty("java.class.path"), OrdersLogWriterProcess.class.getName(), dir.toString(),
            Long.toString(events), Integer.toString(partitions));
        try
        {
            final Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
            if (!process.waitFor(10, TimeUnit.MINUTES))
            {
                process.destroyForcibly();
                throw new IllegalStateException("the child writing " + events + " orders into " + dir +
                    " took more than 10 minutes; point -Dsluice.bench.dir at a faster disk");
            }
            if (process.exitValue() != 0)
            {
                throw new IllegalStateException("the child writing " + events + " orders into " + dir +
                    " exited with " + process.exitValue() + " (its error is above); command: " +
                    String.join(" ", command));
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot start a child JVM (" + java + ") to write the orders log: " + ex,
                ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the child wrote the orders log into " + dir, ex);
        }
    }
}

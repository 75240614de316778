package dev.sluice.examples.orders;

import dev.sluice.core.CheckpointConfig;
import dev.sluice.core.CheckpointStats;
import dev.sluice.core.DeliveryGuarantee;
import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.ExecutionMode;
import dev.sluice.core.JobReport;
import dev.sluice.core.ParallelJob;
import dev.sluice.core.Parallelism;
import dev.sluice.core.Pipeline;
import dev.sluice.core.sink.CommittedOutput;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.source.LogSource;
import dev.sluice.core.source.PartitionedLogSource;
import dev.sluice.core.source.Source;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import dev.sluice.log.PartitionedLog;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The orders workload on every core: its log written as one log or as a partitioned log (one producer thread per
 * partition, each order routed by its (product, region) key), and orders-5m run as a {@link ParallelJob} of P workers.
 * The results are those of {@link OrdersRun}: with no late events every parallelism and partition count gives the
 * workload's checksum; with late events a partitioned log judges lateness per partition (its own watermark), so its
 * late count is the same at every parallelism, but may differ from one log's.
 * <p>
 * A directory records the partition count in its manifest ({@link OrdersRunDirectory#prepare(Path, OrdersWorkload,
 * int)}); the parallelism may change from run to run, and a checkpoint taken at one resumes at another. Not
 * thread-safe: the threads it starts are its own.
 */
public final class OrdersParallelRun
{
    private OrdersParallelRun()
    {
    }

    /**
     * Append to each partition the orders routed to it that it does not hold yet, one thread per partition (each the
     * single writer of its partition, each generating the whole workload and keeping its own orders). Idempotent as
     * {@link OrdersRun#completeLog} is: a partition's orders are a prefix of its share of the workload.
     *
     * @return orders appended.
     * @throws CancellationException when the calling thread is interrupted; the writers are stopped first.
     */
    public static long completePartitionedLog(final PartitionedLog log, final OrdersWorkload workload)
    {
        final int partitions = log.partitionCount();
        final long[] written = new long[partitions];
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread[] writers = new Thread[partitions];
        for (int p = 0; p < partitions; p++)
        {
            final int partition = p;
            writers[p] = new Thread(() ->
            {
                try
                {
                    written[partition] = completePartition(log, partition, workload);
                }
                catch (final Throwable ex)
                {
                    failure.compareAndSet(null, ex);
                }
            }, "orders-writer-" + p);
            writers[p].start();
        }
        boolean interrupted = false;
        for (final Thread writer : writers)
        {
            while (writer.isAlive())
            {
                try
                {
                    writer.join();
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                    for (final Thread other : writers)
                    {
                        other.interrupt();
                    }
                }
            }
        }
        if (interrupted)
        {
            throw new CancellationException("writing the partitioned log was interrupted");
        }
        if (null != failure.get())
        {
            if (failure.get() instanceof RuntimeException)
            {
                throw (RuntimeException)failure.get();
            }
            throw new IllegalStateException("writing orders failed: " + failure.get(), failure.get());
        }
        long total = 0;
        for (final long n : written)
        {
            total += n;
        }
        return total;
    }

    private static long completePartition(final PartitionedLog log, final int partition, final OrdersWorkload workload)
    {
        final long held = log.partition(partition).recordCount();
        final OrdersLogWriter writer = new OrdersLogWriter(log.appender(partition));
        final OrdersGenerator generator = new OrdersGenerator(workload);
        final OrderEvent event = new OrderEvent();
        long mine = 0;
        long written = 0;
        while (generator.hasNext())
        {
            generator.next(event);
            if (log.partitionOfKeyHash(Orders5m.key(event)) != partition)
            {
                continue;
            }
            if (mine++ < held)
            {
                continue; // the partition holds it already
            }
            if ((written & 1023) == 0 && Thread.interrupted())
            {
                throw new CancellationException("writing partition " + partition + " was interrupted");
            }
            writer.append(event);
            written++;
        }
        return written;
    }

    /**
     * Write what the run's log lacks (one log, or {@code partitions} partitions), then query all of it on
     * {@code parallelism} workers.
     *
     * @param dir the run's directory (see {@link OrdersRunDirectory#prepare(Path, OrdersWorkload, int)}).
     * @return the result; its report is the parallel job's.
     */
    public static OrdersRun.Result writeAndQuery(
        final Path dir, final OrdersWorkload workload, final ExecutionConfig config, final int partitions,
        final int parallelism)
    {
        return withLog(dir, workload, partitions, (source, writeNs, written) ->
        {
            final OrdersRun.Result result = query(source, workload, config, parallelism);
            return new OrdersRun.Result(result.mode(), result.report(), result.rows(), result.sha256(), writeNs,
                written, result.queryNs());
        });
    }

    /**
     * Query an orders log (or partitioned log) on {@code parallelism} workers into a {@link LatestResultView}.
     */
    public static OrdersRun.Result query(
        final Source source, final OrdersWorkload workload, final ExecutionConfig config, final int parallelism)
    {
        final long start = System.nanoTime();
        final LatestResultView view = new LatestResultView();
        final JobReport report;
        try (ParallelJob job = ParallelJob.create(pipeline(source, workload, view), config,
            Parallelism.of(parallelism)))
        {
            report = job.run();
        }
        final List<ResultRow> rows = view.rows();
        return new OrdersRun.Result(config.mode(), report, rows, Orders5m.checksum(rows), 0, 0,
            System.nanoTime() - start);
    }

    /**
     * Query while the writers append: the job follows the tails (MICRO_BATCH or STREAMING) and, once every order is
     * written and read, drains.
     */
    public static OrdersRun.Result writeWhileQuerying(
        final Path dir, final OrdersWorkload workload, final ExecutionConfig config, final int partitions,
        final int parallelism)
    {
        if (config.mode() == ExecutionMode.BATCH)
        {
            throw new IllegalArgumentException("BATCH reads a range bounded when it starts, so it cannot follow a " +
                "writer; run the writer first or use micro-batch or streaming");
        }
        OrdersRunDirectory.prepare(dir, workload, partitions);
        try (Opened opened = open(dir, partitions))
        {
            final LatestResultView view = new LatestResultView();
            final Source source = partitions == 1 ? LogSource.tail(opened.log) :
                PartitionedLogSource.tail(opened.partitioned);
            final long[] writeNs = new long[1];
            final long[] written = new long[1];
            final AtomicReference<Throwable> writerError = new AtomicReference<>();
            final long queryStart = System.nanoTime();
            final JobReport report;
            try (ParallelJob job = ParallelJob.create(pipeline(source, workload, view), config,
                Parallelism.of(parallelism)))
            {
                final Thread writer = new Thread(() ->
                {
                    try
                    {
                        final long start = System.nanoTime();
                        written[0] = opened.complete(workload);
                        writeNs[0] = System.nanoTime() - start;
                        // every order is in: once the job has read them all, the input ends
                        while (job.recordsIn() < workload.count() && !job.isStopRequested())
                        {
                            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                        }
                    }
                    catch (final Throwable ex)
                    {
                        writerError.set(ex);
                        job.stop();
                    }
                    job.drain();
                }, "orders-writer");
                writer.start();
                try
                {
                    report = job.run();
                }
                finally
                {
                    if (writer.isAlive())
                    {
                        writer.interrupt();
                    }
                    OrdersRun.joinUninterruptibly(writer);
                }
            }
            if (null != writerError.get())
            {
                throw new IllegalStateException("orders writer failed: " + writerError.get(), writerError.get());
            }
            final List<ResultRow> rows = view.rows();
            return new OrdersRun.Result(config.mode(), report, rows, Orders5m.checksum(rows), writeNs[0], written[0],
                System.nanoTime() - queryStart);
        }
    }

    /**
     * The restartable run of the command line on {@code parallelism} workers (see
     * {@link OrdersRun#writeAndQueryDurably}): rerunning it after a kill, at this or any other parallelism, resumes
     * from the newest valid checkpoint and ends with each result once in the output.
     */
    public static OrdersRun.DurableResult writeAndQueryDurably(
        final Path dir, final OrdersWorkload workload, final ExecutionConfig config, final int partitions,
        final int parallelism)
    {
        final CheckpointConfig checkpointing = config.checkpointing();
        if (null == checkpointing)
        {
            throw new IllegalArgumentException("a durable run needs ExecutionConfig.checkpointing(...)");
        }
        final long[] before = new long[1];
        return withLog(dir, workload, partitions, before, (source, writeNs, written) ->
        {
            final Path outputDir = OrdersRun.createOutputDirectory(dir);
            final long queryStart = System.nanoTime();
            final boolean exactlyOnce = checkpointing.guarantee() == DeliveryGuarantee.EXACTLY_ONCE;
            final ResultSink sink = OrdersRun.durableSink(outputDir, exactlyOnce);
            final JobReport report;
            final CheckpointStats stats;
            final Pipeline description;
            try
            {
                final java.util.function.Supplier<Pipeline> pipelines =
                    () -> Orders5m.define(source, workload.maxDelayMillis()).sink(sink).build();
                description = pipelines.get();
                try (ParallelJob job = ParallelJob.create(pipelines, config, Parallelism.of(parallelism)))
                {
                    report = job.run();
                    stats = job.checkpointStats();
                }
            }
            finally
            {
                close(sink);
            }
            final CommittedOutput output = OrdersRun.readDurable(outputDir, exactlyOnce, description.schema());
            final List<ResultRow> rows = output.rows();
            return new OrdersRun.DurableResult(new OrdersRun.Result(config.mode(), report, rows,
                Orders5m.checksum(rows), writeNs, written, System.nanoTime() - queryStart), output, stats,
                before[0], written);
        });
    }

    private static java.util.function.Supplier<Pipeline> pipeline(
        final Source source, final OrdersWorkload workload, final ResultSink sink)
    {
        return () -> Orders5m.define(source, workload.maxDelayMillis()).sink(sink).build();
    }

    private static void close(final ResultSink sink)
    {
        try
        {
            ((AutoCloseable)sink).close();
        }
        catch (final Exception ex)
        {
            throw ex instanceof RuntimeException ? (RuntimeException)ex :
                new IllegalStateException("closing the sink failed: " + ex, ex);
        }
    }

    private interface WithLog<R>
    {
        R run(Source source, long writeNs, long written);
    }

    private static <R> R withLog(
        final Path dir, final OrdersWorkload workload, final int partitions, final WithLog<R> then)
    {
        return withLog(dir, workload, partitions, new long[1], then);
    }

    /**
     * Prepare the directory, write what the log lacks, and hand the bounded source over it to {@code then}.
     */
    private static <R> R withLog(
        final Path dir, final OrdersWorkload workload, final int partitions, final long[] before,
        final WithLog<R> then)
    {
        OrdersRunDirectory.prepare(dir, workload, partitions);
        try (Opened opened = open(dir, partitions))
        {
            before[0] = opened.recordCount();
            final long start = System.nanoTime();
            final long written = opened.complete(workload);
            final long writeNs = System.nanoTime() - start;
            final Source source = partitions == 1 ? LogSource.range(opened.log) :
                PartitionedLogSource.range(opened.partitioned);
            return then.run(source, writeNs, written);
        }
    }

    private static Opened open(final Path dir, final int partitions)
    {
        return partitions == 1 ? new Opened(Log.open(dir, LogConfig.defaults()), null) :
            new Opened(null, PartitionedLog.open(dir, partitions, LogConfig.defaults()));
    }

    /**
     * The run's log: one, or a partitioned one.
     */
    private record Opened(Log log, PartitionedLog partitioned) implements AutoCloseable
    {
        long complete(final OrdersWorkload workload)
        {
            return null != log ? OrdersRun.completeLog(log, workload) : completePartitionedLog(partitioned, workload);
        }

        long recordCount()
        {
            return null != log ? log.recordCount() : partitioned.recordCount();
        }

        public void close()
        {
            if (null != log)
            {
                log.close();
            }
            else
            {
                partitioned.close();
            }
        }
    }
}

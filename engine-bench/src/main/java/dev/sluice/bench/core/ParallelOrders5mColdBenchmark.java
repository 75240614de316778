package dev.sluice.bench.core;

import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.JobReport;
import dev.sluice.core.ParallelJob;
import dev.sluice.core.Parallelism;
import dev.sluice.core.sink.TextFileSink;
import dev.sluice.core.source.LogSource;
import dev.sluice.core.source.PartitionedLogSource;
import dev.sluice.core.source.Source;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.log.Log;
import dev.sluice.log.PartitionedLog;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * orders-5m over {@link Orders5mBenchmark#EVENTS} orders, cold as {@link Orders5mColdBenchmark} runs it (the log
 * written by a child JVM, opened afresh per invocation, every result into a CSV file), on one thread and on P
 * workers, side by side in one run:
 * <ul>
 *   <li>{@code job}: the job on one thread over one log, the baseline ({@link Orders5mColdBenchmark}'s run);</li>
 *   <li>{@code log:P}: a {@link ParallelJob} of P workers over the same log: worker 0 reads it and sends the records
 *       of the other workers' keys through the queues between them;</li>
 *   <li>{@code partitions:P}: a {@link ParallelJob} of P workers over a log of P partitions (2 for P = 1) routed by
 *       (product, region): each worker reads the partitions of its keys and sends nothing.</li>
 * </ul>
 * Scores are events per second of the whole job (every worker, the sink thread, the CSV file).
 * <pre>
 *   java -jar engine-bench/target/sluice-bench.jar jmh ParallelOrders5mColdBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
public class ParallelOrders5mColdBenchmark extends Orders5mColdBenchmark
{
    @Param({"job", "log:2", "partitions:1", "partitions:2"})
    public String runner;

    private int parallelism()
    {
        final int colon = runner.indexOf(':');
        return colon < 0 ? 1 : Integer.parseInt(runner.substring(colon + 1));
    }

    private boolean partitioned()
    {
        return runner.startsWith("partitions");
    }

    int partitions()
    {
        return partitioned() ? Math.max(2, parallelism()) : 1;
    }

    long runCold(final ExecutionConfig config)
    {
        if (runner.equals("job"))
        {
            return super.runCold(config);
        }
        if (partitioned())
        {
            try (PartitionedLog log = PartitionedLog.openReadOnly(logDir))
            {
                return runParallel(PartitionedLogSource.range(log), config);
            }
        }
        try (Log log = Log.openReadOnly(logDir))
        {
            return runParallel(LogSource.range(log), config);
        }
    }

    private long runParallel(final Source source, final ExecutionConfig config)
    {
        try (TextFileSink file = TextFileSink.csv(resultFile))
        {
            final CountingFileSink sink = new CountingFileSink(file);
            final JobReport report;
            try (ParallelJob job = ParallelJob.create(() -> Orders5m.define(source, maxDelayMillis).sink(sink).build(),
                config, Parallelism.of(parallelism())))
            {
                report = job.run();
            }
            return checked(config, file, sink, report);
        }
    }
}

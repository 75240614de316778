package dev.sluice.examples.orders;

import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.ExecutionMode;
import dev.sluice.log.LogConfig;
import dev.sluice.log.PartitionedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * orders-5m on every core: the known answers at every parallelism and partition count in every mode, and late events
 * judged alike at every parallelism.
 */
class OrdersParallelTest
{
    @TempDir
    Path dir;

    private static ExecutionConfig config(final ExecutionMode mode)
    {
        return ExecutionConfig.of(mode).maxRecordsPerBatch(mode == ExecutionMode.MICRO_BATCH ? 7_000 : 0);
    }

    @Test
    void shouldGiveTheKnownAnswersAtEveryParallelismAndPartitionCount()
    {
        final OrdersWorkload workload = OrdersWorkload.defaults().withCount(50_000);
        final String expected = OrdersRun.writeAndQuery(dir.resolve("job"), workload, config(ExecutionMode.BATCH))
            .sha256();
        for (final int partitions : new int[]{ 1, 2, 4 })
        {
            final Path runDir = dir.resolve("p" + partitions);
            for (final ExecutionMode mode : ExecutionMode.values())
            {
                for (final int parallelism : new int[]{ 1, 2, 4 })
                {
                    final OrdersRun.Result result =
                        OrdersParallelRun.writeAndQuery(runDir, workload, config(mode), partitions, parallelism);
                    final String what = partitions + " partitions, " + parallelism + " workers, " + mode;
                    assertEquals(50_000, result.report().eventsIn(), what);
                    assertEquals(0, result.report().eventsLate(), what);
                    assertEquals(expected, result.sha256(), what);
                }
            }
        }
        final OrdersWorkload thousand = OrdersWorkload.defaults().withCount(1000);
        final OrdersRun.Result small = OrdersParallelRun.writeAndQuery(dir.resolve("small"), thousand,
            config(ExecutionMode.STREAMING), 2, 2);
        assertEquals("mode=streaming events=1000 rows=945 late=0 sha256=" + OrdersChecksumTest.SHA_1000,
            small.summaryLine());
    }

    @Test
    void shouldJudgeLateOrdersAsTheJobOnOneThreadDoesOverOneLogAndAlikeAtEveryParallelismOverPartitions()
    {
        final OrdersWorkload workload = OrdersWorkload.defaults().withCount(200_000).withLateEvery(97);
        for (final ExecutionMode mode : new ExecutionMode[]{ ExecutionMode.MICRO_BATCH, ExecutionMode.STREAMING })
        {
            final OrdersRun.Result job = OrdersRun.writeAndQuery(dir.resolve("one"), workload, config(mode));
            assertTrue(job.report().eventsLate() > 0, mode.name());
            OrdersRun.Result partitioned = null;
            for (final int parallelism : new int[]{ 1, 2, 4 })
            {
                final OrdersRun.Result one =
                    OrdersParallelRun.writeAndQuery(dir.resolve("one"), workload, config(mode), 1, parallelism);
                assertEquals(job.summaryLine(), one.summaryLine(), parallelism + " workers, " + mode);
                final OrdersRun.Result two =
                    OrdersParallelRun.writeAndQuery(dir.resolve("two"), workload, config(mode), 2, parallelism);
                if (null == partitioned)
                {
                    partitioned = two;
                }
                assertEquals(partitioned.summaryLine(), two.summaryLine(), parallelism + " workers, " + mode);
            }
        }
    }

    @Test
    void shouldWriteEachPartitionOnceEvenWhenResumedAndFollowTheTailsWhileWriting()
    {
        final OrdersWorkload workload = OrdersWorkload.defaults().withCount(50_000);
        OrdersRunDirectory.prepare(dir, workload, 3);
        try (PartitionedLog log = PartitionedLog.open(dir, 3, LogConfig.defaults()))
        {
            // a writer killed part way: partition 1 holds a prefix of its orders, the others none
            final OrdersGenerator generator = new OrdersGenerator(workload);
            final OrderEvent event = new OrderEvent();
            final OrdersLogWriter writer = new OrdersLogWriter(log.appender(1));
            for (int i = 0; i < 10_000; i++)
            {
                generator.next(event);
                if (log.partitionOfKeyHash(Orders5m.key(event)) == 1)
                {
                    writer.append(event);
                }
            }
            final long before = log.recordCount();
            assertEquals(50_000 - before, OrdersParallelRun.completePartitionedLog(log, workload));
            assertEquals(50_000, log.recordCount());
            assertEquals(0, OrdersParallelRun.completePartitionedLog(log, workload));
        }
        final OrdersRun.Result whole =
            OrdersParallelRun.writeAndQuery(dir, workload, config(ExecutionMode.BATCH), 3, 2);
        final Path following = dir.resolve("following");
        final OrdersRun.Result concurrent =
            OrdersParallelRun.writeWhileQuerying(following, workload, config(ExecutionMode.STREAMING), 2, 2);
        assertEquals(whole.sha256(), concurrent.sha256());
        assertEquals(50_000, concurrent.eventsWritten());
    }

    @Test
    void shouldRefuseADirectoryOfAnotherPartitionCount()
    {
        final OrdersWorkload workload = OrdersWorkload.defaults().withCount(1_000);
        OrdersParallelRun.writeAndQuery(dir, workload, config(ExecutionMode.BATCH), 2, 2);
        final RunDirectoryRefusedException ex = assertThrows(RunDirectoryRefusedException.class,
            () -> OrdersRun.writeAndQuery(dir, workload, config(ExecutionMode.BATCH)));
        assertTrue(ex.getMessage().contains("--partitions 2"), ex.getMessage());
        assertTrue(PartitionedLog.exists(dir));
    }
}

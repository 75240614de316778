package dev.sluice.flink;

import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.ExecutionMode;
import dev.sluice.core.source.LogSource;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersRun;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import java.nio.file.Path;

/**
 * The orders workload for the Flink tests: its log written once, orders-5m run over it by the local runner and by
 * Flink.
 */
final class OrdersLogs
{
    private OrdersLogs()
    {
    }

    /**
     * @return a MiniCluster shared by a test class's tests: one task manager with two slots, for parallelism 2.
     */
    static MiniClusterExtension miniCluster()
    {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());
    }

    /**
     * @param dir      a fresh directory.
     * @param workload the events.
     * @return the log's directory, written and closed.
     */
    static Path write(final Path dir, final OrdersWorkload workload)
    {
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            OrdersRun.writeLog(log, workload);
        }
        return dir;
    }

    /**
     * @return the local runner's orders-5m over the log in {@code mode}.
     */
    static OrdersRun.Result local(final Path dir, final OrdersWorkload workload, final ExecutionMode mode)
    {
        try (Log log = Log.openReadOnly(dir))
        {
            return OrdersRun.query(log, workload, ExecutionConfig.of(mode));
        }
    }

    /**
     * @return orders-5m over the log on Flink, in {@code mode} at {@code parallelism}.
     */
    static FlinkJob.Run flink(
        final Path dir, final OrdersWorkload workload, final ExecutionMode mode, final int parallelism)
        throws Exception
    {
        final StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        final long maxDelayMillis = workload.maxDelayMillis();
        try (Log log = Log.openReadOnly(dir))
        {
            return FlinkRunner.translate(env, mode, LogSource.range(log),
                source -> Orders5m.define(source, maxDelayMillis)).run("orders-5m");
        }
    }
}

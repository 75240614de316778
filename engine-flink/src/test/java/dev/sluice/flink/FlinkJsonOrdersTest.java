package dev.sluice.flink;

import dev.sluice.core.ExecutionMode;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.source.LogSource;
import dev.sluice.examples.json.OrderJsonWriter;
import dev.sluice.examples.json.OrdersJsonIngest;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersGenerator;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.examples.programs.JsonOrders;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The batch layer of orders-json.md (a global window keyed by a record, exact decimals, distinct counts, average and
 * median) over 100,000 ingested JSON orders gives its known answer on Flink, in both runtime modes at parallelism 1
 * and 2, and the local runner's rows.
 */
class FlinkJsonOrdersTest
{
    private static final String KNOWN = "6c92bbf88a65d7d969cb42139b9bff10847fb0f4e700f1aeecd7e7ee131b149e";

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = OrdersLogs.miniCluster();

    @TempDir
    static Path dir;

    @BeforeAll
    static void ingest() throws Exception
    {
        final ByteArrayOutputStream json = new ByteArrayOutputStream();
        OrderJsonWriter.writeLines(new OrdersGenerator(OrdersWorkload.defaults().withCount(100_000)), json);
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            final OrdersJsonIngest.Result ingested = new OrdersJsonIngest(log.appender(),
                (line, reason, text, offset, length) -> { }, OrdersJsonIngest.DEFAULT_MAX_LINE_BYTES, null,
                Long.MAX_VALUE).ingest(new ByteArrayInputStream(json.toByteArray()));
            assertEquals(0, ingested.rejected());
        }
    }

    @ParameterizedTest(name = "{0}, parallelism {1}")
    @CsvSource({ "BATCH, 1", "BATCH, 2", "STREAMING, 1", "STREAMING, 2" })
    void shouldGiveTheBatchLayersKnownAnswer(final ExecutionMode mode, final int parallelism) throws Exception
    {
        final StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        final FlinkJob.Run flink;
        final LatestResultView local = new LatestResultView();
        try (Log log = Log.openReadOnly(dir))
        {
            flink = FlinkRunner.translate(env, mode, LogSource.range(log), JsonOrders::define).run("json-orders");
            JsonOrders.define(LogSource.range(log)).sink(local).build().run(mode);
        }
        final List<String> exact = JsonOrders.exactColumns(JsonOrders.sorted(flink.rows()));
        assertEquals(8000, exact.size());
        assertEquals(KNOWN, Orders5m.sha256(exact));
        assertEquals(JsonOrders.sorted(local.rows()), JsonOrders.sorted(flink.rows()),
            "every column, average and median included");
    }
}

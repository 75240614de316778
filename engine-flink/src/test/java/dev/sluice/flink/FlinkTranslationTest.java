package dev.sluice.flink;

import dev.sluice.core.ExecutionMode;
import dev.sluice.core.PipelineBuilder;
import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.aggregate.LongAggregateFunction;
import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.core.function.KeyType;
import dev.sluice.core.function.PipelineDefinitionException;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.source.InMemoryLog;
import dev.sluice.core.source.LogSource;
import dev.sluice.core.source.Source;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.EarlyResults;
import dev.sluice.core.window.GlobalWindows;
import dev.sluice.core.window.HoppingWindows;
import dev.sluice.core.window.SessionWindows;
import dev.sluice.core.window.TumblingWindows;
import dev.sluice.core.window.WindowAssigner;
import dev.sluice.examples.orders.OrderEvent;
import dev.sluice.examples.orders.OrderEventCodec;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.core.JobReport;
import dev.sluice.core.Pipeline;
import dev.sluice.log.Log;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every window kind, keys of the user's own type, stages, a user's aggregation, allowed lateness and early results
 * give the local runner's latest rows on Flink; what Flink cannot honour is refused at translation, naming it.
 */
class FlinkTranslationTest
{
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = OrdersLogs.miniCluster();

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeLog()
    {
        OrdersLogs.write(dir, OrdersWorkload.defaults().withCount(20_000).withLateEvery(97));
    }

    /** A sum of squares of the amounts in units, as a user writes one. */
    static final class SumOfSquares implements LongAggregateFunction<OrderEvent, long[]>
    {
        public long[] createAccumulator()
        {
            return new long[1];
        }

        public long[] add(final long[] accumulator, final OrderEvent event)
        {
            accumulator[0] += (event.amountCents() / 100) * (event.amountCents() / 100);
            return accumulator;
        }

        public long[] merge(final long[] accumulator, final long[] other)
        {
            accumulator[0] += other[0];
            return accumulator;
        }

        public void write(final long[] accumulator, final StateOutput out)
        {
            out.putLong(accumulator[0]);
        }

        public long[] read(final StateInput in)
        {
            return new long[]{ in.getLong() };
        }

        public long result(final long[] accumulator)
        {
            return accumulator[0];
        }
    }

    static PipelineBuilder<OrderEvent> pipeline(final Source source, final String kind)
    {
        final PipelineBuilder<OrderEvent> events = Pipeline.from(source, new OrderEventCodec())
            .filter(e -> e.region() != 3)
            .flatMap((OrderEvent e, dev.sluice.core.function.Emitter<OrderEvent> out) ->
            {
                out.emit(e);
                if (e.amountCents() > 1_900_000)
                {
                    out.emit(e); // the big ones count twice
                }
            })
            .map(e -> e)
            .withTimestamps(OrderEvent::eventTimeMillis, WatermarkStrategy.boundedOutOfOrderness(5_000));
        final WindowAssigner windows = switch (kind)
        {
            case "hopping" -> HoppingWindows.of(60_000, 20_000, 7_000);
            case "session" -> SessionWindows.withGap(1_000);
            case "global" -> GlobalWindows.create();
            default -> TumblingWindows.of(60_000);
        };
        final PipelineBuilder<OrderEvent> keyed = kind.equals("text-keys") ?
            events.keyBy(e -> "region-" + e.region(), KeyType.strings()) :
            events.keyBy(e -> kind.equals("session") ? e.productId() : e.region());
        keyed.window(windows).aggregate(
            Aggregations.longStats(OrderEvent::amountCents, "orders", "revenue", "min", "max"),
            Aggregations.distinctCount("customers", OrderEvent::customerId),
            Aggregations.avg("avg", OrderEvent::amountCents),
            Aggregations.of("squares", new SumOfSquares()));
        if (kind.equals("lateness"))
        {
            keyed.allowedLateness(30_000);
        }
        if (kind.equals("early"))
        {
            keyed.earlyResults(EarlyResults.everyEvent());
        }
        return keyed;
    }

    @ParameterizedTest(name = "{0}, {1}, parallelism {2}")
    @CsvSource({
        "tumbling, BATCH, 2", "tumbling, STREAMING, 2",
        "hopping, BATCH, 2", "hopping, STREAMING, 1",
        "session, BATCH, 2", "session, STREAMING, 2",
        "global, BATCH, 1", "global, STREAMING, 2",
        "text-keys, BATCH, 2", "text-keys, STREAMING, 2",
        "lateness, STREAMING, 2",
        "early, STREAMING, 2",
    })
    void shouldGiveTheLocalRunnersRows(final String kind, final ExecutionMode mode, final int parallelism)
        throws Exception
    {
        final StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        final LatestResultView local = new LatestResultView();
        final FlinkJob.Run flink;
        final JobReport report;
        try (Log log = Log.openReadOnly(dir))
        {
            report = pipeline(LogSource.range(log), kind).sink(local).build().run(mode);
            flink = FlinkRunner.translate(env, mode, LogSource.range(log), source -> pipeline(source, kind))
                .run(kind);
        }
        final List<ResultRow> expected = local.rows();
        assertTrue(expected.size() > 3);
        assertEquals(expected, flink.rows());
        assertEquals(report.eventsIn(), flink.eventsIn());
        if (!kind.equals("hopping"))
        {
            // an event late for one of its hopping windows is late to Sluice, and to Flink only when late for all
            assertEquals(report.eventsLate(), flink.eventsLate());
        }
        if (kind.equals("text-keys"))
        {
            assertEquals("region-5", flink.rows().get(0).keyValue().toString().substring(0, 7) + "5");
        }
    }

    @Test
    void shouldRefuseWhatFlinkCannotHonourNamingIt() throws Exception
    {
        final StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        try (Log log = Log.openReadOnly(dir))
        {
            final LogSource range = LogSource.range(log);
            assertMessage("MICRO_BATCH", () -> FlinkRunner.translate(env, ExecutionMode.MICRO_BATCH, range,
                source -> Orders5m.define(source, 5_000)));
            assertMessage("every 10 events", () -> FlinkRunner.translate(env, ExecutionMode.STREAMING, range,
                source -> Orders5m.define(source, 5_000).earlyResults(EarlyResults.everyEvents(10))));
            assertMessage("polls and requests", () -> FlinkRunner.translate(env, ExecutionMode.STREAMING, range,
                source -> Orders5m.define(source, 5_000).earlyResults(EarlyResults.onRequest())));
            assertMessage("BATCH mode", () -> FlinkRunner.translate(env, ExecutionMode.BATCH, range,
                source -> Orders5m.define(source, 5_000).earlyResults(EarlyResults.everyEvent())));
            assertMessage("has no end", () -> FlinkRunner.translate(env, ExecutionMode.BATCH, LogSource.tail(log),
                source -> Orders5m.define(source, 5_000)));
            assertMessage("in-memory log", () -> FlinkRunner.translate(env, ExecutionMode.BATCH,
                new InMemoryLog().all(), source -> Orders5m.define(source, 5_000)));
            final Object notSerializable = new Object();
            assertMessage("does not serialize", () -> FlinkRunner.translate(env, ExecutionMode.BATCH, range,
                source -> Orders5m.define(source, notSerializable.hashCode())));
        }
    }

    private static void assertMessage(final String part, final org.junit.jupiter.api.function.Executable translate)
    {
        final PipelineDefinitionException refused = assertThrows(PipelineDefinitionException.class, translate);
        assertTrue(refused.getMessage().contains(part), refused.getMessage());
    }
}

package dev.sluice.core;

import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.sink.CommittedOutput;
import dev.sluice.core.sink.EpochFileSink;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.sink.TextFileSink;
import dev.sluice.core.source.InMemoryLog;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.TumblingWindows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Values beyond long: exact decimals (amounts in cents at scale 2) and doubles, in every mode, written by the
 * sinks as a person reads them and read back exactly.
 */
class ValueKindsTest
{
    /** value = amount in cents; key 1: 0.05 + 12.50 + 0.01, key 2: -3.99 and 20000.99. */
    private static final TestEvent[] EVENTS = {
        TestEvent.of(1, 10, 5),
        TestEvent.of(2, 20, -399),
        TestEvent.of(1, 30, 1250),
        TestEvent.of(2, 40, 2000099),
        TestEvent.of(1, 50, 1),
    };

    private static PipelineBuilder<TestEvent> pipeline(final InMemoryLog log)
    {
        return Pipeline.from(log.all(), new TestEvent.TestCodec())
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(0))
            .keyBy(TestEvent::key)
            .window(TumblingWindows.of(1000))
            .aggregate(
                Aggregations.sumDecimal("revenue", TestEvent::value, 2),
                Aggregations.avgDecimal("avg_order", TestEvent::value, 2),
                Aggregations.minDecimal("smallest", TestEvent::value, 2),
                Aggregations.sumDouble("revenue_d", e -> e.value / 100.0),
                Aggregations.avgDouble("avg_d", e -> e.value / 100.0),
                Aggregations.maxDouble("largest_d", e -> e.value / 100.0));
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void decimalsAreExactAndDoublesFoldInEventOrderInEveryMode(final ExecutionMode mode)
    {
        final InMemoryLog log = Pipelines.log(EVENTS);
        final LatestResultView view = new LatestResultView();
        pipeline(log).sink(view).build().run(mode);
        final List<ResultRow> rows = view.rows();
        assertEquals(2, rows.size());
        final ResultRow one = rows.stream().filter(r -> r.key() == 1).findFirst().orElseThrow();
        final ResultRow two = rows.stream().filter(r -> r.key() == 2).findFirst().orElseThrow();

        assertEquals(new BigDecimal("12.56"), one.decimalValue("revenue"));
        assertEquals(1256, one.longValue("revenue"), "a decimal's long value is unscaled");
        assertEquals(12.56, one.doubleValue("revenue"));
        // 1256 / 3 = 418.67 cents, rounded half-even to 419
        assertEquals(new BigDecimal("4.19"), one.decimalValue("avg_order"));
        assertEquals(new BigDecimal("0.01"), one.decimalValue("smallest"));
        assertEquals(new BigDecimal("19997.00"), two.decimalValue("revenue"));
        // 1999700 / 2 = 999850 exactly
        assertEquals(new BigDecimal("9998.50"), two.decimalValue("avg_order"));
        assertEquals(new BigDecimal("-3.99"), two.decimalValue("smallest"));

        assertEquals(0.05 + 12.5 + 0.01, one.doubleValue("revenue_d"), "event order, as a plain loop adds");
        assertEquals((0.05 + 12.5 + 0.01) / 3, one.doubleValue("avg_d"));
        assertEquals(20000.99, two.doubleValue("largest_d"));
    }

    @Test
    void sinksWriteDecimalsAsDecimalsAndReadThemBack(@TempDir final Path dir) throws Exception
    {
        final InMemoryLog log = Pipelines.log(EVENTS);
        final Path csv = dir.resolve("out.csv");
        final Path epochs = dir.resolve("epochs");
        try (TextFileSink text = TextFileSink.csv(csv))
        {
            pipeline(log).sink(text).sink(new EpochFileSink(epochs)).build().run(ExecutionMode.BATCH);
        }
        final String written = Files.readString(csv);
        assertTrue(written.contains(",12.56,4.19,0.01,"), written);
        assertTrue(written.contains(",19997.00,9998.50,-3.99,"), written);

        final CommittedOutput committed = CommittedOutput.readEpochFiles(epochs, pipeline(log).sink(r -> { }).build().schema());
        final ResultRow two = committed.rows().stream().filter(r -> r.key() == 2).findFirst().orElseThrow();
        assertEquals(new BigDecimal("-3.99"), two.decimalValue("smallest"));
        assertEquals(new BigDecimal("19997.00"), two.decimalValue("revenue"));
    }

    @Test
    void aViewGathersWhatJobsWithoutCheckpointsEmitWhileAnEpochFileSinkStartsFresh(@TempDir final Path dir)
    {
        final LatestResultView view = new LatestResultView();
        final Path epochs = dir.resolve("epochs");
        pipeline(Pipelines.log(EVENTS)).sink(view).sink(new EpochFileSink(epochs)).build()
            .run(ExecutionMode.BATCH);
        // a second job over later events, as a batch layer on a schedule runs
        pipeline(Pipelines.log(TestEvent.of(1, 5000, 7))).sink(view).sink(new EpochFileSink(epochs)).build()
            .run(ExecutionMode.BATCH);
        assertEquals(3, view.rows().size(), "the view keeps the first job's two rows and adds the second's");
        final CommittedOutput committed =
            CommittedOutput.readEpochFiles(epochs, pipeline(Pipelines.log(EVENTS)).sink(r -> { }).build().schema());
        assertEquals(1, committed.rows().size(), "the file sink's directory holds the last run only");
    }

    @Test
    void aDecimalSumThatLeavesTheLongRangeFailsNamingItsOutput()
    {
        final InMemoryLog log = Pipelines.log(
            TestEvent.of(1, 1, Long.MAX_VALUE - 10), TestEvent.of(1, 2, 11));
        final Pipeline pipeline = Pipeline.from(log.all(), new TestEvent.TestCodec())
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(0))
            .keyBy(TestEvent::key)
            .window(TumblingWindows.of(1000))
            .aggregate(Aggregations.sumDecimal("revenue", TestEvent::value, 2))
            .sink(r -> { })
            .build();
        final Throwable thrown = assertThrows(RuntimeException.class, () -> pipeline.run(ExecutionMode.STREAMING));
        Throwable cause = thrown;
        while (!(cause instanceof ArithmeticException) && null != cause.getCause())
        {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains("sum 'revenue' overflows"), cause.getMessage());
    }

    @Test
    void aScaleOutsideZeroToEighteenIsRefusedNamingTheOutput()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Aggregations.sumDecimal("revenue", TestEvent::value, 19));
        assertTrue(ex.getMessage().contains("'revenue'") && ex.getMessage().contains("0..18"), ex.getMessage());
    }
}

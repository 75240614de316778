package dev.sluice.core;

import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.function.KeyType;
import dev.sluice.core.function.PipelineDefinitionException;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.source.EventAppender;
import dev.sluice.core.source.LogSource;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.GlobalWindows;
import dev.sluice.core.window.SessionWindows;
import dev.sluice.core.window.TumblingWindows;
import dev.sluice.core.window.WindowAssigner;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Lambda architecture of one pipeline: batch view up to the cutoff, speed view after it, served merged; cutoffs
 * by position, record and time; what it refuses and what it answers with nothing.
 */
class LambdaJobTest
{
    static Log open(final Path dir)
    {
        return Log.open(dir, LogConfig.builder().segmentLength(256 * 1024).maxRecordLength(1024).build());
    }

    static Supplier<Pipeline> pipeline(final Log log, final WindowAssigner windows)
    {
        return () -> MergedResultViewProperties.pipelineOver(LogSource.range(log), windows, new LatestResultView());
    }

    static List<ResultRow> batchOfEverything(final Log log, final WindowAssigner windows)
    {
        final LatestResultView view = new LatestResultView();
        MergedResultViewProperties.pipelineOver(LogSource.range(log), windows, view).run(ExecutionMode.BATCH);
        return view.rows();
    }

    static void append(final EventAppender<TestEvent> appender, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            // out of order by up to 300 ms, and every 50th event 5 s late
            final long time = i * 10L - (i % 7) * 40 - (i % 50 == 0 && i > 0 ? 5_000 : 0);
            appender.append(new TestEvent(i % 5, Math.max(0, time), (i * 31L) % 97), 1_000);
        }
    }

    @Test
    void shouldServeBatchAndSpeedMergedAsOneBatchRunOverEverything(@TempDir final Path dir) throws Exception
    {
        try (Log log = open(dir))
        {
            final EventAppender<TestEvent> appender = new EventAppender<>(log.appender(), new TestEvent.TestCodec());
            append(appender, 0, 1_000);
            final WindowAssigner windows = TumblingWindows.of(1_000);
            try (LambdaJob lambda = LambdaJob.start(pipeline(log, windows)))
            {
                append(appender, 1_000, 1_500);
                assertTrue(lambda.awaitServed(log.tailPosition(), 10, TimeUnit.SECONDS));
                assertEquals(batchOfEverything(log, windows), lambda.rows(), "before any cutoff: the speed layer alone");

                final LambdaJob.CutoffMove first = lambda.moveCutoff(Cutoff.atRecord(600));
                assertEquals(log.startPosition(), first.fromPosition());
                assertEquals(log.positionOfRecord(600), first.toPosition());
                assertEquals(600, first.batch().recordsIn());
                assertEquals(first.toPosition(), lambda.cutoff());
                assertEquals(600, first.recordsHandedOver());

                append(appender, 1_500, 2_200);
                final LambdaJob.CutoffMove second = lambda.moveCutoff(Cutoff.atHead());
                assertEquals(first.toPosition(), second.fromPosition());
                assertEquals(2_200, second.batch().recordsIn());
                assertEquals(1_600, second.recordsHandedOver());

                append(appender, 2_200, 3_000);
                assertTrue(lambda.awaitServed(log.tailPosition(), 10, TimeUnit.SECONDS));
                final List<ResultRow> expected = batchOfEverything(log, windows);
                assertEquals(expected, lambda.rows());
                for (final ResultRow row : expected)
                {
                    assertEquals(row, lambda.get(row.windowStart(), row.key()));
                }
            }
        }
    }

    @Test
    void shouldServeAGlobalAggregationByKeyAndAValueKeyedOne(@TempDir final Path dir) throws Exception
    {
        try (Log log = open(dir))
        {
            final EventAppender<TestEvent> appender = new EventAppender<>(log.appender(), new TestEvent.TestCodec());
            append(appender, 0, 500);
            final Supplier<Pipeline> named = () -> Pipeline.from(LogSource.range(log), new TestEvent.TestCodec())
                .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(300))
                .keyBy(e -> "key-" + e.key, KeyType.strings().named("name"))
                .window(GlobalWindows.create())
                .aggregate(Aggregations.count("count"), Aggregations.distinctCount("distinct", TestEvent::value),
                    Aggregations.medianAndP99("value", TestEvent::value))
                .sink(new LatestResultView())
                .build();
            try (LambdaJob lambda = LambdaJob.start(named))
            {
                lambda.moveCutoff(Cutoff.atHead());
                append(appender, 500, 800);
                assertTrue(lambda.awaitServed(log.tailPosition(), 10, TimeUnit.SECONDS));

                final LatestResultView all = new LatestResultView();
                final Pipeline batch = Pipeline.from(LogSource.range(log), new TestEvent.TestCodec())
                    .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(300))
                    .keyBy(e -> "key-" + e.key, KeyType.strings().named("name"))
                    .window(GlobalWindows.create())
                    .aggregate(Aggregations.count("count"), Aggregations.distinctCount("distinct", TestEvent::value),
                        Aggregations.medianAndP99("value", TestEvent::value))
                    .sink(all)
                    .build();
                batch.run(ExecutionMode.BATCH);
                for (int k = 0; k < 5; k++)
                {
                    final ResultRow expected = all.get(GlobalWindows.START, "key-" + k);
                    final ResultRow served = lambda.get("key-" + k);
                    assertEquals(expected, served);
                    assertEquals("key-" + k, served.keyValue());
                    assertEquals(160, served.longValue("count"));
                }
            }
        }
    }

    @Test
    void shouldAnswerAnUnknownKeyOrAnEmptyRangeWithNothing(@TempDir final Path dir) throws Exception
    {
        try (Log log = open(dir))
        {
            final EventAppender<TestEvent> appender = new EventAppender<>(log.appender(), new TestEvent.TestCodec());
            append(appender, 0, 100);
            try (LambdaJob lambda = LambdaJob.start(pipeline(log, TumblingWindows.of(1_000))))
            {
                assertTrue(lambda.awaitServed(log.tailPosition(), 10, TimeUnit.SECONDS));
                assertNull(lambda.get(0, 99L));
                assertNull(lambda.get(0, (Object)null));
                assertNull(lambda.get(123, 1L), "no window starts at 123");
                assertNull(lambda.range(1L, 5_000, 5_000), "an empty range");
                assertNull(lambda.range(1L, 10_000, 2_000), "a range that ends before it starts");
                assertNull(lambda.range(99L, Long.MIN_VALUE, Long.MAX_VALUE));
                final ResultRow firstSecond = lambda.range(1L, 0, 1_000);
                assertEquals(lambda.get(0, 1L), firstSecond);
                assertEquals(20, lambda.range(1L, Long.MIN_VALUE, Long.MAX_VALUE).longValue("count"));
            }
        }
    }

    @Test
    void shouldRefuseACutoffPastTheHeadBackwardsOrBetweenRecordsAndServeOnUnchanged(@TempDir final Path dir)
        throws Exception
    {
        final long[] nowNs = { 1_000_000 };
        try (Log log = Log.open(dir, LogConfig.builder().segmentLength(256 * 1024).maxRecordLength(1024)
            .clock(() -> nowNs[0]).build()))
        {
            final EventAppender<TestEvent> appender = new EventAppender<>(log.appender(), new TestEvent.TestCodec());
            for (int i = 0; i < 100; i++)
            {
                nowNs[0] = 1_000_000 + i * 1_000L;
                appender.append(new TestEvent(i % 5, i * 10L, i), 1_000);
            }
            try (LambdaJob lambda = LambdaJob.start(pipeline(log, TumblingWindows.of(1_000))))
            {
                lambda.moveCutoff(Cutoff.atTimestampNs(1_050_000));
                assertEquals(log.positionOfRecord(50), lambda.cutoff());
                assertTrue(lambda.awaitServed(log.tailPosition(), 10, TimeUnit.SECONDS));
                final List<ResultRow> before = lambda.rows();

                final IllegalArgumentException pastHead = assertThrows(IllegalArgumentException.class,
                    () -> lambda.moveCutoff(Cutoff.atPosition(log.tailPosition() + 64)));
                assertTrue(pastHead.getMessage().contains("past the head") &&
                    pastHead.getMessage().contains("Cutoff.atHead()"), pastHead.getMessage());
                final IllegalArgumentException pastRecords = assertThrows(IllegalArgumentException.class,
                    () -> lambda.moveCutoff(Cutoff.atRecord(101)));
                assertTrue(pastRecords.getMessage().contains("holds 100 records"), pastRecords.getMessage());
                final IllegalArgumentException pastTime = assertThrows(IllegalArgumentException.class,
                    () -> lambda.moveCutoff(Cutoff.atTimestampNs(5_000_000)));
                assertTrue(pastTime.getMessage().contains("past the head"), pastTime.getMessage());

                final IllegalArgumentException backwards = assertThrows(IllegalArgumentException.class,
                    () -> lambda.moveCutoff(Cutoff.atRecord(10)));
                assertTrue(backwards.getMessage().contains("before the current cutoff") &&
                    backwards.getMessage().contains("move it forward"), backwards.getMessage());

                final IllegalArgumentException between = assertThrows(IllegalArgumentException.class,
                    () -> lambda.moveCutoff(Cutoff.atPosition(log.positionOfRecord(60) + 8)));
                assertTrue(between.getMessage().contains("not where a record"), between.getMessage());

                assertEquals(log.positionOfRecord(50), lambda.cutoff());
                assertEquals(before, lambda.rows(), "a refused cutoff changes nothing served");
                assertEquals(batchOfEverything(log, TumblingWindows.of(1_000)), lambda.rows());
            }
        }
    }

    @Test
    void shouldRefusePipelinesThatCannotRunAsLayers(@TempDir final Path dir)
    {
        try (Log log = open(dir))
        {
            final Pipeline shared = MergedResultViewProperties.pipelineOver(LogSource.range(log),
                TumblingWindows.of(1_000), new LatestResultView());
            try (LambdaJob lambda = LambdaJob.start(() -> shared))
            {
                final PipelineDefinitionException sharing = assertThrows(PipelineDefinitionException.class,
                    () -> lambda.moveCutoff(Cutoff.atHead()));
                assertTrue(sharing.getMessage().contains("sharing one codec"), sharing.getMessage());
            }

            final PipelineDefinitionException sessions = assertThrows(PipelineDefinitionException.class,
                () -> LambdaJob.start(pipeline(log, SessionWindows.withGap(100))));
            assertTrue(sessions.getMessage().contains("TumblingWindows or GlobalWindows"), sessions.getMessage());

            final PipelineDefinitionException batchSpeed = assertThrows(PipelineDefinitionException.class,
                () -> LambdaJob.start(pipeline(log, GlobalWindows.create()), ExecutionConfig.batch()));
            assertTrue(batchSpeed.getMessage().contains("STREAMING"), batchSpeed.getMessage());
        }
    }
}

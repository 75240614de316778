package dev.sluice.core;

import dev.sluice.core.function.JobFailedException;
import dev.sluice.core.function.MalformedRecordException;
import dev.sluice.core.function.PipelineDefinitionException;
import dev.sluice.core.function.RecordErrorHandler;
import dev.sluice.core.sink.CollectingSink;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.source.InMemoryLog;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.TumblingWindows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorHandlingTest
{
    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void shouldFailTheJobNamingThePositionOfAMalformedRecord(final ExecutionMode mode)
    {
        final InMemoryLog log = Pipelines.log(TestEvent.of(1, 1, 1));
        final long badPosition = log.appendBytes(new byte[5]);
        Pipelines.append(log, TestEvent.of(1, 2, 1));
        final Pipeline pipeline = Pipelines.pipeline(log.all(), 10, 0, new CollectingSink());

        final JobFailedException ex = assertThrows(JobFailedException.class, () -> pipeline.run(mode));

        assertEquals(badPosition, ex.position());
        assertTrue(ex.getMessage().contains("position " + badPosition), ex.getMessage());
        assertTrue(ex.getMessage().contains("skipAndCount"), ex.getMessage());
        assertTrue(ex.getCause() instanceof MalformedRecordException);
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void shouldSkipAndCountMalformedRecordsWhenAskedTo(final ExecutionMode mode)
    {
        final InMemoryLog log = Pipelines.log(TestEvent.of(1, 1, 1));
        log.appendBytes(new byte[5]);
        final long poisonPosition = log.append(new TestEvent.TestCodec(), TestEvent.of(1, 2, TestEvent.TestCodec.POISON));
        Pipelines.append(log, TestEvent.of(1, 3, 4));
        final LatestResultView view = new LatestResultView();

        final JobReport report = Pipelines.define(log.all(), 10, WatermarkStrategy.boundedOutOfOrderness(0), view)
            .onRecordError(RecordErrorHandler.skipAndCount())
            .build()
            .run(mode);

        assertEquals(4, report.recordsIn());
        assertEquals(2, report.recordsSkipped());
        assertEquals(poisonPosition, report.lastErrorPosition());
        assertEquals(2, view.get(0, 1).longValue("count"));
        assertEquals(5, view.get(0, 1).longValue("sum"));
    }

    @Test
    void shouldHandAnExceptionFromAUserFunctionToTheErrorHandlerWithThePosition()
    {
        final InMemoryLog log = Pipelines.log(TestEvent.of(1, 1, 1), TestEvent.of(1, 2, 0), TestEvent.of(1, 3, 2));
        final long[] failedAt = { -1 };
        final LatestResultView view = new LatestResultView();
        final JobReport report = Pipeline.from(log.all(), new TestEvent.TestCodec())
            .filter(e -> 10 / e.value > 0)
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(0))
            .keyBy(TestEvent::key)
            .window(TumblingWindows.of(10))
            .aggregate(Reference.aggregations())
            .sink(view)
            .onRecordError((position, error) ->
            {
                failedAt[0] = position;
                return error instanceof ArithmeticException;
            })
            .build()
            .run(ExecutionMode.STREAMING);

        assertEquals(1, report.recordsSkipped());
        assertEquals(report.lastErrorPosition(), failedAt[0]);
        assertEquals(2, view.get(0, 1).longValue("count"));
    }

    @Test
    void shouldRejectAnEventTimeWindowWithoutWatermarkStrategyNamingTheFix()
    {
        final PipelineDefinitionException ex = assertThrows(PipelineDefinitionException.class, () ->
            Pipeline.from(new InMemoryLog().all(), new TestEvent.TestCodec())
                .keyBy(TestEvent::key)
                .window(TumblingWindows.of(10))
                .aggregate(Reference.aggregations())
                .sink(new CollectingSink())
                .build());
        assertTrue(ex.getMessage().contains("withTimestamps("), ex.getMessage());
        assertTrue(ex.getMessage().contains("WatermarkStrategy.boundedOutOfOrderness"), ex.getMessage());
    }

    @Test
    void shouldRejectZeroAndNegativeWindowSizeNamingTheFix()
    {
        for (final long size : new long[]{ 0, -5 })
        {
            final PipelineDefinitionException ex = assertThrows(PipelineDefinitionException.class, () ->
                Pipelines.define(new InMemoryLog().all(), size, WatermarkStrategy.boundedOutOfOrderness(0),
                    new CollectingSink()).build());
            assertTrue(ex.getMessage().contains("window size " + size + " ms"), ex.getMessage());
            assertTrue(ex.getMessage().contains("TumblingWindows.of"), ex.getMessage());
        }
    }

    @Test
    void shouldRunANoWatermarkPipelineInBatchOnly()
    {
        final Pipeline pipeline = Pipelines.define(Pipelines.all(TestEvent.of(1, 1, 1)), 10,
            WatermarkStrategy.none(), new CollectingSink()).build();

        assertEquals(1, pipeline.run(ExecutionMode.BATCH).resultsEmitted());
        final PipelineDefinitionException ex = assertThrows(PipelineDefinitionException.class,
            () -> pipeline.newJob(ExecutionConfig.streaming()));
        assertTrue(ex.getMessage().contains("only in BATCH"), ex.getMessage());
        assertTrue(ex.getMessage().contains("boundedOutOfOrderness"), ex.getMessage());
    }

    @Test
    void shouldRejectIncompleteDefinitionsNamingTheMissingCall()
    {
        final InMemoryLog log = new InMemoryLog();
        assertTrue(assertThrows(PipelineDefinitionException.class, () ->
            Pipeline.from(log.all(), new TestEvent.TestCodec())
                .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(0))
                .aggregate(Reference.aggregations())
                .sink(new CollectingSink())
                .build()).getMessage().contains("window(TumblingWindows.of"));
        assertTrue(assertThrows(PipelineDefinitionException.class, () ->
            Pipeline.from(log.all(), new TestEvent.TestCodec())
                .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(0))
                .window(TumblingWindows.of(10))
                .sink(new CollectingSink())
                .build()).getMessage().contains("aggregate("));
        assertTrue(assertThrows(PipelineDefinitionException.class, () ->
            Pipeline.from(log.all(), new TestEvent.TestCodec())
                .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(0))
                .window(TumblingWindows.of(10))
                .aggregate(Reference.aggregations())
                .build()).getMessage().contains("sink("));
        assertTrue(assertThrows(PipelineDefinitionException.class, () ->
            Pipelines.define(log.all(), 10, WatermarkStrategy.boundedOutOfOrderness(0), new CollectingSink())
                .allowedLateness(-1)
                .build()).getMessage().contains("allowedLateness -1"));
        assertTrue(assertThrows(PipelineDefinitionException.class, () ->
            Pipeline.from(log.all(), new TestEvent.TestCodec())
                .keyBy(TestEvent::key)
                .map(e -> e)).getMessage().contains("move map before"));
        assertThrows(IllegalArgumentException.class, () -> WatermarkStrategy.boundedOutOfOrderness(-1));
        assertTrue(assertThrows(PipelineDefinitionException.class, () ->
            Pipelines.define(log.all(), 10, WatermarkStrategy.boundedOutOfOrderness(0), new CollectingSink())
                .aggregate(dev.sluice.core.aggregate.Aggregations.count("count"))
                .build()).getMessage().contains("'count' is used twice"));
    }
}

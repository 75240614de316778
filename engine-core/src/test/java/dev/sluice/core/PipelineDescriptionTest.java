package dev.sluice.core;

import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.function.EventTimeFunction;
import dev.sluice.core.function.FlatMapFunction;
import dev.sluice.core.function.KeyFunction;
import dev.sluice.core.function.LateEventHandler;
import dev.sluice.core.function.RecordErrorHandler;
import dev.sluice.core.function.Transform;
import dev.sluice.core.sink.CollectingSink;
import dev.sluice.core.source.InMemoryLog;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.TumblingWindows;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A built pipeline is a description any runner can read: the user's own functions and parts, in order, and it
 * never changes once built, whatever is done to its builder afterwards.
 */
class PipelineDescriptionTest
{
    private final InMemoryLog log = new InMemoryLog();
    private final TestEvent.TestCodec codec = new TestEvent.TestCodec();

    @Test
    void shouldDescribeEveryPartWithTheUsersOwnObjects()
    {
        final Function<TestEvent, TestEvent> identity = event -> event;
        final Predicate<TestEvent> keep = event -> event.value >= 0;
        final FlatMapFunction<TestEvent, TestEvent> twice = (event, out) -> out.emit(event);
        final EventTimeFunction<TestEvent> time = TestEvent::time;
        final WatermarkStrategy<TestEvent> watermarks = WatermarkStrategy.boundedOutOfOrderness(5);
        final KeyFunction<TestEvent> key = TestEvent::key;
        final TumblingWindows windows = TumblingWindows.of(100);
        final CollectingSink sink = new CollectingSink();
        final LateEventHandler<TestEvent> late = (event, eventTime, watermark, position) -> { };
        final RecordErrorHandler errors = RecordErrorHandler.skipAndCount();

        final Pipeline pipeline = Pipeline.from(log.all(), codec)
            .map(identity).filter(keep).flatMap(twice)
            .withTimestamps(time, watermarks)
            .keyBy(key)
            .window(windows)
            .aggregate(Aggregations.count("n"), Aggregations.sum("total", TestEvent::value))
            .allowedLateness(7)
            .lateEvents(late)
            .onRecordError(errors)
            .sink(sink)
            .build();

        assertSame(codec, pipeline.codec());
        assertEquals(3, pipeline.transforms().size());
        assertSame(identity, assertInstanceOf(Transform.Map.class, pipeline.transforms().get(0)).function());
        assertSame(keep, assertInstanceOf(Transform.Filter.class, pipeline.transforms().get(1)).predicate());
        assertSame(twice, assertInstanceOf(Transform.FlatMap.class, pipeline.transforms().get(2)).function());
        assertSame(time, pipeline.eventTime());
        assertSame(watermarks, pipeline.watermarkStrategy());
        assertSame(key, pipeline.key());
        assertSame(windows, pipeline.windows());
        assertEquals(2, pipeline.aggregations().size());
        assertEquals("total", pipeline.schema().name(pipeline.schema().fieldCount() - 1));
        assertEquals(7, pipeline.allowedLatenessMs());
        assertSame(late, pipeline.lateEventHandler());
        assertSame(errors, pipeline.recordErrorHandler());
        assertEquals(List.of(sink), pipeline.sinks());
        assertThrows(UnsupportedOperationException.class, () -> pipeline.sinks().add(new CollectingSink()));
        assertThrows(UnsupportedOperationException.class, () -> pipeline.transforms().clear());
        assertThrows(UnsupportedOperationException.class, () -> pipeline.aggregations().clear());
    }

    /** What one may still do to a builder after it built a pipeline. */
    enum LaterCall
    {
        SINK, AGGREGATE, LATENESS, LATE_EVENTS, ERRORS, KEY, WINDOW, TIMESTAMPS
    }

    @Provide
    Arbitrary<List<LaterCall>> laterCalls()
    {
        return Arbitraries.of(LaterCall.class).list().ofMaxSize(12);
    }

    @Property(tries = 200)
    void shouldNotChangeOnceBuiltWhateverTheBuilderDoesAfterwards(@ForAll("laterCalls") final List<LaterCall> calls)
    {
        final PipelineBuilder<TestEvent> builder = Pipeline.from(log.all(), codec)
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(5))
            .window(TumblingWindows.of(100))
            .aggregate(Aggregations.count("n"))
            .sink(new CollectingSink());
        final Pipeline pipeline = builder.build();
        final String before = describe(pipeline);

        for (final LaterCall call : calls)
        {
            switch (call)
            {
                case SINK -> builder.sink(new CollectingSink());
                case AGGREGATE -> builder.aggregate(Aggregations.max("most", TestEvent::value));
                case LATENESS -> builder.allowedLateness(1_000);
                case LATE_EVENTS -> builder.lateEvents((event, eventTime, watermark, position) -> { });
                case ERRORS -> builder.onRecordError(RecordErrorHandler.skipAndCount());
                case KEY -> builder.keyBy(TestEvent::key);
                case WINDOW -> builder.window(TumblingWindows.of(10));
                case TIMESTAMPS -> builder.withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(1));
                default -> throw new AssertionError(call);
            }
        }
        assertEquals(before, describe(pipeline));
        // and it still runs as built: one sink, one aggregation
        assertEquals(1, pipeline.sinks().size());
    }

    private static String describe(final Pipeline pipeline)
    {
        return pipeline.stateLayout() + "|" + pipeline.sinks() + "|" + pipeline.lateEventHandler() + "|" +
            pipeline.recordErrorHandler() + "|" + pipeline.key() + "|" + pipeline.windows() + "|" +
            pipeline.eventTime() + "|" + pipeline.watermarkStrategy() + "|" + pipeline.transforms();
    }
}

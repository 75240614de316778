package dev.sluice.core;

import dev.sluice.core.function.Emitter;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.TumblingWindows;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StagesTest
{
    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void shouldChainMapFilterAndFlatMapLikeTheirPlainEquivalent(final ExecutionMode mode)
    {
        final List<TestEvent> input = new ArrayList<>();
        for (int i = 0; i < 500; i++)
        {
            input.add(TestEvent.of(i % 7, i, i % 11));
        }
        final List<TestEvent> expected = new ArrayList<>();
        for (final TestEvent e : input)
        {
            if (e.value % 2 == 0)
            {
                for (int copy = 0; copy < e.value % 3; copy++)
                {
                    expected.add(TestEvent.of(e.key * 10 + copy, e.time, e.value + 1));
                }
            }
        }

        final TestEvent mapped = new TestEvent();
        final TestEvent flat = new TestEvent();
        final LatestResultView view = new LatestResultView();
        Pipeline.from(Pipelines.all(input.toArray(new TestEvent[0])), new TestEvent.TestCodec())
            .filter(e -> e.value % 2 == 0)
            .map(e ->
            {
                mapped.key = e.key;
                mapped.time = e.time;
                mapped.value = e.value + 1;
                return mapped;
            })
            .flatMap((TestEvent e, Emitter<TestEvent> out) ->
            {
                for (int copy = 0; copy < (e.value - 1) % 3; copy++)
                {
                    flat.key = e.key * 10 + copy;
                    flat.time = e.time;
                    flat.value = e.value;
                    out.emit(flat);
                }
            })
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(0))
            .keyBy(TestEvent::key)
            .window(TumblingWindows.of(50))
            .aggregate(Reference.aggregations())
            .sink(view)
            .build()
            .run(mode);

        assertEquals(Reference.groupBy(expected, 50, 0), Reference.of(view.rows()));
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void shouldComputeDoubleOutputsAvgAndQuantilesPerWindow(final ExecutionMode mode)
    {
        final List<TestEvent> input = new ArrayList<>();
        for (int i = 1; i <= 1000; i++)
        {
            input.add(TestEvent.of(1, i % 100, i));
        }
        final LatestResultView view = new LatestResultView();
        Pipeline.from(Pipelines.all(input.toArray(new TestEvent[0])), new TestEvent.TestCodec())
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(100))
            .keyBy(TestEvent::key)
            .window(TumblingWindows.of(1000))
            .aggregate(
                dev.sluice.core.aggregate.Aggregations.avg("avg", TestEvent::value),
                dev.sluice.core.aggregate.Aggregations.medianAndP99("value", TestEvent::value))
            .sink(view)
            .build()
            .run(mode);

        final dev.sluice.core.sink.ResultRow row = view.get(0, 1);
        assertEquals(500.5, row.doubleValue("avg"), 1e-9);
        assertEquals(500, row.doubleValue("value_p50"), 500 * 0.01);
        assertEquals(990, row.doubleValue("value_p99"), 990 * 0.01);
    }
}

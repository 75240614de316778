package dev.sluice.core;

import dev.sluice.core.aggregate.Aggregation;
import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.sink.MergeableResultView;
import dev.sluice.core.sink.MergedResultView;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.source.InMemoryLog;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.TumblingWindows;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Views of one pipeline over disjoint parts of a log, merged per (window, key) with each aggregation's merge, answer
 * as one BATCH run over the whole: counts, sums, min and max, exact distinct counts, a user's aggregation, exact
 * decimal sums and means, and quantile sketches, to the bit. A view's checkpoint restores it whole.
 */
class MergedResultViewProperties
{
    @Property(tries = 60)
    void mergedViewsAnswerAsOneBatchRun(
        @ForAll("events") final List<TestEvent> events,
        @ForAll @IntRange(min = 1, max = 4) final int parts,
        @ForAll("seeds") final long seed)
    {
        final InMemoryLog log = Pipelines.log(events.toArray(new TestEvent[0]));
        final long[] cuts = cuts(log, events.size(), parts, seed);

        final LatestResultView whole = new LatestResultView();
        pipeline(log.all(), whole).run(ExecutionMode.BATCH);

        final List<MergeableResultView> views = new ArrayList<>();
        for (int p = 0; p < parts; p++)
        {
            final MergeableResultView view = new MergeableResultView();
            pipeline(log.range(cuts[p], cuts[p + 1]), view).run(ExecutionMode.BATCH);
            views.add(view);
        }
        final MergedResultView merged = new MergedResultView(views);

        assertEquals(whole.rows(), merged.rows());
        for (final ResultRow row : whole.rows())
        {
            final ResultRow answer = merged.get(row.windowStart(), row.key());
            assertEquals(row, answer);
            assertEquals(row.windowEnd(), answer.windowEnd());
        }
        assertNull(merged.get(0, 1_000L), "a key no view has answers null");
        assertNull(merged.range(1_000L, 0, 10_000), "a range of a key no view has answers null");
        assertNull(merged.range(0L, 500, 500), "an empty range answers null");
    }

    @Property(tries = 40)
    void aRangeOfWindowsMergesTheirAccumulators(
        @ForAll("events") final List<TestEvent> events,
        @ForAll @IntRange(min = 0, max = 1_000) final int from,
        @ForAll @IntRange(min = 0, max = 1_100) final int length)
    {
        final InMemoryLog log = Pipelines.log(events.toArray(new TestEvent[0]));
        final MergeableResultView view = new MergeableResultView();
        pipeline(log.all(), view).run(ExecutionMode.BATCH);

        // the range's windows hold exactly the events of the windows within it: one BATCH run over those events
        final long fromMs = from / 100 * 100;
        final long toMs = (from + length) / 100 * 100;
        final List<TestEvent> inRange = events.stream().filter(e -> e.time >= fromMs && e.time < toMs).toList();
        final LatestResultView reference = new LatestResultView();
        final InMemoryLog rangeLog = Pipelines.log(inRange.toArray(new TestEvent[0]));
        Pipeline.from(rangeLog.all(), new TestEvent.TestCodec())
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(1_000))
            .keyBy(TestEvent::key)
            .window(dev.sluice.core.window.GlobalWindows.create())
            .aggregate(aggregations())
            .sink(reference)
            .build()
            .run(ExecutionMode.BATCH);

        for (long key = 0; key < 5; key++)
        {
            final ResultRow expected = reference.get(dev.sluice.core.window.GlobalWindows.START, key);
            final ResultRow answer = new MergedResultView(List.of(view)).range(key, fromMs, toMs);
            if (null == expected)
            {
                assertNull(answer);
                continue;
            }
            assertNotNull(answer, "key " + key);
            assertArrayEquals(values(expected), values(answer), "key " + key + " in [" + fromMs + ", " + toMs + ")");
        }
    }

    @Property(tries = 30)
    void aCheckpointOfTheViewRestoresItWhole(@ForAll("events") final List<TestEvent> events)
    {
        final InMemoryLog log = Pipelines.log(events.toArray(new TestEvent[0]));
        final MergeableResultView view = new MergeableResultView();
        final Pipeline pipeline = pipeline(log.all(), view);
        pipeline.run(ExecutionMode.BATCH);

        final StateOutput mark = new StateOutput(1 << 10);
        view.snapshot(1, mark);
        final MergeableResultView restored = new MergeableResultView();
        restored.init(pipeline.schema());
        restored.restore(mark.asInput());

        assertEquals(view.rows(), restored.rows());
        assertEquals(view.size(), restored.size());
        assertEquals(view.emissions(), restored.emissions());
    }

    private static long[] values(final ResultRow row)
    {
        final long[] values = new long[row.schema().fieldCount()];
        for (int f = 0; f < values.length; f++)
        {
            values[f] = row.rawBits(f);
        }
        return values;
    }

    private static long[] cuts(final InMemoryLog log, final int events, final int parts, final long seed)
    {
        // record boundaries of the in-memory log are multiples of one record's length
        final long recordLength = events == 0 ? 0 : log.tailPosition() / events;
        final java.util.Random random = new java.util.Random(seed);
        final long[] cuts = new long[parts + 1];
        for (int p = 1; p < parts; p++)
        {
            cuts[p] = recordLength * random.nextInt(events + 1);
        }
        cuts[parts] = log.tailPosition();
        Arrays.sort(cuts, 1, parts);
        return cuts;
    }

    static Pipeline pipeline(final dev.sluice.core.source.Source source, final ResultSink sink)
    {
        return pipelineOver(source, TumblingWindows.of(100), sink);
    }

    /**
     * @return test events keyed by their key, in {@code windows}, with every kind of aggregation (the reference
     * ones, exact decimals and quantiles), a watermark 300 ms behind.
     */
    static Pipeline pipelineOver(
        final dev.sluice.core.source.Source source,
        final dev.sluice.core.window.WindowAssigner windows,
        final ResultSink sink)
    {
        return Pipeline.from(source, new TestEvent.TestCodec())
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(300))
            .keyBy(TestEvent::key)
            .window(windows)
            .aggregate(aggregations())
            .sink(sink)
            .build();
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    static Aggregation<TestEvent>[] aggregations()
    {
        final List<Aggregation<TestEvent>> all = new ArrayList<>(Arrays.asList(Reference.aggregations()));
        all.add(Aggregations.sumDecimal("revenue", TestEvent::value, 2));
        all.add(Aggregations.avgDecimal("mean", TestEvent::value, 2));
        all.add(Aggregations.quantiles("value", TestEvent::value, 0.01, 0.5, 0.99));
        return all.toArray(new Aggregation[0]);
    }

    @Provide
    Arbitrary<List<TestEvent>> events()
    {
        return events(4, 999, 200);
    }

    /**
     * @return lists of events with keys 0..maxKey, times 0..maxTime in any order, values from -50 to 5000.
     */
    static Arbitrary<List<TestEvent>> events(final long maxKey, final long maxTime, final int maxSize)
    {
        return Combinators.combine(
                Arbitraries.longs().between(0, maxKey),
                Arbitraries.longs().between(0, maxTime),
                Arbitraries.longs().between(-50, 5_000))
            .as(TestEvent::of)
            .list().ofMaxSize(maxSize);
    }

    @Provide
    Arbitrary<Long> seeds()
    {
        return Arbitraries.longs();
    }
}

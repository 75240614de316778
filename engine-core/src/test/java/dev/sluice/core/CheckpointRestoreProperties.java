package dev.sluice.core;

import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.source.InMemoryLog;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.EarlyResults;
import dev.sluice.core.window.GlobalWindows;
import dev.sluice.core.window.HoppingWindows;
import dev.sluice.core.window.SessionWindows;
import dev.sluice.core.window.TumblingWindows;
import dev.sluice.core.window.WindowAssigner;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Crash + restore == uninterrupted, for random pipelines' state: random events (keys, disorder, late events),
 * window size and offset, watermark bound, allowed lateness, mode, micro-batch size, checkpoint spacing and crash
 * point, with every kind of aggregation. A first job checkpoints every k records and is abandoned at a random
 * record (a simulated kill: nothing of it is closed or flushed); a second job restores the newest checkpoint and
 * finishes. The sinks' durable output, the rebuilt latest-result view and the report counters equal those of a
 * job that never stopped.
 */
class CheckpointRestoreProperties
{
    record Scenario(List<TestEvent> events, long size, long offset, long bound, long lateness, boolean streaming,
                    int batch, int every, int crashAt, int windowKind, int earlyEvery)
    {
        /**
         * @return tumbling windows, hopping ones sliding by a third of their size, the global window, or
         * sessions with a gap of the size.
         */
        WindowAssigner windows()
        {
            return switch (windowKind)
            {
                case 0 -> TumblingWindows.of(size, offset);
                case 1 -> HoppingWindows.of(size, Math.max(1, size / 3), offset);
                case 2 -> GlobalWindows.create();
                default -> SessionWindows.withGap(size);
            };
        }

        /**
         * @return the allowed lateness, none for sessions (they refuse it).
         */
        long allowedLateness()
        {
            return windowKind == 3 ? 0 : lateness;
        }

        /**
         * @return every how many events early results come, none for sessions (they refuse them).
         */
        int earlyResultsEvery()
        {
            return windowKind == 3 ? 0 : earlyEvery;
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios()
    {
        return scenarios(1);
    }

    /**
     * @param minEvents the fewest events of a scenario.
     */
    Arbitrary<Scenario> scenarios(final int minEvents)
    {
        final Arbitrary<List<long[]>> raw = Combinators.combine(
            Arbitraries.longs().between(-2, 6),      // key
            Arbitraries.longs().between(0, 7),       // step of nominal time
            Arbitraries.longs().between(0, 40),      // jitter
            Arbitraries.longs().between(-20, 20),    // value
            Arbitraries.integers().between(0, 9))    // 0: late
            .as((k, step, jitter, v, chance) -> new long[]{ k, step, jitter, v, chance })
            .list().ofMinSize(minEvents).ofMaxSize(150);
        final Arbitrary<long[]> shape = Combinators.combine(
            Arbitraries.longs().between(1, 60),      // size
            Arbitraries.longs().between(-30, 30),    // offset
            Arbitraries.longs().between(0, 40),      // bound
            Arbitraries.longs().between(0, 30),      // allowed lateness
            Arbitraries.longs().between(-500, 500))  // base time
            .as((s, o, b, l, base) -> new long[]{ s, o, b, l, base });
        final Arbitrary<int[]> run = Combinators.combine(
            Arbitraries.integers().between(0, 1),    // streaming?
            Arbitraries.integers().between(1, 30),   // micro-batch size
            Arbitraries.integers().between(1, 40),   // checkpoint every
            Arbitraries.integers().between(0, 160),  // crash after this many records
            Arbitraries.integers().between(0, 3),    // window kind
            Arbitraries.integers().between(-4, 6))   // early results every this many events (none when <= 0)
            .as((st, b, e, c, w, early) -> new int[]{ st, b, e, c, w, early });
        return Combinators.combine(raw, shape, run).as((rows, sh, r) ->
        {
            final List<TestEvent> events = new ArrayList<>();
            long nominal = sh[4];
            for (final long[] row : rows)
            {
                nominal += row[1];
                long time = nominal - Math.min(row[2], sh[2]);
                if (row[4] == 0)
                {
                    time -= sh[2] + 1 + row[1] * 11;
                }
                events.add(new TestEvent(row[0], time, row[3]));
            }
            return new Scenario(events, sh[0], sh[1], sh[2], sh[3], r[0] == 1, r[1], r[2],
                Math.min(r[3], events.size()), r[4], Math.max(0, r[5]));
        });
    }

    private static Pipeline pipeline(final InMemoryLog log, final Scenario s, final List<String> durable,
        final LatestResultView view)
    {
        return define(log.all(), s).sink(new RecordingSink(durable)).sink(view).build();
    }

    /**
     * @return the scenario's pipeline over {@code source}, every kind of aggregation, up to its sinks.
     */
    @SuppressWarnings("unchecked")
    static PipelineBuilder<TestEvent> define(final dev.sluice.core.source.Source source, final Scenario s)
    {
        return Pipeline.from(source, new TestEvent.TestCodec())
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(s.bound()))
            .keyBy(TestEvent::key)
            .window(s.windows())
            .aggregate(
                Aggregations.count("count"),
                Aggregations.sum("sum", TestEvent::value),
                Aggregations.min("min", TestEvent::value),
                Aggregations.max("max", TestEvent::value),
                Aggregations.avg("avg", TestEvent::value),
                Aggregations.longStats(TestEvent::value, "n", "total", "lo", "hi"),
                Aggregations.distinctCount("distinct", TestEvent::value),
                Aggregations.quantiles("q", TestEvent::value, 0.02, 0.5, 0.9),
                Aggregations.of("top2", new Reference.TopTwoSum()))
            .allowedLateness(s.allowedLateness())
            .earlyResults(s.earlyResultsEvery() > 0 ? EarlyResults.everyEvents(s.earlyResultsEvery()) :
                EarlyResults.none());
    }

    static ExecutionConfig config(final Scenario s)
    {
        return s.streaming() ? ExecutionConfig.streaming().pollLimit(1 + s.every() % 7) :
            ExecutionConfig.microBatch().maxRecordsPerBatch(s.batch());
    }

    private static List<Long> counters(final JobReport r)
    {
        return List.of(r.recordsIn(), r.eventsIn(), r.eventsLate(), r.eventsLateAccepted(), r.windowsFired(),
            r.resultsEmitted(), r.updatesEmitted(), r.batches());
    }

    @Property(tries = 300)
    void restoredRunEqualsUninterruptedRun(@ForAll("scenarios") final Scenario s) throws IOException
    {
        final InMemoryLog log = new InMemoryLog();
        final TestEvent.TestCodec codec = new TestEvent.TestCodec();
        for (final TestEvent e : s.events())
        {
            log.append(codec, e);
        }

        final List<String> expected = new ArrayList<>();
        final LatestResultView expectedView = new LatestResultView();
        final JobReport expectedReport = pipeline(log, s, expected, expectedView).run(config(s));

        final Path dir = Files.createTempDirectory("sluice-restore-");
        try
        {
            final List<String> durable = new ArrayList<>();
            final CheckpointConfig checkpoints = CheckpointConfig.in(dir).identity("property", 1)
                .everyRecords(s.every());
            final Job first = pipeline(log, s, durable, new LatestResultView())
                .newJob(config(s).checkpointing(checkpoints));
            while (!first.isDone() && first.recordsIn() < s.crashAt())
            {
                first.doWork();
            }
            // killed: the first job is abandoned as it is

            final LatestResultView view = new LatestResultView();
            final JobReport report;
            try (Job second = pipeline(log, s, durable, view).newJob(config(s).checkpointing(checkpoints)))
            {
                report = second.run();
            }
            assertEquals(expected, durable);
            assertEquals(expectedView.rows(), view.rows());
            assertEquals(counters(expectedReport), counters(report));
        }
        finally
        {
            try (Stream<Path> files = Files.walk(dir))
            {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}

package dev.sluice.core;

import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.function.PipelineDefinitionException;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.sink.WindowResult;
import dev.sluice.core.source.InMemoryLog;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.EarlyResults;
import dev.sluice.core.window.TumblingWindows;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Early results: an open window shows its running value before it closes, and the final results (values and
 * flags, in order) are exactly those of the same pipeline without early results.
 */
class EarlyResultsProperties
{
    @Property(tries = 200)
    void shouldLeaveTheFinalResultsExactlyAsWithoutEarlyResults(
        @ForAll("boundedDisorder") final ModeEquivalenceProperties.Scenario scenario,
        @ForAll @IntRange(min = -2, max = 12) final int every,
        @ForAll @IntRange(min = 1, max = 50) final int batchSize)
    {
        // sessions refuse early results (SessionWindowsTest)
        Assume.that(scenario.kind() != ModeEquivalenceProperties.WindowKind.SESSION);
        final EarlyResults early = every == -2 ? EarlyResults.onRequest() : every == -1 ? EarlyResults.everyPoll() :
            every == 0 ? EarlyResults.everyEvent() : EarlyResults.everyEvents(every);
        for (final ExecutionConfig config : List.of(
            ExecutionConfig.streaming().pollLimit(1 + batchSize % 7),
            ExecutionConfig.microBatch().maxRecordsPerBatch(batchSize)))
        {
            final Recorded without = run(scenario, config, EarlyResults.none());
            final Recorded with = run(scenario, config, early);
            assertEquals(without.finals, with.finals, config + " " + early);
            assertEquals(0, without.early.size());
            // every early result is a running value: its count grows towards the final one, never past it
            final Map<String, Long> lastCount = new HashMap<>();
            for (final ResultRow row : with.early)
            {
                final String id = row.windowStart() + "/" + row.key();
                final long count = row.longValue("count");
                final Long before = lastCount.put(id, count);
                assertTrue(before == null || count > before, "running count of " + id + " went " + before + " -> " +
                    count);
                assertTrue(count <= with.finalCount(id), id + ": early " + count + " > final");
            }
            if (!scenario.events().isEmpty() && (every == 0 || every == 1))
            {
                assertTrue(!with.early.isEmpty(), "after every event, some window was open");
            }
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<ModeEquivalenceProperties.Scenario> boundedDisorder()
    {
        return new ModeEquivalenceProperties().boundedDisorder();
    }

    @Test
    void shouldShowTheRunningValueOfAnOpenWindowInTheView()
    {
        final InMemoryLog log = new InMemoryLog();
        final TestEvent.TestCodec codec = new TestEvent.TestCodec();
        final LatestResultView view = new LatestResultView();
        final Pipeline pipeline = Pipeline.from(log.follow(), codec)
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(0))
            .keyBy(TestEvent::key)
            .window(TumblingWindows.of(1_000))
            .aggregate(Aggregations.count("count"), Aggregations.sum("sum", TestEvent::value))
            .earlyResults(EarlyResults.everyEvents(2))
            .sink(view)
            .build();
        try (Job job = pipeline.newJob(ExecutionConfig.streaming()))
        {
            log.append(codec, new TestEvent(7, 100, 5));
            job.doWork();
            assertEquals(null, view.get(0, 7), "one event: the next early result is after the second");
            log.append(codec, new TestEvent(7, 200, 6));
            job.doWork();
            final ResultRow running = view.get(0, 7);
            assertNotNull(running);
            assertTrue(running.isEarly() && running.isUpdate());
            assertEquals(2, running.longValue("count"));
            assertEquals(11, running.longValue("sum"));

            log.append(codec, new TestEvent(7, 1_500, 1)); // passes the window's end: it closes
            job.doWork();
            final ResultRow last = view.get(0, 7);
            assertTrue(!last.isEarly() && !last.isUpdate(), "the final result, as without early results: " + last);
            assertEquals(2, last.longValue("count"));
        }
    }

    /**
     * @return a count per key and second of the events of {@code log}'s tail into {@code view}.
     */
    private static Pipeline countsPerSecond(final InMemoryLog log, final EarlyResults early, final LatestResultView view)
    {
        return Pipeline.from(log.follow(), new TestEvent.TestCodec())
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(0))
            .keyBy(TestEvent::key)
            .window(TumblingWindows.of(1_000))
            .aggregate(Aggregations.count("count"))
            .earlyResults(early)
            .sink(view)
            .build();
    }

    @Test
    void shouldShowEveryRecordReadInTheViewAfterEachPoll()
    {
        final InMemoryLog log = new InMemoryLog();
        final TestEvent.TestCodec codec = new TestEvent.TestCodec();
        final LatestResultView view = new LatestResultView();
        final Pipeline pipeline = countsPerSecond(log, EarlyResults.everyPoll(), view);
        try (Job job = pipeline.newJob(ExecutionConfig.streaming().pollLimit(3)))
        {
            for (int i = 1; i <= 10; i++)
            {
                log.append(codec, new TestEvent(i % 2, i, i));
            }
            long read = 0;
            while (read < 10)
            {
                read += job.doWork();
                // between two duty cycles the view holds every record read so far
                final long shown = view.get(0, 0L).longValue("count") + view.get(0, 1L).longValue("count");
                assertEquals(read, shown);
            }
            assertTrue(view.get(0, 1L).isEarly());
        }
    }

    @Test
    void shouldEmitTheRunningValuesChangedSinceTheLastRequestWhenAsked() throws Exception
    {
        final InMemoryLog log = new InMemoryLog();
        final TestEvent.TestCodec codec = new TestEvent.TestCodec();
        final LatestResultView view = new LatestResultView();
        final Pipeline pipeline = countsPerSecond(log, EarlyResults.onRequest(), view);
        try (Job job = pipeline.newJob(ExecutionConfig.streaming()))
        {
            for (int i = 1; i <= 10; i++)
            {
                log.append(codec, new TestEvent(i % 2, i, i));
            }
            job.doWork();
            assertEquals(0, view.emissions(), "nothing until asked");

            final Thread asker = new Thread(job::requestEarlyResults);
            asker.start();
            asker.join();
            job.doWork();
            assertEquals(2, view.emissions(), "both keys, once each, however often they changed");
            assertEquals(5, view.get(0, 1L).longValue("count"));
            assertTrue(view.get(0, 1L).isEarly());

            job.doWork();
            assertEquals(2, view.emissions(), "one request, one emission");
            log.append(codec, new TestEvent(1, 11, 11));
            job.requestEarlyResults();
            job.doWork();
            assertEquals(3, view.emissions(), "only what changed since the last request");
            assertEquals(6, view.get(0, 1L).longValue("count"));
        }

        final Pipeline without = Pipeline.from(log.follow(), codec)
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(0))
            .window(TumblingWindows.of(1_000))
            .aggregate(Aggregations.count("count"))
            .sink(new LatestResultView())
            .build();
        try (Job job = without.newJob(ExecutionConfig.streaming()))
        {
            final IllegalStateException refused = assertThrows(IllegalStateException.class, job::requestEarlyResults);
            assertTrue(refused.getMessage().contains("EarlyResults.onRequest()"), refused.getMessage());
        }
    }

    @Test
    void shouldRefuseEarlyResultsInBatchAndNonsenseCounts()
    {
        final InMemoryLog log = new InMemoryLog();
        final Pipeline pipeline = Pipeline.from(log.all(), new TestEvent.TestCodec())
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(0))
            .window(TumblingWindows.of(1_000))
            .aggregate(Aggregations.count("count"))
            .earlyResults(EarlyResults.everyEvent())
            .sink(new LatestResultView())
            .build();
        final PipelineDefinitionException batch = assertThrows(PipelineDefinitionException.class,
            () -> pipeline.newJob(ExecutionConfig.batch()));
        assertTrue(batch.getMessage().contains("BATCH") && batch.getMessage().contains("MICRO_BATCH or STREAMING"),
            batch.getMessage());
        assertThrows(PipelineDefinitionException.class, () -> EarlyResults.everyEvents(0));
        assertThrows(PipelineDefinitionException.class,
            () -> EarlyResults.every(0, java.util.concurrent.TimeUnit.SECONDS));
    }

    private record Recorded(List<String> finals, List<ResultRow> early, Map<String, Long> finalCounts)
    {
        long finalCount(final String id)
        {
            return finalCounts.getOrDefault(id, Long.MAX_VALUE);
        }
    }

    private static Recorded run(
        final ModeEquivalenceProperties.Scenario scenario, final ExecutionConfig config, final EarlyResults early)
    {
        final InMemoryLog log = new InMemoryLog();
        final TestEvent.TestCodec codec = new TestEvent.TestCodec();
        for (final TestEvent e : scenario.events())
        {
            log.append(codec, e);
        }
        final List<String> finals = new ArrayList<>();
        final List<ResultRow> earlyRows = new ArrayList<>();
        final Map<String, Long> finalCounts = new HashMap<>();
        final ResultSink sink = (WindowResult result) ->
        {
            final ResultRow row = result.toRow();
            if (result.isEarly())
            {
                earlyRows.add(row);
            }
            else
            {
                finals.add(row + (result.isUpdate() ? " (update)" : ""));
                finalCounts.put(row.windowStart() + "/" + row.key(), row.longValue("count"));
            }
        };
        Pipeline.from(log.all(), codec)
            .withTimestamps(TestEvent::time, WatermarkStrategy.<TestEvent>boundedOutOfOrderness(scenario.bound()))
            .keyBy(TestEvent::key)
            .window(scenario.assigner())
            .aggregate(Reference.aggregations())
            .earlyResults(early)
            .sink(sink)
            .build()
            .run(config);
        return new Recorded(finals, earlyRows, finalCounts);
    }
}

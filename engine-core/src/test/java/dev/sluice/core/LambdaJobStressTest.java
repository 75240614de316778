package dev.sluice.core;

import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.source.EventAppender;
import dev.sluice.core.source.LogSource;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.TumblingWindows;
import dev.sluice.log.Log;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Queries from several threads while a writer appends and the cutoff moves again and again: every answer counts each
 * event exactly once. Key k's n-th event carries the value n, so an answer that covers a prefix of the log holds
 * the values 1..c for some c: count c, sum c(c+1)/2, min 1, max c, c distinct values. An event counted twice or
 * missed breaks one of them; an answer from an older state than one seen before makes c go back.
 */
class LambdaJobStressTest
{
    private static final int KEYS = 8;
    private static final long RUN_MS = 1_500;

    @Test
    void shouldNeverCountAnEventTwiceOrNotAtAllWhileTheCutoffMoves(@TempDir final Path dir) throws Exception
    {
        try (Log log = LambdaJobTest.open(dir))
        {
            final Supplier<Pipeline> pipeline = () -> Pipeline.from(LogSource.range(log), new TestEvent.TestCodec())
                .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(50))
                .keyBy(TestEvent::key)
                .window(TumblingWindows.of(1_000))
                .aggregate(Aggregations.count("count"), Aggregations.sum("sum", TestEvent::value),
                    Aggregations.min("min", TestEvent::value), Aggregations.max("max", TestEvent::value),
                    Aggregations.distinctCount("distinct", TestEvent::value))
                .sink(new LatestResultView())
                .build();
            final AtomicBoolean running = new AtomicBoolean(true);
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final AtomicLong queries = new AtomicLong();
            final AtomicLong moves = new AtomicLong();
            final List<Thread> threads = new ArrayList<>();
            try (LambdaJob lambda = LambdaJob.start(pipeline))
            {
                threads.add(thread("writer", failure, () ->
                {
                    final EventAppender<TestEvent> appender =
                        new EventAppender<>(log.appender(), new TestEvent.TestCodec());
                    final long[] next = new long[KEYS];
                    final TestEvent event = new TestEvent();
                    long i = 0;
                    while (running.get())
                    {
                        final int key = (int)(i % KEYS);
                        event.key = key;
                        // mostly in order, every 97th event a second late: late for the speed layer's watermark
                        event.time = i - (i % 97 == 0 ? 1_000 : ThreadLocalRandom.current().nextInt(40));
                        event.value = ++next[key];
                        appender.append(event, 1_000);
                        i++;
                        if (i % 200 == 0)
                        {
                            // about 200,000 events a second: a log of a few MB, and many cutoffs over it
                            Thread.sleep(1);
                        }
                    }
                }));
                threads.add(thread("mover", failure, () ->
                {
                    while (running.get())
                    {
                        final long from = LambdaServingProperties.recordAt(log, lambda.cutoff());
                        final long head = log.recordCount();
                        lambda.moveCutoff(ThreadLocalRandom.current().nextBoolean() ? Cutoff.atHead() :
                            Cutoff.atRecord(head - ThreadLocalRandom.current().nextLong(head - from + 1)));
                        moves.incrementAndGet();
                    }
                }));
                for (int r = 0; r < 2; r++)
                {
                    threads.add(thread("reader-" + r, failure, () ->
                    {
                        final long[] seen = new long[KEYS];
                        while (running.get())
                        {
                            final int key = ThreadLocalRandom.current().nextInt(KEYS);
                            final ResultRow row = lambda.range((long)key, Long.MIN_VALUE, Long.MAX_VALUE);
                            if (null != row)
                            {
                                final long c = checkPrefix("key " + key, row.longValue("count"),
                                    row.longValue("sum"), row.longValue("min"), row.longValue("max"),
                                    row.longValue("distinct"));
                                assertTrue(c >= seen[key], "key " + key + " went back from " + seen[key] + " to " +
                                    c + " events");
                                seen[key] = c;
                            }
                            if (queries.incrementAndGet() % 64 == 0)
                            {
                                checkWholeView(lambda.rows());
                            }
                        }
                    }));
                }
                threads.forEach(Thread::start);
                final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MS);
                while (System.nanoTime() < deadline && null == failure.get())
                {
                    Thread.sleep(10);
                }
                running.set(false);
                for (final Thread thread : threads)
                {
                    thread.join(30_000);
                }
                System.out.println("LambdaJobStressTest: " + moves.get() + " cutoff moves, " + queries.get() +
                    " queries, " + log.recordCount() + " events");
                assertNull(failure.get(), () -> "failed: " + failure.get());
                assertTrue(moves.get() >= 2, "the cutoff moved " + moves.get() + " times");
                assertTrue(queries.get() > 100, queries.get() + " queries");

                // and at rest, the served view is the one BATCH run over the whole log
                assertTrue(lambda.awaitServed(log.tailPosition(), 30, TimeUnit.SECONDS));
                final LatestResultView all = new LatestResultView();
                pipeline.get().derive(LogSource.range(log), List.of(all), 0,
                    dev.sluice.core.window.EarlyResults.none()).run(ExecutionMode.BATCH);
                assertEquals(all.rows(), lambda.rows());
            }
        }
    }

    /**
     * @return c, the number of events the answer holds, after checking they are the values 1..c once each.
     */
    private static long checkPrefix(
        final String what, final long count, final long sum, final long min, final long max, final long distinct)
    {
        assertEquals(count, max, what + ": " + count + " events but the highest is " + max);
        assertEquals(count * (count + 1) / 2, sum, what + ": the values 1.." + count + " do not add up");
        assertEquals(count, distinct, what + ": distinct values");
        assertEquals(1, min, what + ": the first event");
        return count;
    }

    /**
     * Across every window of a key, as of one moment: its windows hold the values 1..c between them, once each.
     */
    private static void checkWholeView(final List<ResultRow> rows)
    {
        final Map<Long, long[]> byKey = new HashMap<>();
        for (final ResultRow row : rows)
        {
            final long[] k = byKey.computeIfAbsent(row.key(), x -> new long[]{ 0, 0, Long.MAX_VALUE, 0 });
            k[0] += row.longValue("count");
            k[1] += row.longValue("sum");
            k[2] = Math.min(k[2], row.longValue("min"));
            k[3] = Math.max(k[3], row.longValue("max"));
        }
        byKey.forEach((key, k) -> checkPrefix("the whole view, key " + key, k[0], k[1], k[2], k[3], k[0]));
    }

    @FunctionalInterface
    private interface Body
    {
        void run() throws Exception;
    }

    private static Thread thread(final String name, final AtomicReference<Throwable> failure, final Body body)
    {
        final Thread thread = new Thread(() ->
        {
            try
            {
                body.run();
            }
            catch (final Throwable ex)
            {
                failure.compareAndSet(null, ex);
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }
}

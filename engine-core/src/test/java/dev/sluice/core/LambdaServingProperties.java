package dev.sluice.core;

import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.source.EventAppender;
import dev.sluice.core.window.GlobalWindows;
import dev.sluice.core.window.TumblingWindows;
import dev.sluice.core.window.WindowAssigner;
import dev.sluice.log.Log;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * For random event sequences (out of order, some far past the watermark) appended in random chunks, with the
 * cutoff moved to random records in between, the served view equals one BATCH run over everything appended so far,
 * after every move and at the end.
 */
class LambdaServingProperties
{
    /**
     * @param events the events, in append order.
     * @param steps  per step: how many events to append, and where to move the cutoff afterwards, as a fraction
     *               (per mille) of the way from the current cutoff to the head; negative: do not move it.
     * @param global GlobalWindows, else 500 ms tumbling windows.
     */
    @Property(tries = 50)
    void servedAnswersEqualOneBatchRunOverEverythingAppended(
        @ForAll("events") final List<TestEvent> events,
        @ForAll("steps") final List<int[]> steps,
        @ForAll final boolean global) throws Exception
    {
        final WindowAssigner windows = global ? GlobalWindows.create() : TumblingWindows.of(500);
        final Path dir = Files.createTempDirectory("sluice-lambda-");
        try (Log log = LambdaJobTest.open(dir);
            LambdaJob lambda = LambdaJob.start(LambdaJobTest.pipeline(log, windows)))
        {
            final EventAppender<TestEvent> appender = new EventAppender<>(log.appender(), new TestEvent.TestCodec());
            int appended = 0;
            for (final int[] step : steps)
            {
                final int to = Math.min(events.size(), appended + step[0]);
                for (; appended < to; appended++)
                {
                    appender.append(events.get(appended), 1_000);
                }
                if (step[1] >= 0)
                {
                    final long fromRecord = recordAt(log, lambda.cutoff());
                    final long record = fromRecord + (log.recordCount() - fromRecord) * step[1] / 1_000;
                    final LambdaJob.CutoffMove move = lambda.moveCutoff(Cutoff.atRecord(record));
                    assertEquals(record, move.batch().recordsIn());
                    assertServedEqualsBatch(log, lambda, windows);
                }
            }
            for (; appended < events.size(); appended++)
            {
                appender.append(events.get(appended), 1_000);
            }
            assertServedEqualsBatch(log, lambda, windows);
        }
        finally
        {
            delete(dir);
        }
    }

    private static void assertServedEqualsBatch(final Log log, final LambdaJob lambda, final WindowAssigner windows)
        throws InterruptedException
    {
        assertTrue(lambda.awaitServed(log.tailPosition(), 10, TimeUnit.SECONDS), "the speed layer reaches the head");
        final List<ResultRow> expected = LambdaJobTest.batchOfEverything(log, windows);
        assertEquals(expected, lambda.rows(), "cutoff at " + lambda.cutoff() + ", head at " + log.tailPosition());
        for (final ResultRow row : expected)
        {
            assertEquals(row, lambda.get(row.windowStart(), row.key()));
        }
    }

    static long recordAt(final Log log, final long position)
    {
        try (dev.sluice.log.LogReader reader = log.openReader(position))
        {
            return reader.recordNumber();
        }
    }

    static void delete(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(file);
            }
        }
    }

    @Provide
    Arbitrary<List<TestEvent>> events()
    {
        return MergedResultViewProperties.events(6, 5_000, 300);
    }

    @Provide
    Arbitrary<List<int[]>> steps()
    {
        return Combinators.combine(
                Arbitraries.integers().between(0, 80),
                Arbitraries.integers().between(-300, 1_000))
            .as((count, where) -> new int[]{ count, Math.max(-1, where) })
            .list().ofMaxSize(6);
    }
}

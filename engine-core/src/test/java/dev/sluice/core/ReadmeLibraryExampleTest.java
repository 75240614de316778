package dev.sluice.core;

import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.function.Codec;
import dev.sluice.core.function.MalformedRecordException;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.source.LogSource;
import dev.sluice.core.source.PartitionedLogSource;
import dev.sluice.core.source.Source;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.HoppingWindows;
import dev.sluice.core.window.TumblingWindows;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import dev.sluice.log.PartitionedLog;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's library example, run: the code between the markers is the README's, line for line (the second
 * test holds them together), so the README shows code that compiles and does what it says.
 */
class ReadmeLibraryExampleTest
{
    private static final String BEGIN = "// README: library example begins";
    private static final String END = "// README: library example ends";
    private static final String PARALLEL_BEGIN = "// README: parallel example begins";
    private static final String PARALLEL_END = "// README: parallel example ends";

    /** A click: who and when (event time, epoch ms). The codec decodes into one reused instance. */
    static final class Click
    {
        long user;
        long timeMs;
    }

    static final class ClickCodec implements Codec<Click>
    {
        private final Click reused = new Click();

        public int encodedLength(final Click click)
        {
            return 16;
        }

        public int encode(final Click click, final MutableDirectBuffer buffer, final int offset)
        {
            buffer.putLong(offset, click.user);
            buffer.putLong(offset + 8, click.timeMs);
            return 16;
        }

        public Click decode(final DirectBuffer buffer, final int offset, final int length)
        {
            if (length != 16)
            {
                throw new MalformedRecordException("a click is 16 bytes, not " + length);
            }
            reused.user = buffer.getLong(offset);
            reused.timeMs = buffer.getLong(offset + 8);
            return reused;
        }
    }

    @TempDir
    Path dir;

    @Test
    void shouldRunTheLibraryExample()
    {
        // README: library example begins
        JobReport report;
        ResultRow row;
        ClickCodec codec = new ClickCodec();
        try (Log log = Log.open(dir.resolve("clicks"), LogConfig.defaults()))
        {
            UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
            Click click = new Click();
            for (int i = 0; i < 10_000; i++)
            {
                click.user = i % 10;
                click.timeMs = 1_700_000_000_000L + i * 100L;
                log.appender().append(buffer, 0, codec.encode(click, buffer, 0));
            }

            LatestResultView view = new LatestResultView();        // query it from any thread
            Pipeline pipeline = Pipeline.from(LogSource.range(log), codec)
                .filter(c -> c.user != 3)
                .withTimestamps(c -> c.timeMs, WatermarkStrategy.boundedOutOfOrderness(1_000))
                .keyBy(c -> c.user)
                .window(HoppingWindows.of(60_000, 10_000))         // or Tumbling-, Session-, GlobalWindows
                .aggregate(Aggregations.count("clicks"))
                .sink(view)
                .build();

            report = pipeline.run(ExecutionMode.STREAMING);          // BATCH, MICRO_BATCH: the same answer
            row = view.get(1_700_000_040_000L, 7);                  // user 7, the minute from 40 s on
        }
        // README: library example ends
        assertEquals(10_000, report.recordsIn());
        assertEquals(0, report.eventsLate());
        // clicks 400..999 fall in [40 s, 100 s); a tenth of them are user 7's
        assertEquals(60, row.longValue("clicks"));
    }

    @Test
    void shouldRunTheParallelExample()
    {
        // README: parallel example begins
        JobReport report;
        long exchanged;
        ClickCodec codec = new ClickCodec();
        LatestResultView view = new LatestResultView();            // sinks are made once, for every worker
        try (PartitionedLog log = PartitionedLog.open(dir.resolve("clicks-by-user"), 4, LogConfig.defaults()))
        {
            UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
            Click click = new Click();
            for (int i = 0; i < 10_000; i++)
            {
                click.user = i % 10;
                click.timeMs = 1_700_000_000_000L + i * 100L;
                log.append(click.user, buffer, 0, codec.encode(click, buffer, 0));   // to the partition of its key
            }

            Source source = PartitionedLogSource.range(log);
            try (ParallelJob job = ParallelJob.create(() -> Pipeline.from(source, new ClickCodec())   // per worker
                    .withTimestamps(c -> c.timeMs, WatermarkStrategy.boundedOutOfOrderness(1_000))
                    .keyBy(c -> c.user)
                    .window(TumblingWindows.of(60_000))
                    .aggregate(Aggregations.count("clicks"))
                    .sink(view)
                    .build(),
                ExecutionConfig.streaming(), Parallelism.of(2)))       // 2 workers, 2 partitions each
            {
                report = job.run();                                    // the results of one thread, any P
                exchanged = job.recordsExchanged();
            }
        }
        // README: parallel example ends
        assertEquals(10_000, report.recordsIn());
        assertEquals(0, exchanged, "the partitions line up with the workers: nothing goes between them");
        // clicks 0..399 fall in the minute from 1_699_999_980_000; a tenth of them are user 7's
        assertEquals(40, view.get(1_699_999_980_000L, 7).longValue("clicks"));
    }

    @Test
    void shouldBeTheCodeTheReadmeShows() throws IOException
    {
        final Path readme = Path.of("..", "README.md");
        final Path source = Path.of("src", "test", "java", "dev", "sluice", "core", "ReadmeLibraryExampleTest.java");
        for (final String[] markers : new String[][]{ { BEGIN, END }, { PARALLEL_BEGIN, PARALLEL_END } })
        {
            final String begin = markers[0];
            final List<String> shown = block(Files.readAllLines(readme), "```java " + begin.substring(3), "```");
            final List<String> held = block(Files.readAllLines(source), begin, markers[1]);
            assertTrue(!shown.isEmpty(), "the README has no block opened with ```java " + begin.substring(3));
            assertEquals(held.stream().collect(Collectors.joining("\n")),
                shown.stream().collect(Collectors.joining("\n")),
                "README.md's example '" + begin + "' and " + source + " differ: change both");
        }
    }

    /**
     * @return the lines strictly between the first line that is {@code begin} and the next that is {@code end},
     * with their common indentation removed.
     */
    private static List<String> block(final List<String> lines, final String begin, final String end)
    {
        int from = -1;
        int to = -1;
        for (int i = 0; i < lines.size() && to < 0; i++)
        {
            final String line = lines.get(i).strip();
            if (from < 0 && line.equals(begin))
            {
                from = i + 1;
            }
            else if (from >= 0 && line.equals(end))
            {
                to = i;
            }
        }
        if (from < 0 || to < 0)
        {
            return List.of();
        }
        final List<String> block = lines.subList(from, to);
        final int indent = block.stream().filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return block.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.toList());
    }
}

package dev.sluice.examples.programs;

import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.Job;
import dev.sluice.core.JobReport;
import dev.sluice.core.Pipeline;
import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.function.Codec;
import dev.sluice.core.function.KeyType;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.source.EventAppender;
import dev.sluice.core.source.LogSource;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.EarlyResults;
import dev.sluice.core.window.TumblingWindows;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The first program to read: the user's own event type and its codec, a log, a streaming pipeline keyed by a
 * String, and a query of the live view while the job runs.
 * <pre>
 *   main thread:  clicks --EventAppender--> log
 *   job thread:   log (tail) --> count per user per minute, running values --> LatestResultView
 *   main thread:  view.get(minute, "user-7")
 * </pre>
 * Usage: {@code quickstart [--dir DIR]} (default: a temporary directory, deleted at the end).
 */
public final class Quickstart
{
    /** The user's event: who clicked which page when. Mutable, so one instance serves every decode. */
    public static final class Click
    {
        String user;
        String page;
        long timeMs;

        Click set(final String user, final String page, final long timeMs)
        {
            this.user = user;
            this.page = page;
            this.timeMs = timeMs;
            return this;
        }
    }

    /**
     * <pre>
     *   | timeMs (8) | user length (4) | user UTF-8 | page length (4) | page UTF-8 |
     * </pre>
     */
    public static final class ClickCodec implements Codec<Click>
    {
        private final Click decoded = new Click();

        public int encodedLength(final Click click)
        {
            return 8 + 4 + utf8Length(click.user) + 4 + utf8Length(click.page);
        }

        public int encode(final Click click, final MutableDirectBuffer buffer, final int offset)
        {
            buffer.putLong(offset, click.timeMs);
            int at = offset + 8;
            at += buffer.putStringUtf8(at, click.user);
            at += buffer.putStringUtf8(at, click.page);
            return at - offset;
        }

        public Click decode(final DirectBuffer buffer, final int offset, final int length)
        {
            final String user = buffer.getStringUtf8(offset + 8);
            final int pageAt = offset + 8 + 4 + buffer.getInt(offset + 8);
            return decoded.set(user, buffer.getStringUtf8(pageAt), buffer.getLong(offset));
        }

        private static int utf8Length(final String text)
        {
            return text.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dir = args.length == 2 && args[0].equals("--dir") ? Path.of(args[1]) :
            Files.createTempDirectory("sluice-quickstart-");
        final long start = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
        try (Log log = Log.open(dir.resolve("clicks"), LogConfig.defaults()))
        {
            final LatestResultView view = new LatestResultView();
            final Pipeline pipeline = Pipeline.from(LogSource.tail(log), new ClickCodec())
                .withTimestamps(c -> c.timeMs, WatermarkStrategy.boundedOutOfOrderness(1_000))
                .keyBy(c -> c.user, KeyType.strings().named("user"))
                .window(TumblingWindows.of(60_000))
                .aggregate(Aggregations.count("clicks"))
                .earlyResults(EarlyResults.everyEvent())   // the view shows each window's running count
                .sink(view)
                .build();

            final Job job = pipeline.newJob(ExecutionConfig.streaming());
            final Thread jobThread = new Thread(job::run, "quickstart-job");
            jobThread.start();

            // the application appends from its own thread, through the codec, straight into the log
            final EventAppender<Click> appender = new EventAppender<>(log.appender(), new ClickCodec());
            final Click click = new Click();
            for (int i = 0; i < 120_000; i++)
            {
                appender.append(click.set("user-" + i % 10, "/page/" + i % 7, start + i), 1_000);
                if (i == 30_000)
                {
                    // the first minute is open: the view shows its running count, as far as the job has got
                    final ResultRow running = view.get(start, "user-7");
                    System.out.println("user-7 in the first minute so far: " +
                        (null == running ? "nothing yet" : running.longValue("clicks") + " clicks (running)"));
                }
            }

            // the clicks of the second minute moved the watermark past the first: its count becomes final
            ResultRow row = view.get(start, "user-7");
            while (null == row || row.isEarly())
            {
                Thread.onSpinWait();
                row = view.get(start, "user-7");
            }
            System.out.println("user-7 in the first minute: " + row.longValue("clicks") + " clicks (final)");

            job.stop();
            jobThread.join();
            final JobReport report = job.publishedReport();
            job.close();
            System.out.println("users in the first minute=" + view.window(start).size() +
                " events read=" + report.eventsIn());
        }
        finally
        {
            if (!(args.length == 2 && args[0].equals("--dir")))
            {
                deleteRecursively(dir);
            }
        }
    }

    static void deleteRecursively(final Path dir) throws java.io.IOException
    {
        try (java.util.stream.Stream<Path> files = Files.walk(dir))
        {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

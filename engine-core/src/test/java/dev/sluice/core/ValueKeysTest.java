package dev.sluice.core;

import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.function.JobFailedException;
import dev.sluice.core.function.KeyType;
import dev.sluice.core.function.PipelineDefinitionException;
import dev.sluice.core.sink.CommittedOutput;
import dev.sluice.core.sink.EpochFileSink;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.sink.LogSink;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.sink.TextFileSink;
import dev.sluice.core.source.InMemoryLog;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.TumblingWindows;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * String and record keys as a user meets them: in the view, in CSV and JSON lines (quoted and escaped), read back
 * from committed output; and the errors of a key type that cannot tell keys apart or a sink that cannot write them.
 */
class ValueKeysTest
{
    private static final TestEvent[] EVENTS = {
        TestEvent.of(1, 10, 5), TestEvent.of(2, 20, 7), TestEvent.of(1, 30, 9), TestEvent.of(3, 1500, 1),
    };

    private static PipelineBuilder<TestEvent> byName(final InMemoryLog log)
    {
        return Pipeline.from(log.all(), new TestEvent.TestCodec())
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(0))
            .keyBy(e -> e.key == 1 ? "ann, \"the first\"" : "bob\n" + e.key, KeyType.strings().named("user"))
            .window(TumblingWindows.of(1000))
            .aggregate(Aggregations.count("n"), Aggregations.sum("total", TestEvent::value));
    }

    @Test
    void theViewAnswersByTheUsersKey()
    {
        final LatestResultView view = new LatestResultView();
        byName(Pipelines.log(EVENTS)).sink(view).build().run(ExecutionMode.STREAMING);
        final ResultRow ann = view.get(0, "ann, \"the first\"");
        assertNotNull(ann);
        assertEquals("ann, \"the first\"", ann.keyValue());
        assertEquals(2, ann.longValue("n"));
        assertEquals(14, ann.longValue("total"));
        assertEquals(7, view.get(0, "bob\n2").longValue("total"));
        assertNull(view.get(0, "carl"));
    }

    @Test
    void fileSinksQuoteAndEscapeKeysAndReadThemBack(@TempDir final Path dir) throws Exception
    {
        final InMemoryLog log = Pipelines.log(EVENTS);
        final Path csv = dir.resolve("out.csv");
        final Path json = dir.resolve("out.jsonl");
        final Path epochs = dir.resolve("epochs");
        try (TextFileSink text = TextFileSink.csv(csv); TextFileSink lines = TextFileSink.jsonLines(json))
        {
            byName(log).sink(text).sink(lines).sink(new EpochFileSink(epochs)).build().run(ExecutionMode.BATCH);
        }
        final String written = Files.readString(csv);
        assertTrue(written.startsWith("window_start,window_end,user,n,total,update\n"), written);
        assertTrue(written.contains("0,1000,\"ann, \"\"the first\"\"\",2,14,false\n"), written);
        assertTrue(written.contains("0,1000,\"bob\n2\",1,7,false\n"), written);
        final String jsonText = Files.readString(json);
        assertTrue(jsonText.contains("\"user\":\"ann, \\\"the first\\\"\""), jsonText);
        assertTrue(jsonText.contains("\"user\":\"bob\\n3\""), jsonText);

        final CommittedOutput committed =
            CommittedOutput.readEpochFiles(epochs, byName(log).sink(r -> { }).build().schema());
        assertEquals(List.of("ann, \"the first\"", "bob\n2", "bob\n3"),
            committed.rows().stream().map(r -> (String)r.keyValue()).sorted().toList());
    }

    @Test
    void keysOfClosedWindowsAreForgottenSoMemoryFollowsTheOpenWindows()
    {
        // 200 windows of 1 s, each with 500 keys of its own: 100,000 distinct keys in all
        final InMemoryLog log = new InMemoryLog();
        for (int w = 0; w < 200; w++)
        {
            for (int k = 0; k < 500; k++)
            {
                Pipelines.append(log, TestEvent.of(w * 500L + k, w * 1000L + k, 1));
            }
        }
        final LatestResultView view = new LatestResultView();
        final Pipeline pipeline = Pipeline.from(log.all(), new TestEvent.TestCodec())
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(0))
            .keyBy(e -> "user-" + e.key, KeyType.strings())
            .window(TumblingWindows.of(1000))
            .aggregate(Aggregations.count("n"))
            .sink(view)
            .build();
        int mostHeld = 0;
        try (Job job = pipeline.newJob(ExecutionConfig.streaming().pollLimit(100)))
        {
            while (!job.isDone())
            {
                job.doWork();
                mostHeld = Math.max(mostHeld, job.keysHeld());
            }
        }
        assertEquals(100_000, view.rows().size());
        assertEquals("user-99999", view.get(199_000, "user-99999").keyValue());
        assertTrue(mostHeld <= 4 * 1024, "held " + mostHeld + " keys at most, for 500 per open window");
    }

    @Test
    void aKeyTypeThatCannotTellKeysApartFailsTheJobNamingBoth()
    {
        final Pipeline pipeline = Pipeline.from(Pipelines.log(EVENTS).all(), new TestEvent.TestCodec())
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(0))
            .keyBy(e -> e.key, KeyType.<Long>of(k -> "same", Long::parseLong))
            .window(TumblingWindows.of(1000))
            .aggregate(Aggregations.count("n"))
            .sink(r -> { })
            .build();
        final JobFailedException ex = assertThrows(JobFailedException.class, () -> pipeline.run(ExecutionMode.BATCH));
        Throwable cause = ex;
        while (null != cause.getCause())
        {
            cause = cause.getCause();
        }
        final String message = cause.getMessage();
        assertTrue(message.contains("keys 'same' and 'same' have the same 64-bit id"), message);
    }

    @Test
    void aLogSinkIsRefusedForValueKeysAtBuild(@TempDir final Path dir)
    {
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            final PipelineDefinitionException ex = assertThrows(PipelineDefinitionException.class, () ->
                byName(Pipelines.log(EVENTS)).sink(new LogSink(log)).build());
            assertTrue(ex.getMessage().contains("LogSink writes primitive keys"), ex.getMessage());
        }
    }
}

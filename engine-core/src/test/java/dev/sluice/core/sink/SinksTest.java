package dev.sluice.core.sink;

import dev.sluice.core.ExecutionMode;
import dev.sluice.core.Pipeline;
import dev.sluice.core.PipelineBuilder;
import dev.sluice.core.TestEvent;
import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.function.Keys;
import dev.sluice.core.source.InMemoryLog;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.TumblingWindows;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SinksTest
{
    private static InMemoryLog log()
    {
        final InMemoryLog log = new InMemoryLog();
        final TestEvent.TestCodec codec = new TestEvent.TestCodec();
        log.append(codec, TestEvent.of(Keys.pack(3, 1), 5, 10));
        log.append(codec, TestEvent.of(Keys.pack(3, 1), 6, 30));
        log.append(codec, TestEvent.of(Keys.pack(2, 7), 15, 4));
        return log;
    }

    private static PipelineBuilder<TestEvent> define(final InMemoryLog log)
    {
        return Pipeline.from(log.all(), new TestEvent.TestCodec())
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(0))
            .keyBy(TestEvent::key, KeyFormat.packed("product_id", "region"))
            .window(TumblingWindows.of(10))
            .aggregate(Aggregations.count("orders"), Aggregations.sum("revenue", TestEvent::value),
                Aggregations.avg("avg", TestEvent::value));
    }

    @Test
    void shouldWriteCsvWithHeaderAndUnpackedKey(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("out.csv");
        try (TextFileSink sink = TextFileSink.csv(file))
        {
            define(log()).sink(sink).build().run(ExecutionMode.STREAMING);
            assertEquals(2, sink.lines());
        }
        assertEquals(List.of(
            "window_start,window_end,product_id,region,orders,revenue,avg,update",
            "0,10,3,1,2,40,20.0,false",
            "10,20,2,7,1,4,4.0,false"), Files.readAllLines(file));
    }

    @Test
    void shouldWriteJsonLines(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("out.jsonl");
        try (TextFileSink sink = TextFileSink.jsonLines(file))
        {
            define(log()).sink(sink).build().run(ExecutionMode.BATCH);
        }
        assertEquals(List.of(
            "{\"window_start\":0,\"window_end\":10,\"product_id\":3,\"region\":1,\"orders\":2,\"revenue\":40," +
                "\"avg\":20.0,\"update\":false}",
            "{\"window_start\":10,\"window_end\":20,\"product_id\":2,\"region\":7,\"orders\":1,\"revenue\":4," +
                "\"avg\":4.0,\"update\":false}"), Files.readAllLines(file));
    }

    @Test
    void shouldWriteTheLinesOfTheTextFormatByteForByteAcrossManyBlocks(@TempDir final Path dir) throws IOException
    {
        // keys and values up to Long.MIN_VALUE / MAX_VALUE, negative times, doubles: what digit formatting can get wrong
        final InMemoryLog many = new InMemoryLog();
        final TestEvent.TestCodec codec = new TestEvent.TestCodec();
        final long[] values = {0, -1, 7, Long.MAX_VALUE, Long.MIN_VALUE, 1_000_000_007L, -99};
        for (int i = 0; i < 20_000; i++)
        {
            many.append(codec, TestEvent.of(Keys.pack(i % 977, i % 13), (i / 7) - 500, values[i % values.length]));
        }
        final ResultLineFormat format = new ResultLineFormat();
        final List<String> csv = new ArrayList<>();
        final List<String> json = new ArrayList<>();
        final Path csvFile = dir.resolve("out.csv");
        final Path jsonFile = dir.resolve("out.jsonl");
        try (TextFileSink csvSink = TextFileSink.csv(csvFile); TextFileSink jsonSink = TextFileSink.jsonLines(jsonFile))
        {
            define(many).sink(result ->
            {
                if (csv.isEmpty())
                {
                    csv.add(format.csvHeader(result.schema(), false).toString());
                }
                csv.add(format.csvLine(-1, result).toString());
                json.add(format.jsonLine(result).toString());
            }).sink(csvSink).sink(jsonSink).build().run(ExecutionMode.STREAMING);
        }
        assertTrue(Files.size(csvFile) > 4 * TextFileSink.WRITE_THRESHOLD);
        assertEquals(String.join("", csv), Files.readString(csvFile));
        assertEquals(String.join("", json), Files.readString(jsonFile));
    }

    @Test
    void shouldWriteResultsToAnotherLogThatReadsBackAsTheSameRows(@TempDir final Path dir)
    {
        final CollectingSink collected = new CollectingSink();
        try (Log out = Log.open(dir, LogConfig.defaults()))
        {
            final LogSink logSink = new LogSink(out);
            final Pipeline pipeline = define(log()).sink(collected).sink(logSink).build();
            pipeline.run(ExecutionMode.MICRO_BATCH);

            final List<ResultRow> read = new ArrayList<>();
            out.scan(out.startPosition(), out.tailPosition(), (buffer, offset, length, position) ->
                read.add(ResultRecordDescriptor.decode(pipeline.schema(), buffer, offset, length)));
            assertEquals(2, logSink.records());
            assertEquals(collected.rows(), read);
            assertEquals(20.0, read.get(0).doubleValue("avg"));
        }
    }

    @Test
    void shouldKeepTheLatestResultPerWindowAndKeyInTheView()
    {
        final LatestResultView view = new LatestResultView();
        final InMemoryLog log = log();
        log.append(new TestEvent.TestCodec(), TestEvent.of(Keys.pack(3, 1), 7, 5));   // late for [0, 10)
        define(log).allowedLateness(100).sink(view).build().run(ExecutionMode.STREAMING);

        assertEquals(2, view.size());
        assertEquals(3, view.emissions());
        assertEquals(1, view.updates());
        assertEquals(3, view.get(0, Keys.pack(3, 1)).longValue("orders"));
        assertEquals(1, view.window(10).size());
        assertNull(view.get(0, Keys.pack(9, 9)));
        assertEquals(1, view.evictBefore(10));
        assertEquals(1, view.size());
        assertNull(view.get(0, Keys.pack(3, 1)));
        assertThrows(IllegalArgumentException.class, () -> view.rows().get(0).longValue("nope"));
        assertTrue(view.rows().get(0).toString().contains("orders=1"));
    }

    @Test
    void shouldHandOutRowsThatLaterResultsForTheirWindowAndKeyLeaveAsTheyWere()
    {
        final SinkFixtures fixtures = new SinkFixtures();
        final LatestResultView view = new LatestResultView();
        view.onResult(fixtures.result(3, 7, 10, false));
        final ResultRow first = view.get(300, 7);
        final List<ResultRow> rows = view.rows();
        view.onResult(fixtures.result(3, 7, 11, true));

        assertEquals(10, first.longValue("n"));
        assertFalse(first.isUpdate());
        assertEquals(10, rows.get(0).longValue("n"));
        assertEquals(11, view.get(300, 7).longValue("n"));
        assertTrue(view.get(300, 7).isUpdate());
        assertEquals(1, view.size());
        assertEquals(2, view.emissions());
    }

    @Test
    void shouldTakeLaterResultsOfAWindowAndKeyWithoutAllocating()
    {
        final SinkFixtures fixtures = new SinkFixtures();
        final LatestResultView view = new LatestResultView();
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        for (int round = 0; round < 3; round++)
        {
            // the fixture boxes each value it accumulates: what it allocates alone is taken off
            final long start = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 100_000; i++)
            {
                fixtures.result(i % 4, i % 16, i, true);
            }
            final long before = threads.getThreadAllocatedBytes(thread);
            // the first round makes each (window, key)'s entry and warms the code; later ones only overwrite
            for (int i = 0; i < 100_000; i++)
            {
                view.onResult(fixtures.result(i % 4, i % 16, i, true));
            }
            final long allocated = threads.getThreadAllocatedBytes(thread) - before - (before - start);
            if (round > 0)
            {
                assertTrue(allocated < 100_000, "100,000 updates of 16 (window, key)s allocated " + allocated +
                    " B more than making the results alone");
            }
        }
        assertEquals(16, view.size());
        assertEquals(99_999, view.get(300, 15).longValue("n"));
    }
}

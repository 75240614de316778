package dev.sluice.core;

import dev.sluice.core.function.KeyType;
import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.sink.ResultRow;
import dev.sluice.core.source.InMemoryLog;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.TumblingWindows;
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
 * A pipeline keyed by the user's own record type gives, per (window, key), exactly the results of the same
 * pipeline keyed by a long, in every mode, also when it is killed and restored from a checkpoint (its key
 * dictionary and its view's keys come back from the checkpoint).
 */
class ValueKeysProperties
{
    /** A composite key whose text holds a comma and a quote, as a user's label may. */
    record Shop(long id, String label)
    {
    }

    static final KeyType<Shop> SHOPS = KeyType.of(
        (Shop k) -> k.label() + "#" + k.id(),
        text -> new Shop(Long.parseLong(text.substring(text.lastIndexOf('#') + 1)),
            text.substring(0, text.lastIndexOf('#')))).named("shop");

    static Shop shopOf(final TestEvent e)
    {
        return new Shop(e.key, "shop, \"" + Math.floorMod(e.key, 3) + "\"");
    }

    record Scenario(List<TestEvent> events, ExecutionMode mode, long size, int every, int crashAt)
    {
    }

    @Provide
    Arbitrary<Scenario> scenarios()
    {
        final Arbitrary<List<TestEvent>> events = Combinators.combine(
                Arbitraries.longs().between(-3, 12),
                Arbitraries.longs().between(0, 40),
                Arbitraries.longs().between(-50, 50))
            .as((key, step, value) -> new long[]{ key, step, value })
            .list().ofMinSize(1).ofMaxSize(300)
            .map(rows ->
            {
                final List<TestEvent> list = new ArrayList<>();
                long time = 0;
                for (final long[] r : rows)
                {
                    time += r[1];
                    list.add(new TestEvent(r[0], time - (r[2] & 15), r[2]));
                }
                return list;
            });
        return Combinators.combine(
                events,
                Arbitraries.of(ExecutionMode.values()),
                Arbitraries.longs().between(20, 400),
                Arbitraries.integers().between(1, 40),
                Arbitraries.integers().between(0, 300))
            .as(Scenario::new);
    }

    @Property(tries = 150)
    void valueKeysGiveTheLongKeyedResultsThroughRestore(@ForAll("scenarios") final Scenario s) throws IOException
    {
        final InMemoryLog log = new InMemoryLog();
        Pipelines.append(log, s.events().toArray(new TestEvent[0]));

        final LatestResultView byLong = new LatestResultView();
        Pipeline.from(log.all(), new TestEvent.TestCodec())
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(16))
            .keyBy(TestEvent::key)
            .window(TumblingWindows.of(s.size()))
            .aggregate(Reference.aggregations())
            .sink(byLong)
            .build()
            .run(s.mode());

        final Path dir = Files.createTempDirectory("sluice-keys-");
        try
        {
            final CheckpointConfig checkpoints = CheckpointConfig.in(dir).identity("keys", 1).everyRecords(s.every());
            final ExecutionConfig config = ExecutionConfig.of(s.mode()).checkpointing(checkpoints);
            final Job first = valueKeyed(log, s, new LatestResultView()).newJob(config);
            while (!first.isDone() && first.recordsIn() < s.crashAt())
            {
                first.doWork();
            }
            // killed: abandoned as it is

            final LatestResultView byShop = new LatestResultView();
            try (Job second = valueKeyed(log, s, byShop).newJob(config))
            {
                second.run();
            }
            assertEquals(render(byLong.rows(), false), render(byShop.rows(), true));
            for (final ResultRow row : byShop.rows())
            {
                assertEquals(row, byShop.get(row.windowStart(), row.keyValue()), "the view finds a row by its key");
            }
        }
        finally
        {
            try (Stream<Path> files = Files.walk(dir))
            {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Pipeline valueKeyed(final InMemoryLog log, final Scenario s, final LatestResultView view)
    {
        return Pipeline.from(log.all(), new TestEvent.TestCodec())
            .withTimestamps(TestEvent::time, WatermarkStrategy.boundedOutOfOrderness(16))
            .keyBy(ValueKeysProperties::shopOf, SHOPS)
            .window(TumblingWindows.of(s.size()))
            .aggregate(Reference.aggregations())
            .sink(view)
            .build();
    }

    private static List<String> render(final List<ResultRow> rows, final boolean shops)
    {
        final List<String> out = new ArrayList<>();
        for (final ResultRow r : rows)
        {
            final long key = shops ? ((Shop)r.keyValue()).id() : r.key();
            if (shops)
            {
                assertEquals(shopOf(new TestEvent(key, 0, 0)), r.keyValue());
            }
            final StringBuilder line = new StringBuilder().append(r.windowStart()).append('/').append(key);
            for (int f = 0; f < r.schema().fieldCount(); f++)
            {
                line.append(',').append(r.rawBits(f));
            }
            out.add(line.toString());
        }
        out.sort(null);
        return out;
    }
}

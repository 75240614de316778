package dev.sluice.core;

import dev.sluice.core.sink.EventLogSink;
import dev.sluice.core.source.EventAppender;
import dev.sluice.core.source.LogSource;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A Kappa deployment of a pass-through pipeline: v1 serves, v2 replays beside it while events arrive, reports its
 * lag, takes over on command or by itself once its lag stays at zero; afterwards v2's output equals a fresh v2 run.
 * What it refuses, and a restart that resumes both versions.
 */
class KappaDeploymentTest
{
    static final LogConfig SMALL = LogConfig.builder().segmentLength(256 * 1024).maxRecordLength(1024).build();

    /** v1 passes events through; v2 doubles each value, and can be made slow to keep it behind. */
    static Pipeline version(final Log log, final Path outputs, final int version, final long slowNs)
    {
        final Function<TestEvent, TestEvent> logic = version == 1 ? Function.identity() : e ->
        {
            if (slowNs > 0)
            {
                final long until = System.nanoTime() + slowNs;
                while (System.nanoTime() < until)
                {
                    Thread.onSpinWait();
                }
            }
            return new TestEvent(e.key, e.time, e.value * version);
        };
        return Pipeline.from(LogSource.tail(log), new TestEvent.TestCodec())
            .map(logic)
            .withTimestamps(TestEvent::time, dev.sluice.core.time.WatermarkStrategy.boundedOutOfOrderness(100))
            .named("values", version)
            .passThrough(EventLogSink.open(outputs.resolve("v" + version), SMALL, new TestEvent.TestCodec()))
            .build();
    }

    static void append(final EventAppender<TestEvent> appender, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            appender.append(new TestEvent(i % 7, i * 5L, i), 1_000);
        }
    }

    /**
     * @return the events of an output log, checking that their sequences run from 0 with no gap or repeat.
     */
    static List<String> read(final Path outputLog)
    {
        final List<String> events = new ArrayList<>();
        final TestEvent.TestCodec codec = new TestEvent.TestCodec();
        try (Log output = Log.openReadOnly(outputLog))
        {
            output.scan(output.startPosition(), output.tailPosition(), (buffer, offset, length, position) ->
            {
                assertEquals(events.size(), buffer.getLong(offset + EventLogSink.SEQUENCE_OFFSET,
                    ByteOrder.LITTLE_ENDIAN), "output sequence");
                events.add(codec.decode(buffer, offset + EventLogSink.EVENT_OFFSET,
                    length - EventLogSink.EVENT_OFFSET).toString());
            });
        }
        return events;
    }

    static List<String> expected(final int count, final int version)
    {
        final List<String> events = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            events.add(new TestEvent(i % 7, i * 5L, (long)i * version).toString());
        }
        return events;
    }

    static void awaitAtHead(final KappaDeployment kappa, final int version, final Log log) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline)
        {
            final KappaDeployment.VersionStatus status = kappa.status().get(version - 1);
            if (status.position() == log.tailPosition() && status.lagRecords() == 0)
            {
                return;
            }
            Thread.sleep(5);
        }
        fail("v" + version + " did not reach the head: " + kappa.status());
    }

    @Test
    void shouldReplayANewVersionBesideTheServingOneAndCutOverOnceItHasCaughtUp(@TempDir final Path dir)
        throws Exception
    {
        try (Log log = Log.open(dir.resolve("log"), SMALL);
            KappaDeployment kappa = KappaDeployment.open(log, dir.resolve("kappa"), KappaConfig.defaults()
                .autoCutOver(false).caughtUpFor(50, TimeUnit.MILLISECONDS).checkpointEvery(200, TimeUnit.MILLISECONDS)
                .pollLimit(16)))
        {
            final EventAppender<TestEvent> appender = new EventAppender<>(log.appender(), new TestEvent.TestCodec());
            append(appender, 0, 3_000);
            assertEquals(KappaDeployment.Role.SERVING, kappa.deploy(version(log, dir, 1, 0)).role());

            final AtomicBoolean writing = new AtomicBoolean(true);
            final Thread writer = new Thread(() ->
            {
                for (int i = 3_000; i < 6_000; i++)
                {
                    append(appender, i, i + 1);
                    if (i % 100 == 0)
                    {
                        LockSupportSleep.millis(1);
                    }
                }
                writing.set(false);
            });
            writer.start();

            // v2 costs 100 us an event: it lags for a while, whatever the machine
            final KappaDeployment.VersionStatus deployed = kappa.deploy(version(log, dir, 2, 100_000),
                log.startPosition());
            assertEquals(KappaDeployment.Role.CANDIDATE, deployed.role());
            KappaDeployment.VersionStatus lagging = kappa.status().get(1);
            while (lagging.recordsIn() == 0)
            {
                Thread.sleep(5);
                lagging = kappa.status().get(1);
            }
            assertTrue(lagging.lagRecords() > 0 && lagging.lagBytes() > 0 && !lagging.caughtUp(), lagging.toString());
            assertTrue(lagging.eventTimeLagMs() > 0, lagging.toString());
            final IllegalStateException early = assertThrows(IllegalStateException.class, kappa::cutOver);
            assertTrue(early.getMessage().contains("lags") && early.getMessage().contains("v1 keeps serving") &&
                early.getMessage().contains("autoCutOver"), early.getMessage());
            assertEquals(1, kappa.serving().version());

            writer.join();
            assertFalse(writing.get());
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!kappa.status().get(1).caughtUp() && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
            }
            final KappaDeployment.VersionStatus cut = kappa.cutOver();
            assertEquals(2, cut.version());
            assertEquals(KappaDeployment.Role.SERVING, kappa.serving().role());
            assertEquals(KappaDeployment.Role.RETIRED, kappa.role(1));
            assertFalse(kappa.status().get(0).running());

            append(appender, 6_000, 6_500);
            awaitAtHead(kappa, 2, log);
        }
        // v1's output is kept, as configured, and holds what it read before it stopped, once each
        final List<String> v1 = read(dir.resolve("v1"));
        assertEquals(expected(v1.size(), 1), v1);
        assertTrue(v1.size() >= 6_000, v1.size() + " events in v1's output");
        // v2's output covers every event once, and equals a fresh v2 run over the whole log
        assertEquals(expected(6_500, 2), read(dir.resolve("v2")));
        try (Log log = Log.open(dir.resolve("log"), SMALL))
        {
            version(log, dir.resolve("fresh"), 2, 0).run(ExecutionMode.BATCH);
        }
        assertEquals(read(dir.resolve("fresh").resolve("v2")), read(dir.resolve("v2")));
    }

    @Test
    void shouldTakeOverByItselfAndDeleteTheRetiredOutputWhenConfiguredTo(@TempDir final Path dir) throws Exception
    {
        try (Log log = Log.open(dir.resolve("log"), SMALL);
            KappaDeployment kappa = KappaDeployment.open(log, dir.resolve("kappa"), KappaConfig.defaults()
                .caughtUpFor(30, TimeUnit.MILLISECONDS).retiredOutput(KappaConfig.RetiredOutput.DELETE)))
        {
            final EventAppender<TestEvent> appender = new EventAppender<>(log.appender(), new TestEvent.TestCodec());
            append(appender, 0, 2_000);
            kappa.deploy(version(log, dir, 1, 0));
            kappa.deploy(version(log, dir, 2, 0));
            assertTrue(kappa.awaitServing(2, 30, TimeUnit.SECONDS), kappa.status().toString());
            assertEquals(KappaDeployment.Role.RETIRED, kappa.role(1));
            assertFalse(Files.exists(dir.resolve("v1")), "v1's output was deleted");
            assertFalse(Files.exists(dir.resolve("kappa").resolve("v1")), "and its checkpoints");
            append(appender, 2_000, 2_100);
            awaitAtHead(kappa, 2, log);
            final String manifest = Files.readString(dir.resolve("kappa").resolve(KappaDeployment.MANIFEST_FILE));
            assertTrue(manifest.contains("v1.role=retired") && manifest.contains("v2.role=serving"), manifest);
        }
        assertEquals(expected(2_100, 2), read(dir.resolve("v2")));
    }

    @Test
    void shouldResumeEveryVersionFromItsCheckpointAfterARestart(@TempDir final Path dir) throws Exception
    {
        final KappaConfig config = KappaConfig.defaults().autoCutOver(false).checkpointEvery(5, TimeUnit.MILLISECONDS);
        try (Log log = Log.open(dir.resolve("log"), SMALL))
        {
            final EventAppender<TestEvent> appender = new EventAppender<>(log.appender(), new TestEvent.TestCodec());
            append(appender, 0, 1_000);
            try (KappaDeployment kappa = KappaDeployment.open(log, dir.resolve("kappa"), config))
            {
                kappa.deploy(version(log, dir, 1, 0));
                kappa.deploy(version(log, dir, 2, 200_000));
                Thread.sleep(30);
            }
            final int v2Before = read(dir.resolve("v2")).size();
            assertTrue(v2Before > 0 && v2Before < 1_000, v2Before + " events: stopped during the catch-up");

            append(appender, 1_000, 1_500);
            try (KappaDeployment kappa = KappaDeployment.open(log, dir.resolve("kappa"), config))
            {
                assertEquals(KappaDeployment.Role.SERVING, kappa.role(1));
                assertEquals(KappaDeployment.Role.CANDIDATE, kappa.role(2));
                assertFalse(kappa.status().get(1).running());
                kappa.deploy(version(log, dir, 1, 0));
                kappa.deploy(version(log, dir, 2, 0), 12_345); // resumes where it was: the position is its first's
                awaitAtHead(kappa, 1, log);
                awaitAtHead(kappa, 2, log);
            }
        }
        assertEquals(expected(1_500, 1), read(dir.resolve("v1")));
        assertEquals(expected(1_500, 2), read(dir.resolve("v2")));
    }

    @Test
    void shouldRefuseWhatWouldMixOrLoseOutputNamingTheStateAndTheWayOut(@TempDir final Path dir) throws Exception
    {
        try (Log log = Log.open(dir.resolve("log"), SMALL);
            Log other = Log.open(dir.resolve("other"), SMALL);
            KappaDeployment kappa = KappaDeployment.open(log, dir.resolve("kappa"), KappaConfig.defaults()
                .caughtUpFor(10, TimeUnit.MILLISECONDS)))
        {
            final EventAppender<TestEvent> appender = new EventAppender<>(log.appender(), new TestEvent.TestCodec());
            append(appender, 0, 100);
            final EventLogSink<TestEvent> v1Sink = EventLogSink.open(dir.resolve("v1"), SMALL,
                new TestEvent.TestCodec());
            kappa.deploy(passing(log, "values", 1, v1Sink));

            final IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> kappa.deploy(version(log, dir.resolve("again"), 1, 0)));
            assertTrue(twice.getMessage().contains("already runs") && twice.getMessage().contains("deploy it as v2"),
                twice.getMessage());

            final IllegalStateException sharedSink = assertThrows(IllegalStateException.class,
                () -> kappa.deploy(passing(log, "values", 2, v1Sink)));
            assertTrue(sharedSink.getMessage().contains("writes into the sink") &&
                sharedSink.getMessage().contains("a sink of its own"), sharedSink.getMessage());
            final IllegalArgumentException otherName = assertThrows(IllegalArgumentException.class,
                () -> kappa.deploy(passing(log, "prices", 2, e -> { })));
            assertTrue(otherName.getMessage().contains("runs versions of 'values'"), otherName.getMessage());

            final IllegalArgumentException otherLog = assertThrows(IllegalArgumentException.class,
                () -> kappa.deploy(passing(other, "values", 2, e -> { })));
            assertTrue(otherLog.getMessage().contains("replays its log"), otherLog.getMessage());

            final IllegalArgumentException between = assertThrows(IllegalArgumentException.class,
                () -> kappa.deploy(passing(log, "values", 2, e -> { }), log.startPosition() + 8));
            assertTrue(between.getMessage().contains("not where a record"), between.getMessage());

            kappa.deploy(version(log, dir, 2, 0));
            assertTrue(kappa.awaitServing(2, 30, TimeUnit.SECONDS));
            // v1 is retired and its output kept: a version writing there would mix its events into v1's
            final IllegalStateException oneOutput = assertThrows(IllegalStateException.class,
                () -> kappa.deploy(passing(log, "values", 3,
                    EventLogSink.open(dir.resolve("v1"), SMALL, new TestEvent.TestCodec()))));
            assertTrue(oneOutput.getMessage().contains("two versions writing one output") &&
                oneOutput.getMessage().contains("its own directory") &&
                oneOutput.getMessage().contains("v1 (retired)"), oneOutput.getMessage());
            final IllegalStateException retired = assertThrows(IllegalStateException.class,
                () -> kappa.deploy(version(log, dir.resolve("back"), 1, 0)));
            assertTrue(retired.getMessage().contains("was retired") && retired.getMessage().contains("v3"),
                retired.getMessage());
            final IllegalStateException older = assertThrows(IllegalStateException.class,
                () -> kappa.deploy(passing(log, "values", 0, e -> { })));
            assertTrue(older.getMessage().contains("older than the serving v2"), older.getMessage());
            final IllegalStateException nothingToCut = assertThrows(IllegalStateException.class, kappa::cutOver);
            assertTrue(nothingToCut.getMessage().contains("deploy the next version first"),
                nothingToCut.getMessage());
        }
    }

    /**
     * @return a pass-through version {@code name} v{@code version} of {@code log} into {@code sink}.
     */
    static Pipeline passing(
        final Log log, final String name, final int version, final dev.sluice.core.sink.EventSink<TestEvent> sink)
    {
        return Pipeline.from(LogSource.tail(log), new TestEvent.TestCodec()).named(name, version).passThrough(sink)
            .build();
    }

    /** A sleep that ignores interrupts: the writer thread of a test. */
    static final class LockSupportSleep
    {
        static void millis(final long ms)
        {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ms));
        }
    }
}

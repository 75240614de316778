package dev.sluice.core;

import dev.sluice.core.sink.LatestResultView;
import dev.sluice.core.source.Source;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash + restore == uninterrupted, at any parallelism before and after: random pipelines' state (every kind of
 * aggregation, allowed lateness, early results, late events; sessions over one input), over one input or partitions.
 * A first job on P workers checkpointing every k records is abandoned just after a random checkpoint (nothing of it
 * flushed, committed or checkpointed after that, as a kill leaves it), and a second job on P' workers restores the
 * newest checkpoint and finishes. The final results (the view rebuilt from the checkpoint and the replay) and the
 * counters equal those of a run that never stopped; the durable output holds the first result of every (window, key)
 * exactly once.
 */
class ParallelCheckpointProperties
{
    @Provide
    Arbitrary<CheckpointRestoreProperties.Scenario> scenarios()
    {
        return new CheckpointRestoreProperties().scenarios(30);
    }

    @Provide
    Arbitrary<Integer> parallelisms()
    {
        return Arbitraries.of(1, 2, 4);
    }

    @Provide
    Arbitrary<ParallelEquivalenceProperties.Layout> layouts()
    {
        return Arbitraries.of(ParallelEquivalenceProperties.Layout.SINGLE, ParallelEquivalenceProperties.Layout.BY_KEY,
            ParallelEquivalenceProperties.Layout.ROUND_ROBIN);
    }

    @Property(tries = 40)
    void restoredAtAnyParallelismEqualsUninterruptedRun(
        @ForAll("scenarios") final CheckpointRestoreProperties.Scenario s,
        @ForAll("parallelisms") final int before,
        @ForAll("parallelisms") final int after,
        @ForAll("layouts") final ParallelEquivalenceProperties.Layout layout,
        @ForAll @IntRange(min = 1, max = 3) final int crashAfterCheckpoint) throws IOException
    {
        // sessions merge a key's events in the order they come, and late events of one partition may find a session
        // that another partition's watermark already closed: over several partitions their results depend on the
        // interleaving (as in Flink); over one input they do not
        Assume.that(s.windowKind() != 3 || layout == ParallelEquivalenceProperties.Layout.SINGLE);
        final Source source = ParallelEquivalenceProperties.source(s.events(), layout);

        final LatestResultView expectedView = new LatestResultView();
        final JobReport expected;
        try (ParallelJob job = ParallelJob.create(() -> CheckpointRestoreProperties.define(source, s)
            .sink(expectedView).build(), CheckpointRestoreProperties.config(s), Parallelism.of(1)))
        {
            expected = job.run();
        }

        // in memory where there is a tmpfs: forcing a checkpoint to a busy disk can take longer than the whole job
        final Path shm = Path.of("/dev/shm");
        final Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ?
            Files.createTempDirectory(shm, "sluice-parallel-restore-") :
            Files.createTempDirectory("sluice-parallel-restore-");
        try
        {
            final List<String> durable = Collections.synchronizedList(new ArrayList<>());
            final RecordingSink recording = new RecordingSink(durable);
            final LatestResultView lost = new LatestResultView();
            // the first job reads slowly, so that it checkpoints along the way; it is stopped as it is (nothing
            // flushed, committed or checkpointed after) just after a random checkpoint: a crash for what is durable
            final AtomicReference<ParallelJob> crashing = new AtomicReference<>();
            // often, so that most first jobs are abandoned mid-way rather than after their final checkpoint
            final int every = 1 + s.every() % 6;
            final CheckpointConfig crashAfter = CheckpointConfig.in(dir).identity("property", 1)
                .everyRecords(every).listener((phase, id) ->
                {
                    if (phase == CheckpointListener.Phase.COMMITTED && id == crashAfterCheckpoint)
                    {
                        crashing.get().stop();
                    }
                });
            final Source slowed = SlowedSource.of(source, 500_000, () -> !crashing.get().isStopRequested());
            try (ParallelJob first = ParallelJob.create(() -> CheckpointRestoreProperties.define(slowed, s)
                .sink(recording).sink(lost).build(), CheckpointRestoreProperties.config(s).checkpointing(crashAfter),
                Parallelism.of(before)))
            {
                crashing.set(first);
                first.run();
            }

            final LatestResultView view = new LatestResultView();
            final JobReport report;
            try (ParallelJob second = ParallelJob.create(() -> CheckpointRestoreProperties.define(source, s)
                .sink(recording).sink(view).build(), CheckpointRestoreProperties.config(s).checkpointing(
                CheckpointConfig.in(dir).identity("property", 1).everyRecords(every)), Parallelism.of(after)))
            {
                Statistics.label("restored").collect(second.checkpointStats().restoredFromId() == 0 ? "afresh" :
                    second.isDone() ? "a finished job" : "mid-way");
                report = second.run();
            }
            final String what = layout + " " + before + " -> " + after;
            assertEquals(expectedView.rows(), view.rows(), what);
            assertEquals(counters(expected), counters(report), what);
            // exactly once: every (window, key) has one first result in the durable output, the one of the view or an
            // earlier one its updates replaced
            final Set<String> firsts = new HashSet<>();
            for (final String line : durable)
            {
                if (!line.endsWith("(early)") && !line.endsWith("(update)"))
                {
                    final String id = line.substring(0, line.indexOf(", ", line.indexOf("key=")));
                    assertTrue(firsts.add(id), "twice: " + id + " in " + durable);
                }
            }
            assertEquals(expectedView.rows().size(), firsts.size(), what);
        }
        finally
        {
            try (Stream<Path> files = Files.walk(dir))
            {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static List<Long> counters(final JobReport r)
    {
        return List.of(r.recordsIn(), r.recordsSkipped(), r.eventsIn(), r.eventsLate(), r.eventsLateAccepted());
    }
}

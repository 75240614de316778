package dev.sluice.core.sink;

import dev.sluice.core.checkpoint.StateOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class EpochFileSinkTest
{
    @TempDir
    Path dir;

    private final SinkFixtures fixtures = new SinkFixtures();

    private EpochFileSink fresh()
    {
        final EpochFileSink sink = new EpochFileSink(dir);
        sink.init(fixtures.schema);
        sink.restore(null);
        return sink;
    }

    private StateOutput epoch(final EpochFileSink sink, final long epoch, final long from, final long to)
    {
        for (long i = from; i < to; i++)
        {
            sink.onResult(fixtures.result(i));
        }
        final StateOutput mark = new StateOutput(64);
        sink.snapshot(epoch, mark);
        return mark;
    }

    private CommittedOutput output()
    {
        return CommittedOutput.readEpochFiles(dir, fixtures.schema);
    }

    @Test
    void shouldShowAnEpochOnlyOnceItsCheckpointCommits() throws IOException
    {
        final EpochFileSink sink = fresh();
        epoch(sink, 1, 0, 3);
        assertTrue(EpochFileSink.committedFiles(dir).isEmpty(), "pre-committed, not yet visible");
        assertTrue(Files.exists(dir.resolve("part-00000000000000000001.csv.pending")));
        sink.commit(1);
        sink.commit(1); // idempotent
        final List<String> lines = Files.readAllLines(dir.resolve("part-00000000000000000001.csv"));
        assertEquals(List.of("seq,window_start,window_end,key,n,update", "0,0,100,0,0,false", "1,0,100,1,1,false",
            "2,0,100,2,2,false"), lines);
        assertEquals(1, sink.committedEpoch());
        assertEquals(3, sink.sequence());
        sink.close();
    }

    @Test
    void shouldFinishAnInterruptedCommitAndDropWhatFollowedTheRestoredCheckpoint()
    {
        final EpochFileSink first = fresh();
        epoch(first, 1, 0, 5);
        first.commit(1);
        final StateOutput mark2 = epoch(first, 2, 5, 12);
        // killed after checkpoint 2 was durable, before its commit, while writing epoch 3
        first.onResult(fixtures.result(12));
        first.onResult(fixtures.result(13));

        final EpochFileSink second = new EpochFileSink(dir);
        second.init(fixtures.schema);
        second.restore(SinkFixtures.input(mark2));
        assertEquals(12, second.sequence());
        assertEquals(2, second.committedEpoch());
        assertFalse(Files.exists(dir.resolve("part-00000000000000000003.csv.pending")), "epoch 3 is replayed");
        // the replay emits results 12.. again, identically
        epoch(second, 3, 12, 20);
        second.commit(3);
        final CommittedOutput output = output();
        assertTrue(output.isExactlyOnce(), output.toString());
        assertEquals(20, output.results());
        assertEquals(3, output.files());
        second.close();
    }

    @Test
    void shouldDropAnEpochWhoseCheckpointNeverBecameDurable()
    {
        final EpochFileSink first = fresh();
        final StateOutput mark1 = epoch(first, 1, 0, 4);
        first.commit(1);
        epoch(first, 2, 4, 9); // pre-committed, but the checkpoint file never made it: restore from 1

        final EpochFileSink second = new EpochFileSink(dir);
        second.init(fixtures.schema);
        second.restore(SinkFixtures.input(mark1));
        assertEquals(List.of(dir.resolve("part-00000000000000000001.csv")), EpochFileSink.committedFiles(dir));
        epoch(second, 2, 4, 9);
        second.commit(2);
        assertEquals(9, output().results());
        assertTrue(output().isExactlyOnce());
    }

    @Test
    void shouldCommitAnEarlierEpochWhoseCheckpointWriteFailed()
    {
        final EpochFileSink sink = fresh();
        epoch(sink, 1, 0, 2);
        sink.commit(1);
        epoch(sink, 2, 2, 4); // its checkpoint write failed (tolerated): no commit(2)
        epoch(sink, 3, 4, 6);
        sink.commit(3);
        assertEquals(3, EpochFileSink.committedFiles(dir).size());
        assertEquals(6, output().results());
        assertTrue(output().isExactlyOnce());
    }

    @Test
    void shouldRemoveEarlierOutputOnAFreshStart()
    {
        final EpochFileSink first = fresh();
        epoch(first, 1, 0, 3);
        first.commit(1);
        epoch(first, 2, 3, 5);
        fresh();
        assertTrue(EpochFileSink.committedFiles(dir).isEmpty());
        assertEquals(0, output().results());
    }

    @Test
    void shouldRefuseASnapshotOutOfEpochOrder()
    {
        final EpochFileSink sink = fresh();
        assertThrows(IllegalStateException.class, () -> sink.snapshot(5, new StateOutput(16)));
    }

    @Test
    void shouldFindDuplicatesAndGapsInCommittedOutput() throws IOException
    {
        final EpochFileSink sink = fresh();
        epoch(sink, 1, 0, 4);
        sink.commit(1);
        final Path file = dir.resolve("part-00000000000000000001.csv");
        final List<String> lines = Files.readAllLines(file);
        Files.write(file, List.of(lines.get(0), lines.get(1), lines.get(1), lines.get(3), lines.get(4)));
        final CommittedOutput output = output();
        assertEquals(1, output.duplicates());
        assertEquals(1, output.firstGap());
        assertFalse(output.isExactlyOnce());
    }
}

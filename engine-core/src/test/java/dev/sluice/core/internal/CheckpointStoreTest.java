package dev.sluice.core.internal;

import dev.sluice.core.checkpoint.CheckpointDescriptor;
import dev.sluice.core.checkpoint.CheckpointException;
import dev.sluice.core.checkpoint.CorruptCheckpointException;
import dev.sluice.core.checkpoint.IncompatibleCheckpointException;
import dev.sluice.core.checkpoint.PipelineIdentity;
import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CheckpointStoreTest
{
    private static final PipelineIdentity ORDERS = new PipelineIdentity("orders-5m", 1, 0x1234L);

    @TempDir
    Path dir;

    private static StateOutput body(final long seed, final int longs)
    {
        final StateOutput out = new StateOutput(16);
        out.putString("state-" + seed).putInt(longs);
        for (int i = 0; i < longs; i++)
        {
            out.putLong(seed * 31 + i);
        }
        return out;
    }

    private static void assertBody(final Checkpoint checkpoint, final long seed, final int longs)
    {
        final StateInput in = checkpoint.body();
        assertEquals("state-" + seed, in.getString());
        assertEquals(longs, in.getCount("longs", 8));
        for (int i = 0; i < longs; i++)
        {
            assertEquals(seed * 31 + i, in.getLong());
        }
        in.expectEnd();
    }

    @Test
    void shouldRestoreTheNewestAndKeepOnlyTheRetained()
    {
        final CheckpointStore store = CheckpointStore.open(dir, ORDERS, 3);
        assertNull(store.restoreLatest());
        for (long id = 1; id <= 5; id++)
        {
            store.write(id, 1000 + id, body(id, (int)id * 10));
        }
        assertEquals(List.of(3L, 4L, 5L), store.listIds());
        final Checkpoint latest = store.restoreLatest();
        assertEquals(5, latest.id());
        assertEquals(1005, latest.createdMs());
        assertEquals(ORDERS, latest.identity());
        assertTrue(latest.warnings().isEmpty());
        assertBody(latest, 5, 50);
    }

    @Test
    void shouldFallBackToOlderWhenNewestIsCorruptAndNameTheFile() throws IOException
    {
        final CheckpointStore store = CheckpointStore.open(dir, ORDERS, 3);
        store.write(1, 1, body(1, 100));
        store.write(2, 2, body(2, 100));
        final Path newest = dir.resolve(CheckpointDescriptor.fileName(2));
        final byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(newest, bytes);

        final Checkpoint restored = store.restoreLatest();
        assertEquals(1, restored.id());
        assertBody(restored, 1, 100);
        assertEquals(1, restored.warnings().size());
        assertTrue(restored.warnings().get(0).contains(newest.getFileName().toString()), restored.warnings().get(0));
        assertTrue(restored.warnings().get(0).contains("checksum"), restored.warnings().get(0));
    }

    @Test
    void shouldRejectTruncatedFutureVersionAndForeignFiles() throws IOException
    {
        final CheckpointStore store = CheckpointStore.open(dir, ORDERS, 3);
        store.write(7, 7, body(7, 10));
        final Path file = dir.resolve(CheckpointDescriptor.fileName(7));
        final byte[] good = Files.readAllBytes(file);

        Files.write(file, java.util.Arrays.copyOf(good, good.length - 9));
        assertTrue(assertThrows(CorruptCheckpointException.class, () -> CheckpointStore.read(file, List.of()))
            .getMessage().contains("do not add up"));

        final byte[] future = good.clone();
        ByteBuffer.wrap(future).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(CheckpointDescriptor.FORMAT_VERSION_OFFSET, CheckpointDescriptor.FORMAT_VERSION + 1);
        Files.write(file, future);
        assertTrue(assertThrows(CorruptCheckpointException.class, () -> CheckpointStore.read(file, List.of()))
            .getMessage().contains("newer Sluice"));

        Files.write(file, "this is not a checkpoint at all, just some text in a file that happens to be long enough".getBytes());
        assertTrue(assertThrows(CorruptCheckpointException.class, () -> CheckpointStore.read(file, List.of()))
            .getMessage().contains("wrong magic"));

        final CorruptCheckpointException none =
            assertThrows(CorruptCheckpointException.class, store::restoreLatest);
        assertTrue(none.getMessage().contains("none of its 1 checkpoint files is usable"), none.getMessage());
    }

    @Test
    void shouldRefuseStateOfAnotherPipelineVersionNamingTheWayOut()
    {
        CheckpointStore.open(dir, ORDERS, 3).write(1, 1, body(1, 1));
        final PipelineIdentity v2 = new PipelineIdentity("orders-5m", 2, 0x1234L);
        final IncompatibleCheckpointException ex = assertThrows(IncompatibleCheckpointException.class,
            () -> CheckpointStore.open(dir, v2, 3).restoreLatest());
        assertTrue(ex.getMessage().contains("replaying the log from the start"), ex.getMessage());
        assertEquals(ORDERS, ex.found());

        final PipelineIdentity otherLayout = new PipelineIdentity("orders-5m", 1, 0x9999L);
        assertThrows(IncompatibleCheckpointException.class,
            () -> CheckpointStore.open(dir, otherLayout, 3).restoreLatest());
    }

    @Test
    void shouldIgnoreAndRemoveAnInterruptedWrite() throws IOException
    {
        final CheckpointStore store = CheckpointStore.open(dir, ORDERS, 3);
        store.write(1, 1, body(1, 3));
        final Path temp = dir.resolve("checkpoint-00000000000000000002" + CheckpointDescriptor.TEMP_SUFFIX);
        Files.write(temp, new byte[] {1, 2, 3});
        assertEquals(1, store.restoreLatest().id());
        assertFalse(Files.exists(temp));
    }

    @Test
    void shouldFailClearlyWhenAWriteFailsAndKeepThePrevious() throws IOException
    {
        final CheckpointStore store = CheckpointStore.open(dir, ORDERS, 3);
        store.write(1, 1, body(1, 3));
        // a directory where the temporary file must go makes the write fail, whoever runs the test
        Files.createDirectory(dir.resolve("checkpoint-00000000000000000002" + CheckpointDescriptor.TEMP_SUFFIX));
        final CheckpointException ex = assertThrows(CheckpointException.class, () -> store.write(2, 2, body(2, 3)));
        assertTrue(ex.getMessage().contains("previous checkpoint is still the newest"), ex.getMessage());
        assertEquals(1, store.restoreLatest().id());
        assertBody(store.restoreLatest(), 1, 3);
    }

    @Test
    void shouldFailClearlyWhenTheDirectoryCannotBeMade() throws IOException
    {
        final Path file = Files.write(dir.resolve("not-a-directory"), new byte[] {1});
        final CheckpointException ex =
            assertThrows(CheckpointException.class, () -> CheckpointStore.open(file.resolve("checkpoints"), ORDERS, 3));
        assertTrue(ex.getMessage().contains("cannot create checkpoint directory"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CheckpointStore.open(dir, ORDERS, 1));
    }

    @Test
    void shouldRejectBodyReadPastItsEnd()
    {
        final CheckpointStore store = CheckpointStore.open(dir, ORDERS, 3);
        store.write(1, 1, new StateOutput(8).putInt(1_000_000).putLong(5));
        final StateInput in = store.restoreLatest().body();
        assertThrows(CorruptCheckpointException.class, () -> in.getCount("windows", 16));
        final StateInput again = store.restoreLatest().body();
        again.getInt();
        again.getLong();
        assertThrows(CorruptCheckpointException.class, again::getLong);
    }
}

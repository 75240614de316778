package dev.sluice.core.internal;

import dev.sluice.core.checkpoint.CheckpointDescriptor;
import dev.sluice.core.checkpoint.CorruptCheckpointException;
import dev.sluice.core.checkpoint.PipelineIdentity;
import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class CheckpointCorruptionProperties
{
    private static final PipelineIdentity IDENTITY = new PipelineIdentity("p", 3, 77L);

    /**
     * Any damage to a checkpoint file (flipped bits, truncation, appended bytes) is rejected as corrupt:
     * a damaged file is never half-loaded, and the older checkpoint is restored intact instead.
     */
    @Property(tries = 300)
    void damagedNewestCheckpointIsNeverLoaded(
        @ForAll @IntRange(min = 0, max = 400) final int longs,
        @ForAll @IntRange(min = 0, max = 2) final int kind,
        @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) final int where,
        @ForAll @IntRange(min = 1, max = 255) final int mask) throws IOException
    {
        final Path dir = Files.createTempDirectory("ckpt-fuzz");
        try
        {
            final CheckpointStore store = CheckpointStore.open(dir, IDENTITY, 3);
            final StateOutput older = new StateOutput(64).putInt(longs);
            final StateOutput newer = new StateOutput(64).putInt(longs);
            for (int i = 0; i < longs; i++)
            {
                older.putLong(i);
                newer.putLong(-i);
            }
            store.write(1, 1, older);
            store.write(2, 2, newer);
            final Path file = dir.resolve(CheckpointDescriptor.fileName(2));
            final byte[] bytes = Files.readAllBytes(file);
            final byte[] damaged;
            switch (kind)
            {
                case 0:
                    damaged = bytes.clone();
                    damaged[where % bytes.length] ^= (byte)mask;
                    break;
                case 1:
                    damaged = java.util.Arrays.copyOf(bytes, where % bytes.length);
                    break;
                default:
                    damaged = java.util.Arrays.copyOf(bytes, bytes.length + 1 + where % 64);
                    break;
            }
            Files.write(file, damaged);

            final List<String> warnings = new ArrayList<>();
            assertThrows(CorruptCheckpointException.class, () -> CheckpointStore.read(file, warnings));
            final Checkpoint restored = store.restoreLatest();
            assertEquals(1, restored.id());
            final StateInput in = restored.body();
            assertEquals(longs, in.getCount("longs", 8));
            for (int i = 0; i < longs; i++)
            {
                assertEquals(i, in.getLong());
            }
            in.expectEnd();
        }
        finally
        {
            try (Stream<Path> files = Files.walk(dir))
            {
                files.sorted(Comparator.reverseOrder()).forEach(p ->
                {
                    try
                    {
                        Files.delete(p);
                    }
                    catch (final IOException ex)
                    {
                        throw new UncheckedIOException(ex);
                    }
                });
            }
        }
    }
}

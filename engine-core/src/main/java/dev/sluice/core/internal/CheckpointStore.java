package dev.sluice.core.internal;

import dev.sluice.core.checkpoint.CheckpointException;
import dev.sluice.core.checkpoint.CorruptCheckpointException;
import dev.sluice.core.checkpoint.IncompatibleCheckpointException;
import dev.sluice.core.checkpoint.PipelineIdentity;
import dev.sluice.core.checkpoint.StateOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32C;

import static dev.sluice.core.checkpoint.CheckpointDescriptor.*;

/**
 * A directory of checkpoint files for one pipeline. A checkpoint is written whole to a temporary
 * file, forced, atomically renamed into place and the directory forced, so a crash or a full disk
 * during a write leaves the previous checkpoint as the newest valid one. The newest {@code retain}
 * are kept.
 *
 * <p>Not thread-safe: the job thread writes and restores.
 */
public final class CheckpointStore
{
    private static final System.Logger LOGGER = System.getLogger(CheckpointStore.class.getName());

    private final Path dir;
    private final PipelineIdentity identity;
    private final int retain;
    private final byte[] nameBytes;
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer header = ByteBuffer.allocateDirect(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer trailer = ByteBuffer.allocateDirect(TRAILER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);

    private CheckpointStore(final Path dir, final PipelineIdentity identity, final int retain)
    {
        this.dir = dir;
        this.identity = identity;
        this.retain = retain;
        this.nameBytes = identity.name().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Opens (creating it if needed) a checkpoint directory for a pipeline.
     *
     * @param retain how many of the newest checkpoints to keep, at least 2 so one can fall back.
     * @throws CheckpointException when the directory cannot be made or written.
     */
    public static CheckpointStore open(final Path dir, final PipelineIdentity identity, final int retain)
    {
        if (retain < 2)
        {
            throw new IllegalArgumentException("retain " + retain + " keeps too few checkpoints to fall back from a" +
                " corrupt one; keep at least 2, e.g. 3");
        }
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new CheckpointException("cannot create checkpoint directory " + dir + ": " + ex +
                "; give a directory the job can write", ex);
        }
        if (!Files.isWritable(dir))
        {
            throw new CheckpointException("checkpoint directory " + dir + " is not writable; give the job write" +
                " access or another directory (nothing was written)");
        }
        return new CheckpointStore(dir, identity, retain);
    }

    public Path directory()
    {
        return dir;
    }

    public PipelineIdentity identity()
    {
        return identity;
    }

    /**
     * Writes a checkpoint durably. When this returns, a restore finds it even after a machine crash.
     *
     * @param id        the checkpoint's id, higher than every earlier one.
     * @param createdMs when it was taken.
     * @param body      the job's state.
     * @return bytes written.
     * @throws CheckpointException when it cannot be written; the previous checkpoint is still the newest.
     */
    public long write(final long id, final long createdMs, final StateOutput body)
    {
        return write(id, createdMs, body, null);
    }

    /**
     * Like {@link #write(long, long, StateOutput)}, running {@code beforeRename} once the temporary file is
     * written and forced, just before it is renamed into place (metrics; crash tests stop the process there).
     *
     * @param beforeRename run before the rename, or null.
     * @return bytes written.
     */
    public long write(final long id, final long createdMs, final StateOutput body, final Runnable beforeRename)
    {
        final int length = body.length();
        final Path temp = dir.resolve(PREFIX + String.format("%020d", id) + TEMP_SUFFIX);
        final Path file = dir.resolve(fileName(id));
        final ByteBuffer bodyView = body.buffer().byteBuffer().duplicate().limit(length).position(0);
        header.clear();
        header.putLong(MAGIC_OFFSET, MAGIC)
            .putInt(FORMAT_VERSION_OFFSET, FORMAT_VERSION)
            .putInt(PIPELINE_VERSION_OFFSET, identity.version())
            .putLong(CHECKPOINT_ID_OFFSET, id)
            .putLong(CREATED_MS_OFFSET, createdMs)
            .putLong(FINGERPRINT_OFFSET, identity.stateFingerprint())
            .putInt(NAME_LENGTH_OFFSET, nameBytes.length)
            .putInt(BODY_LENGTH_OFFSET, length);
        crc.reset();
        crc.update(header.duplicate());
        crc.update(nameBytes);
        crc.update(bodyView.duplicate());
        trailer.clear();
        trailer.putInt(0, (int)crc.getValue());
        try
        {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                writeFully(channel, header.duplicate());
                writeFully(channel, ByteBuffer.wrap(nameBytes));
                writeFully(channel, bodyView);
                writeFully(channel, trailer.duplicate());
                channel.force(true);
            }
            if (null != beforeRename)
            {
                beforeRename.run();
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory();
        }
        catch (final IOException ex)
        {
            try
            {
                Files.deleteIfExists(temp);
            }
            catch (final IOException ignore)
            {
                // the temporary file is removed on the next restore
            }
            final String why = ex instanceof AccessDeniedException ? "the directory is not writable" : ex.toString();
            throw new CheckpointException("checkpoint " + id + " could not be written to " + dir + ": " + why +
                "; the previous checkpoint is still the newest (free space or fix permissions, then go on)", ex);
        }
        pruneOlderThanRetained();
        return HEADER_LENGTH + nameBytes.length + length + TRAILER_LENGTH;
    }

    /**
     * Reads the newest valid checkpoint, falling back to older ones past unusable files, each named in
     * a warning (also logged).
     *
     * @return the checkpoint, or null when the directory holds none.
     * @throws IncompatibleCheckpointException when the newest valid one belongs to another pipeline
     *                                         identity.
     * @throws CorruptCheckpointException      when checkpoint files exist but none is usable.
     */
    public Checkpoint restoreLatest()
    {
        final List<Long> ids = listIds();
        final List<String> warnings = new ArrayList<>();
        for (int i = ids.size() - 1; i >= 0; i--)
        {
            final Path file = dir.resolve(fileName(ids.get(i)));
            try
            {
                final Checkpoint checkpoint = read(file, warnings);
                if (!checkpoint.identity().equals(identity))
                {
                    throw new IncompatibleCheckpointException(file, checkpoint.identity(), identity);
                }
                return checkpoint;
            }
            catch (final CorruptCheckpointException ex)
            {
                final String warning = ex.getMessage() + "; falling back to an older checkpoint";
                warnings.add(warning);
                LOGGER.log(System.Logger.Level.WARNING, warning);
            }
        }
        if (!ids.isEmpty())
        {
            throw new CorruptCheckpointException(dir, "none of its " + ids.size() + " checkpoint files is usable (" +
                String.join("; ", warnings) + "); move the directory away to start the job from the beginning of" +
                " its input, which an idempotent sink makes safe");
        }
        return null;
    }

    /**
     * Reads and checks one checkpoint file; it is returned only when wholly valid.
     */
    public static Checkpoint read(final Path file, final List<String> warnings)
    {
        final long size;
        final byte[] bytes;
        try
        {
            size = Files.size(file);
            if (size < HEADER_LENGTH + TRAILER_LENGTH || size > (long)MAX_BODY_LENGTH + 1024)
            {
                throw new CorruptCheckpointException(file, "size " + size + " bytes is outside what a checkpoint" +
                    " can be (truncated, or not a checkpoint)");
            }
            bytes = Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            throw new CorruptCheckpointException(file, "cannot be read: " + ex);
        }
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < HEADER_LENGTH + TRAILER_LENGTH || buffer.getLong(MAGIC_OFFSET) != MAGIC)
        {
            throw new CorruptCheckpointException(file, "not a Sluice checkpoint (wrong magic)");
        }
        final int format = buffer.getInt(FORMAT_VERSION_OFFSET);
        if (format != FORMAT_VERSION)
        {
            throw new CorruptCheckpointException(file, "format version " + format + " is not the supported version " +
                FORMAT_VERSION + (format > FORMAT_VERSION ? " (written by a newer Sluice: run that release)" : ""));
        }
        final int nameLength = buffer.getInt(NAME_LENGTH_OFFSET);
        final int bodyLength = buffer.getInt(BODY_LENGTH_OFFSET);
        if (nameLength < 1 || nameLength > MAX_NAME_LENGTH || bodyLength < 0 ||
            (long)HEADER_LENGTH + nameLength + bodyLength + TRAILER_LENGTH != bytes.length)
        {
            throw new CorruptCheckpointException(file, "lengths in its header (name " + nameLength + ", body " +
                bodyLength + ") do not add up to its size " + bytes.length + " (truncated or torn)");
        }
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - TRAILER_LENGTH);
        if ((int)crc.getValue() != buffer.getInt(bytes.length - TRAILER_LENGTH))
        {
            throw new CorruptCheckpointException(file, "checksum mismatch (bytes changed after it was written)");
        }
        final PipelineIdentity identity = new PipelineIdentity(
            new String(bytes, HEADER_LENGTH, nameLength, StandardCharsets.UTF_8),
            buffer.getInt(PIPELINE_VERSION_OFFSET), buffer.getLong(FINGERPRINT_OFFSET));
        final long id = buffer.getLong(CHECKPOINT_ID_OFFSET);
        if (id != parseId(file.getFileName().toString()))
        {
            throw new CorruptCheckpointException(file, "its id " + id + " does not match its file name");
        }
        return new Checkpoint(file, identity, id, buffer.getLong(CREATED_MS_OFFSET), bytes,
            HEADER_LENGTH + nameLength, bodyLength, warnings);
    }

    /**
     * @return ids of the checkpoint files present, oldest first; removes leftover temporary files.
     */
    public List<Long> listIds()
    {
        final List<Long> ids = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir))
        {
            for (final Path file : stream)
            {
                final String name = file.getFileName().toString();
                if (name.endsWith(TEMP_SUFFIX))
                {
                    // a write a crash interrupted: never renamed, so never a checkpoint
                    try
                    {
                        Files.deleteIfExists(file);
                    }
                    catch (final IOException ex)
                    {
                        // not ours to fail on: the next write to that name fails and says why
                        LOGGER.log(System.Logger.Level.WARNING, "cannot remove " + file + " (left by an " +
                            "interrupted checkpoint write, or something else holds its name): " + ex);
                    }
                    continue;
                }
                final long id = parseId(name);
                if (id >= 0)
                {
                    ids.add(id);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new CheckpointException("cannot list checkpoint directory " + dir + ": " + ex, ex);
        }
        Collections.sort(ids);
        return ids;
    }

    private void pruneOlderThanRetained()
    {
        final List<Long> ids = listIds();
        for (int i = 0; i < ids.size() - retain; i++)
        {
            try
            {
                Files.deleteIfExists(dir.resolve(fileName(ids.get(i))));
            }
            catch (final IOException ex)
            {
                LOGGER.log(System.Logger.Level.WARNING, "cannot delete old checkpoint " + fileName(ids.get(i)) +
                    " in " + dir + ": " + ex);
            }
        }
    }

    private void forceDirectory()
    {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ex)
        {
            // some file systems cannot force a directory; the rename is still ordered after the forced data
        }
    }

    private static void writeFully(final FileChannel channel, final ByteBuffer src) throws IOException
    {
        while (src.hasRemaining())
        {
            channel.write(src);
        }
    }
}

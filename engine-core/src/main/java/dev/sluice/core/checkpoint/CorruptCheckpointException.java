package dev.sluice.core.checkpoint;

import java.nio.file.Path;

/**
 * A checkpoint file is not a whole, valid checkpoint of a format this release reads. Nothing of it
 * was loaded.
 */
public final class CorruptCheckpointException extends CheckpointException
{
    private final Path file;

    public CorruptCheckpointException(final Path file, final String reason)
    {
        super("checkpoint " + file + " is unusable: " + reason);
        this.file = file;
    }

    public Path file()
    {
        return file;
    }
}

package dev.sluice.core.checkpoint;

import java.nio.file.Path;

/**
 * The newest checkpoint belongs to another pipeline, or to another version or state layout of this
 * one: restoring it would misread the state.
 */
public final class IncompatibleCheckpointException extends CheckpointException
{
    private final PipelineIdentity found;
    private final PipelineIdentity expected;

    public IncompatibleCheckpointException(final Path file, final PipelineIdentity found, final PipelineIdentity expected)
    {
        super("checkpoint " + file + " holds the state of pipeline " + found + ", which is incompatible with " +
            expected + ": its state cannot be restored into this pipeline. Either run the version that wrote it, or" +
            " run the new version in its own checkpoint directory, replaying the log from the start (a Kappa" +
            " reprocessing) and cutting over when it has caught up");
        this.found = found;
        this.expected = expected;
    }

    public PipelineIdentity found()
    {
        return found;
    }

    public PipelineIdentity expected()
    {
        return expected;
    }
}

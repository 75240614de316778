package dev.sluice.core.internal;

import dev.sluice.core.checkpoint.PipelineIdentity;
import dev.sluice.core.checkpoint.StateInput;
import java.nio.file.Path;
import java.util.List;

/**
 * A checkpoint read back whole and checked: its identity, id, creation time and body, plus the
 * warnings about newer files that were unusable and skipped to reach it.
 */
public final class Checkpoint
{
    private final Path file;
    private final PipelineIdentity identity;
    private final long id;
    private final long createdMs;
    private final byte[] bytes;
    private final int bodyOffset;
    private final int bodyLength;
    private final List<String> warnings;

    Checkpoint(final Path file, final PipelineIdentity identity, final long id, final long createdMs,
        final byte[] bytes, final int bodyOffset, final int bodyLength, final List<String> warnings)
    {
        this.file = file;
        this.identity = identity;
        this.id = id;
        this.createdMs = createdMs;
        this.bytes = bytes;
        this.bodyOffset = bodyOffset;
        this.bodyLength = bodyLength;
        this.warnings = List.copyOf(warnings);
    }

    public Path file()
    {
        return file;
    }

    public PipelineIdentity identity()
    {
        return identity;
    }

    public long id()
    {
        return id;
    }

    public long createdMs()
    {
        return createdMs;
    }

    public int bodyLength()
    {
        return bodyLength;
    }

    /**
     * @return a fresh reader over the body.
     */
    public StateInput body()
    {
        return new StateInput(file, new org.agrona.concurrent.UnsafeBuffer(bytes), bodyOffset, bodyLength);
    }

    /**
     * @return one line per newer checkpoint file that was unusable and skipped, naming the file.
     */
    public List<String> warnings()
    {
        return warnings;
    }
}

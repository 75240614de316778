package dev.sluice.core.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Which pipeline a checkpoint belongs to: a name, a version the user raises when the pipeline's
 * logic changes, and a fingerprint of its state layout (operators, aggregations, key and window
 * shapes) that the runtime derives, so that state is never restored into a pipeline that would read
 * it differently.
 */
public final class PipelineIdentity
{
    private final String name;
    private final int version;
    private final long stateFingerprint;

    public PipelineIdentity(final String name, final int version, final long stateFingerprint)
    {
        if (name == null || name.isEmpty() ||
            name.getBytes(StandardCharsets.UTF_8).length > CheckpointDescriptor.MAX_NAME_LENGTH)
        {
            throw new IllegalArgumentException("pipeline name '" + name + "' must have 1 to " +
                CheckpointDescriptor.MAX_NAME_LENGTH + " UTF-8 bytes, e.g. 'orders-5m'");
        }
        if (version < 0)
        {
            throw new IllegalArgumentException("pipeline version " + version + " is negative; versions count up" +
                " from 0 or 1");
        }
        this.name = name;
        this.version = version;
        this.stateFingerprint = stateFingerprint;
    }

    public String name()
    {
        return name;
    }

    public int version()
    {
        return version;
    }

    public long stateFingerprint()
    {
        return stateFingerprint;
    }

    /**
     * A stable 64-bit fingerprint of a description of a state layout (FNV-1a over its UTF-8 bytes).
     *
     * @param layout e.g. "window=300000/0;key=long;agg=count,sum(amount),distinct(customer)".
     */
    public static long fingerprintOf(final String layout)
    {
        long hash = 0xcbf29ce484222325L;
        for (final byte b : layout.getBytes(StandardCharsets.UTF_8))
        {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof PipelineIdentity))
        {
            return false;
        }
        final PipelineIdentity that = (PipelineIdentity)o;
        return version == that.version && stateFingerprint == that.stateFingerprint && name.equals(that.name);
    }

    public int hashCode()
    {
        return Objects.hash(name, version, stateFingerprint);
    }

    public String toString()
    {
        return "'" + name + "' version " + version + " (state layout " + Long.toHexString(stateFingerprint) + ")";
    }
}

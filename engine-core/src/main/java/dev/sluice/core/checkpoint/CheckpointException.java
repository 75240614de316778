package dev.sluice.core.checkpoint;

/**
 * A checkpoint could not be written or read. Writing failures leave the previous checkpoint usable.
 */
public class CheckpointException extends RuntimeException
{
    public CheckpointException(final String message)
    {
        super(message);
    }

    public CheckpointException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}

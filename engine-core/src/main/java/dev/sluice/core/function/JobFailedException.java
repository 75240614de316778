package dev.sluice.core.function;

/**
 * A job stopped because a record could not be processed. {@link #position()} is the log position of that record,
 * usable to inspect or replay from it.
 */
public class JobFailedException extends RuntimeException
{
    private final long position;

    public JobFailedException(final String message, final long position, final Throwable cause)
    {
        super(message, cause);
        this.position = position;
    }

    /**
     * @return log position of the record that failed the job, or -1 if the failure is not about one record.
     */
    public long position()
    {
        return position;
    }
}

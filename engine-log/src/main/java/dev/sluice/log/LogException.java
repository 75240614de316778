package dev.sluice.log;

/**
 * Base of the log's errors. Messages name the file, the position and the way out.
 */
public class LogException extends RuntimeException
{
    public LogException(final String message)
    {
        super(message);
    }

    public LogException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}

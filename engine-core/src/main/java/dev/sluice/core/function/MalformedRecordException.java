package dev.sluice.core.function;

/**
 * Thrown by a {@link Codec} whose input is not a valid event. Carries no position: the job adds it when it hands
 * the error to its {@link RecordErrorHandler}.
 */
public class MalformedRecordException extends RuntimeException
{
    public MalformedRecordException(final String message)
    {
        super(message);
    }
}

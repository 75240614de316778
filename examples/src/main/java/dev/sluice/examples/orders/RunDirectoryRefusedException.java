package dev.sluice.examples.orders;

/**
 * A run directory that may not be used for the run asked for: it is a file, holds another run or files Sluice did not
 * write, or has too little space. Thrown before anything in it was changed; the message names the directory, what it
 * holds and the way out. An argument error, so the command line exits with its usage code.
 */
public final class RunDirectoryRefusedException extends IllegalArgumentException
{
    public RunDirectoryRefusedException(final String message)
    {
        super(message);
    }
}

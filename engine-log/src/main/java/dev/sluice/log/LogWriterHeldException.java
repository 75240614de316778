package dev.sluice.log;

import java.nio.file.Path;

/**
 * The log is open for writing elsewhere, in this JVM or another process: a log has one writer. Nothing was
 * changed; read it with {@link Log#openReadOnly}, or wait until the writer closes it.
 */
public final class LogWriterHeldException extends LogException
{
    private final Path directory;

    public LogWriterHeldException(final Path directory)
    {
        super("log " + directory + " is already open for writing (writer.lock is held): a log has one writer;" +
            " open it with Log.openReadOnly to read while it is written");
        this.directory = directory;
    }

    /**
     * @return the log's directory.
     */
    public Path directory()
    {
        return directory;
    }
}

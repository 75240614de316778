package dev.sluice.log;

import java.nio.file.Path;

/**
 * Child JVM of {@link LogAppenderTest}: tries to open a log for writing and prints {@code opened} or
 * {@code refused MESSAGE}.
 *
 * <p>Arguments: log directory.
 */
public final class LogSecondWriterChild
{
    private LogSecondWriterChild()
    {
    }

    public static void main(final String[] args)
    {
        final LogConfig config = LogConfig.builder().segmentLength(4096).maxRecordLength(1000).build();
        try (Log log = Log.open(Path.of(args[0]), config))
        {
            System.out.println("opened " + log.recordCount());
        }
        catch (final LogWriterHeldException ex)
        {
            System.out.println("refused " + ex.getMessage());
        }
        System.out.flush();
    }
}

package dev.sluice.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application that forgot the JVM flag is told which flag and where to put it, at its first open, by a real
 * JVM started without it.
 */
class JvmRequirementsTest
{
    @TempDir
    Path dir;

    /** Opens a log in the directory given; run without the flag. */
    public static final class OpenLog
    {
        public static void main(final String[] args)
        {
            try (Log log = Log.open(Path.of(args[0]), LogConfig.defaults()))
            {
                System.out.println("opened " + log.recordCount());
            }
        }
    }

    @Test
    void shouldNameTheMissingFlagAtTheFirstOpen() throws Exception
    {
        final Process process = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), OpenLog.class.getName(), dir.resolve("log").toString()))
            .redirectErrorStream(true)
            .start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue(), output);
        assertTrue(output.contains(JvmRequirements.AGRONA_FLAG), output);
        assertTrue(output.contains("argLine") && output.contains("Add-Exports"), output);
        assertFalse(output.contains("IllegalAccessError"), output);
    }

    @Test
    void shouldPassInAJvmThatHasTheFlag()
    {
        // this JVM has it (the parent pom's argLine): the check is silent
        JvmRequirements.check();
    }
}

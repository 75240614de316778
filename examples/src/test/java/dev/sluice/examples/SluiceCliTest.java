package dev.sluice.examples;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SluiceCliTest
{
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        final CommandLine commandLine = SluiceCli.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    @Test
    void shouldPrintHelpForEveryCommand()
    {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("bench"), out.toString());
        assertEquals(0, run("bench", "--help"));
        assertEquals(0, run("bench", "log", "--help"));
        assertTrue(out.toString().contains("--messages"), out.toString());
        assertEquals(0, run("ingest", "--help"));
        assertTrue(out.toString().contains("--max-line-bytes"), out.toString());
    }

    @Test
    void shouldExitWithTwoOnUnknownCommand()
    {
        assertEquals(2, run("no-such-command"));
        assertTrue(err.toString().contains("no-such-command"), err.toString());
    }

    @Test
    void shouldExitWithTwoOnBadArgumentNamingTheFix()
    {
        assertEquals(2, run("bench", "log", "--messages", "0"));
        assertTrue(err.toString().contains("--messages 0 must be at least 1"), err.toString());
        assertEquals(2, run("bench", "log", "--messages", "many"));
    }

    @Test
    void shouldAskForACommandWhenGivenNone()
    {
        assertEquals(2, run());
        assertEquals(2, run("bench"));
    }
}

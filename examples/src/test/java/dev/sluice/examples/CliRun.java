package dev.sluice.examples;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Runs the command line in this JVM, as a user would type it, and keeps what it printed. Not thread-safe.
 */
final class CliRun
{
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    /**
     * @return the exit code; what was printed is in {@link #out()} and {@link #err()} until the next run.
     */
    int run(final String... args)
    {
        out = new StringWriter();
        err = new StringWriter();
        final CommandLine commandLine = SluiceCli.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    String out()
    {
        return out.toString();
    }

    String err()
    {
        return err.toString();
    }

    String lastLine()
    {
        final String[] lines = out.toString().trim().split("\n");
        return lines[lines.length - 1];
    }
}

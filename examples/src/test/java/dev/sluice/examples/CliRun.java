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

    /**
     * Write {@code count} orders of the default workload as JSON lines into {@code file}, as
     * {@code sluice orders --format json} does, failing the test if it fails.
     */
    void writeOrdersJson(final java.nio.file.Path file, final long count)
    {
        final int exit = run("orders", "--format", "json", "--count", Long.toString(count), "--out", file.toString());
        org.junit.jupiter.api.Assertions.assertEquals(0, exit, this::err);
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

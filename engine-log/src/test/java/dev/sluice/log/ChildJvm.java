package dev.sluice.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class of the test tree, on this JVM's java binary and class path. Its
 * stdout goes to a file (what a killed child wrote with a finished system call is all there, with no
 * pipe draining to race with) and is read back line by line; a last line without its newline, cut by
 * a kill, is dropped. Its stderr goes to a file too, shown when a test fails.
 */
final class ChildJvm
{
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ChildJvm(final Process process, final Path stdout, final Path stderr)
    {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * @param stderr the child's stderr file; its stdout file is next to it, with ".out" appended.
     */
    static ChildJvm start(final Path stderr, final Class<?> mainClass, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xshare:auto");
        // Agrona 2.x reaches jdk.internal.misc.Unsafe
        command.add("--add-exports");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        final Path stdout = stderr.resolveSibling(stderr.getFileName() + ".out");
        try
        {
            final Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.to(stdout.toFile()))
                .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()))
                .start();
            return new ChildJvm(process, stdout, stderr);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return whole lines printed so far. */
    List<String> lines()
    {
        try
        {
            final String text = Files.exists(stdout) ? Files.readString(stdout, StandardCharsets.US_ASCII) : "";
            final int end = text.lastIndexOf('\n');
            return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Waits for the child to print a line starting with {@code prefix}; fails if it exits first. */
    String awaitLine(final String prefix, final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (System.nanoTime() < deadline)
        {
            final boolean alive = process.isAlive();
            for (final String line : lines())
            {
                if (line.startsWith(prefix))
                {
                    return line;
                }
            }
            if (!alive)
            {
                throw new AssertionError("child exited with " + process.exitValue() + " before printing '" +
                    prefix + "': " + describe());
            }
            Thread.sleep(5);
        }
        throw new AssertionError("child printed no '" + prefix + "' line in " + timeoutMs + " ms: " + describe());
    }

    /** SIGKILL, then wait until it is gone. */
    void kill() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor();
    }

    /** @return the exit code, after waiting up to {@code timeoutMs}; fails (and kills) if it does not exit. */
    int awaitExit(final long timeoutMs) throws InterruptedException
    {
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS))
        {
            kill();
            throw new AssertionError("child did not exit in " + timeoutMs + " ms: " + describe());
        }
        return process.exitValue();
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    String describe()
    {
        String err;
        try
        {
            err = Files.exists(stderr) ? Files.readString(stderr) : "";
        }
        catch (final IOException ex)
        {
            err = ex.toString();
        }
        final List<String> lines = lines();
        final int n = lines.size();
        return "pid " + process.pid() + ", last stdout " + lines.subList(Math.max(0, n - 5), n) + ", stderr: " + err;
    }
}

package dev.sluice.examples;

import dev.sluice.examples.orders.OrdersRunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code sluice orders} in a child JVM, as a user runs it: stopped by SIGTERM and SIGINT it deletes its temporary
 * log, and a run that would not fit its disk is refused before it writes. Each child's
 * {@code java.io.tmpdir} is the test's own directory, so what a run leaves behind is seen, and no other run's files.
 */
class OrdersCliProcessTest
{
    /** Long enough a run that a signal finds it writing: 2.8 GB of log, several seconds. */
    private static final long LONG_RUN_EVENTS = 50_000_000;
    private static final long TIMEOUT_S = 30;
    private static final int SIGINT = 2;

    @TempDir
    Path tmp;

    private final Map<Long, Path> outputs = new HashMap<>();

    @ParameterizedTest
    @ValueSource(strings = { "--mode=batch", "--mode=streaming", "--mode=micro-batch --concurrent" })
    void shouldDeleteTheTemporaryLogWhenStoppedBySigterm(final String options) throws Exception
    {
        final Process process = startLongRun(options.split(" "));
        awaitSegment(process);

        process.destroy(); // SIGTERM

        assertExitCode(128 + 15, process);
        assertEquals(List.of(), temporaryLogs());
    }

    @Test
    void shouldDeleteTheTemporaryLogWhenStoppedBySigint() throws Exception
    {
        final Process process = startLongRun("--mode=streaming");
        awaitSegment(process);
        if (ignoresSigint(process.pid()))
        {
            process.destroyForcibly().waitFor();
            abort("this test's JVM was started with SIGINT ignored (a background job of a non-interactive " +
                "shell), so the child ignores it too, as the JVM honours an inherited SIG_IGN");
        }

        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor());

        assertExitCode(128 + SIGINT, process);
        assertEquals(List.of(), temporaryLogs());
    }

    @Test
    void shouldRefuseARunThatDoesNotFitItsDiskBeforeWritingAByte() throws Exception
    {
        final long usable = Files.getFileStore(tmp).getUsableSpace();
        final long count = usable / OrdersRunDirectory.FRAME_BYTES * 2;
        final Path dir = tmp.resolve("run");

        final Process inDir = start("orders", "--count", Long.toString(count), "--dir", dir.toString());
        assertExitCode(2, inDir);
        final String message = output(inDir);
        assertTrue(message.matches("(?s).*sluice: the run needs about [0-9.]+ [MG]iB in " + dir + ", which has " +
            "[0-9.]+ [MG]iB free: give a smaller --count or another --dir.*"), message);
        assertFalse(Files.exists(dir));

        final Process temporary = start("orders", "--count", Long.toString(count));
        assertExitCode(2, temporary);
        assertTrue(output(temporary).contains("iB free: give a smaller --count or another --dir"), output(temporary));
        assertEquals(List.of(), temporaryLogs());
    }

    @Test
    void shouldRefuseACountNoLogCanHold() throws Exception
    {
        final Process process = start("orders", "--count", "9000000000000000000");

        assertExitCode(2, process);
        assertTrue(output(process).contains("count 9000000000000000000 is more than a log can hold"),
            output(process));
        assertEquals(List.of(), temporaryLogs());
    }

    private Process startLongRun(final String... options) throws IOException
    {
        final long needed = LONG_RUN_EVENTS * OrdersRunDirectory.FRAME_BYTES * 2;
        assumeTrue(Files.getFileStore(tmp).getUsableSpace() > needed,
            "needs " + needed / 1_000_000 + " MB free in " + tmp + " for a run that lasts long enough to signal");
        final List<String> args = new ArrayList<>(List.of("orders", "--count", Long.toString(LONG_RUN_EVENTS)));
        args.addAll(List.of(options));
        return start(args.toArray(new String[0]));
    }

    /**
     * A child JVM running the command line with {@code java.io.tmpdir} the test's directory. Its files may grow to 4 MB
     * at most (ulimit -f): a run that should have been refused fails at its first segment instead of filling the disk.
     */
    private Process start(final String... args) throws IOException
    {
        final List<String> java = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Djava.io.tmpdir=" + tmp,
            "-cp", System.getProperty("java.class.path"),
            SluiceCli.class.getName()));
        java.addAll(List.of(args));
        final boolean longRun = List.of(args).contains(Long.toString(LONG_RUN_EVENTS));
        final List<String> command = new ArrayList<>();
        if (!longRun)
        {
            command.addAll(List.of("/bin/sh", "-c", "ulimit -f 8192 && exec \"$@\"", "sh"));
        }
        command.addAll(java);
        final Path output = tmp.resolve("child-" + outputs.size() + ".out");
        final Process process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
        outputs.put(process.pid(), output);
        return process;
    }

    private void awaitSegment(final Process process) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (System.nanoTime() < deadline)
        {
            for (final Path log : temporaryLogs())
            {
                try (Stream<Path> files = Files.list(log))
                {
                    if (files.anyMatch(f -> f.getFileName().toString().endsWith(".seg")))
                    {
                        return;
                    }
                }
                catch (final IOException ignore)
                {
                    // made or deleted meanwhile
                }
            }
            assertTrue(process.isAlive(), () -> "the run ended before it wrote a segment: " + output(process));
            Thread.sleep(5);
        }
        process.destroyForcibly().waitFor();
        fail("no segment file in " + tmp + " after " + TIMEOUT_S + " s: " + output(process));
    }

    private void assertExitCode(final int expected, final Process process) throws InterruptedException
    {
        if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor();
            fail("still running after " + TIMEOUT_S + " s: " + output(process));
        }
        assertEquals(expected, process.exitValue(), () -> output(process));
    }

    private List<Path> temporaryLogs() throws IOException
    {
        try (Stream<Path> entries = Files.list(tmp))
        {
            return entries.filter(p -> p.getFileName().toString().startsWith("sluice-orders-")).toList();
        }
    }

    /**
     * @return what the child wrote so far, stdout and stderr.
     */
    private String output(final Process process)
    {
        try
        {
            return Files.readString(outputs.get(process.pid()));
        }
        catch (final IOException ex)
        {
            return "(cannot read the child's output: " + ex + ")";
        }
    }

    /**
     * The JVM installs no handler for a signal it inherits ignored, so SIGINT can only stop a child that does not.
     */
    private static boolean ignoresSigint(final long pid) throws IOException
    {
        final Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.exists(status))
        {
            return false;
        }
        for (final String line : Files.readAllLines(status))
        {
            if (line.startsWith("SigIgn:"))
            {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) &
                    (1L << (SIGINT - 1))) != 0;
            }
        }
        return false;
    }
}

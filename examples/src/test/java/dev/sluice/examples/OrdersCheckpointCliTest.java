package dev.sluice.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code sluice orders --dir D --checkpoint-every ...}: the run is restartable and its last line is computed from
 * the committed output. (Killed runs: {@code OrdersCrashTest} in engine-core, and the README's demonstration.)
 */
class OrdersCheckpointCliTest
{
    private static final String EXPECTED_1000 =
        "events=1000 rows=945 late=0 sha256=2e0d5994c0e9c22e3f645f9424c8c9ad3cb43541d03d87268b08c556b4ff9073";

    private StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        out = new StringWriter();
        final CommandLine commandLine = SluiceCli.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    private String lastLine()
    {
        final String[] lines = out.toString().trim().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void shouldPrintTheKnownLastLineAndAgainWhenRerun(@TempDir final Path dir)
    {
        for (final String mode : new String[]{ "streaming", "micro-batch", "batch" })
        {
            final Path run = dir.resolve(mode);
            assertEquals(0, run("orders", "--count", "1000", "--mode", mode, "--dir", run.toString(),
                "--checkpoint-every", "100", "--max-records-per-batch", "150"), err::toString);
            assertEquals("mode=" + mode + " " + EXPECTED_1000, lastLine());
            assertTrue(Files.isDirectory(run.resolve("checkpoints")));
            assertEquals(0, run("orders", "--count", "1000", "--mode", mode, "--dir", run.toString(),
                "--checkpoint-every", "100", "--max-records-per-batch", "150"), err::toString);
            assertEquals("mode=" + mode + " " + EXPECTED_1000, lastLine());
            assertTrue(out.toString().contains("restoredFrom="), out.toString());
        }
    }

    @Test
    void shouldAcceptTimeIntervalsAndAtLeastOnce(@TempDir final Path dir)
    {
        assertEquals(0, run("orders", "--count", "1000", "--mode", "streaming", "--dir", dir.resolve("a").toString(),
            "--checkpoint-every", "200ms"), err::toString);
        assertEquals("mode=streaming " + EXPECTED_1000, lastLine());
        assertEquals(0, run("orders", "--count", "1000", "--mode", "streaming", "--dir", dir.resolve("b").toString(),
            "--checkpoint-every", "1s", "--guarantee", "at-least-once"), err::toString);
        assertEquals("mode=streaming " + EXPECTED_1000, lastLine());
    }

    @Test
    void shouldRefuseBadCheckpointOptionsNamingTheFix(@TempDir final Path dir)
    {
        assertEquals(2, run("orders", "--count", "10", "--checkpoint-every", "1000"));
        assertTrue(err.toString().contains("--checkpoint-every needs --dir"), err.toString());
        assertEquals(2, run("orders", "--count", "10", "--dir", dir.toString(), "--checkpoint-every", "often"));
        assertTrue(err.toString().contains("neither a number of events"), err.toString());
        assertEquals(2, run("orders", "--count", "10", "--dir", dir.toString(), "--checkpoint-every", "10",
            "--guarantee", "maybe-once"));
        assertTrue(err.toString().contains("--guarantee maybe-once"), err.toString());
    }

    @Test
    void shouldRefuseADirectoryOfAnotherWorkload(@TempDir final Path dir)
    {
        assertEquals(0, run("orders", "--count", "1000", "--mode", "streaming", "--dir", dir.toString(),
            "--checkpoint-every", "300"), err::toString);
        assertEquals(2, run("orders", "--count", "2000", "--mode", "streaming", "--dir", dir.toString(),
            "--checkpoint-every", "300"));
        assertTrue(err.toString().contains("holds the run of another workload"), err.toString());
    }
}

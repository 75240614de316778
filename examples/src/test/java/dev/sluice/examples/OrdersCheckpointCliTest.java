package dev.sluice.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    private final CliRun cli = new CliRun();

    @Test
    void shouldPrintTheKnownLastLineAndAgainWhenRerun(@TempDir final Path dir)
    {
        for (final String mode : new String[]{ "streaming", "micro-batch", "batch" })
        {
            final Path run = dir.resolve(mode);
            assertEquals(0, cli.run("orders", "--count", "1000", "--mode", mode, "--dir", run.toString(),
                "--checkpoint-every", "100", "--max-records-per-batch", "150"), cli::err);
            assertEquals("mode=" + mode + " " + EXPECTED_1000, cli.lastLine());
            assertTrue(Files.isDirectory(run.resolve("checkpoints")));
            assertEquals(0, cli.run("orders", "--count", "1000", "--mode", mode, "--dir", run.toString(),
                "--checkpoint-every", "100", "--max-records-per-batch", "150"), cli::err);
            assertEquals("mode=" + mode + " " + EXPECTED_1000, cli.lastLine());
            assertTrue(cli.out().contains("restoredFrom="), cli.out());
        }
    }

    @Test
    void shouldAcceptTimeIntervalsAndAtLeastOnce(@TempDir final Path dir)
    {
        assertEquals(0, cli.run("orders", "--count", "1000", "--mode", "streaming",
            "--dir", dir.resolve("a").toString(), "--checkpoint-every", "200ms"), cli::err);
        assertEquals("mode=streaming " + EXPECTED_1000, cli.lastLine());
        assertEquals(0, cli.run("orders", "--count", "1000", "--mode", "streaming",
            "--dir", dir.resolve("b").toString(), "--checkpoint-every", "1s", "--guarantee", "at-least-once"), cli::err);
        assertEquals("mode=streaming " + EXPECTED_1000, cli.lastLine());
    }

    @Test
    void shouldRefuseBadCheckpointOptionsNamingTheFix(@TempDir final Path dir)
    {
        assertEquals(2, cli.run("orders", "--count", "10", "--checkpoint-every", "1000"));
        assertTrue(cli.err().contains("--checkpoint-every needs --dir"), cli.err());
        assertEquals(2, cli.run("orders", "--count", "10", "--dir", dir.toString(), "--checkpoint-every", "often"));
        assertTrue(cli.err().contains("neither a number of events"), cli.err());
        assertEquals(2, cli.run("orders", "--count", "10", "--dir", dir.toString(), "--checkpoint-every", "10",
            "--guarantee", "maybe-once"));
        assertTrue(cli.err().contains("--guarantee maybe-once"), cli.err());
    }

    @Test
    void shouldRefuseADirectoryOfAnotherWorkload(@TempDir final Path dir)
    {
        assertEquals(0, cli.run("orders", "--count", "1000", "--mode", "streaming", "--dir", dir.toString(),
            "--checkpoint-every", "300"), cli::err);
        assertEquals(2, cli.run("orders", "--count", "2000", "--mode", "streaming", "--dir", dir.toString(),
            "--checkpoint-every", "300"));
        assertTrue(cli.err().contains("holds the run of another workload"), cli.err());
    }
}

package dev.sluice.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code sluice kappa}, run as a user types it: v1 serves, v2 replays beside it while orders arrive and takes over,
 * and its output holds the spec's 100,000 orders exactly once, 50,007 of them flagged.
 */
class KappaCliTest
{
    private final CliRun cli = new CliRun();

    @Test
    void shouldCutOverToV2WhileOrdersArriveAndCoverEveryOrderOnce(@TempDir final Path tmp) throws IOException
    {
        final Path json = tmp.resolve("orders.jsonl");
        final Path dir = tmp.resolve("run");
        cli.writeOrdersJson(json, 100_000);

        assertEquals(0, cli.run("kappa", "--input", json.toString(), "--dir", dir.toString()), cli::err);

        assertEquals("version=v2 events=100000 fraud=50007", cli.lastLine(), cli.out());
        final String out = cli.out();
        assertTrue(out.contains("deploy v2 at ") && out.contains("v2 candidate: read ") &&
            out.contains("cut-over at ") && out.contains("v2 serves, v1 stopped"), out);
        assertTrue(out.contains("check: v2's output holds every order of the log exactly once"), out);
        assertTrue(Files.isDirectory(dir.resolve("output").resolve("v1")), "v1's output is kept");
        assertTrue(Files.readString(dir.resolve("kappa").resolve("kappa.properties")).contains("v2.role=serving"));
    }
}

package dev.sluice.examples;

import dev.sluice.examples.orders.OrdersRunDirectory;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code sluice orders --dir D}: what a run directory may hold, and the messages of the options around it.
 */
class OrdersRunDirectoryCliTest
{
    private static final String SEED_1 =
        "events=1000 rows=944 late=0 sha256=5ec6086ca69e98e9a3b8a110877db6b5bc43edb1f5eed91c02e4fa2d187cda80";
    private static final String SEED_42 =
        "events=1000 rows=945 late=0 sha256=2e0d5994c0e9c22e3f645f9424c8c9ad3cb43541d03d87268b08c556b4ff9073";

    private final CliRun cli = new CliRun();

    @Test
    void shouldRefuseADurableRunOfAnotherSeedInTheDirectoryOfARunWithoutCheckpoints(@TempDir final Path dir)
    {
        assertEquals(0, cli.run("orders", "--count", "1000", "--seed", "1", "--dir", dir.toString()), cli::err);
        assertEquals("mode=batch " + SEED_1, cli.lastLine());

        assertEquals(2, cli.run("orders", "--count", "1000", "--seed", "42", "--dir", dir.toString(),
            "--checkpoint-every", "100"));
        final String message = cli.err();
        assertTrue(message.contains("recorded workload.seed=1 but this run asks for workload.seed=42"), message);
        assertTrue(message.contains("give another --dir, or delete " + dir), message);
        assertFalse(cli.out().contains("sha256="), cli.out());
        assertFalse(Files.exists(dir.resolve("checkpoints")));
    }

    @Test
    void shouldRefuseARunWithoutCheckpointsOfAnotherSeedInADurableRunsDirectory(@TempDir final Path dir)
    {
        assertEquals(0, cli.run("orders", "--count", "1000", "--seed", "1", "--dir", dir.toString(),
            "--checkpoint-every", "100"), cli::err);

        assertEquals(2, cli.run("orders", "--count", "1000", "--dir", dir.toString()));
        assertTrue(cli.err().contains("recorded workload.seed=1 but this run asks for workload.seed=42"),
            cli.err());
    }

    @Test
    void shouldResumeAFinishedRunWithoutCheckpointsAsADurableRunOfTheSameWorkload(@TempDir final Path dir)
    {
        assertEquals(0, cli.run("orders", "--count", "1000", "--seed", "1", "--mode", "streaming",
            "--dir", dir.toString()), cli::err);

        assertEquals(0, cli.run("orders", "--count", "1000", "--seed", "1", "--mode", "streaming",
            "--dir", dir.toString(), "--checkpoint-every", "100"), cli::err);
        assertTrue(cli.out().contains("1000 events were durable already, appended 0"), cli.out());
        assertTrue(cli.out().contains("restoredFrom=none"), cli.out());
        assertEquals("mode=streaming " + SEED_1, cli.lastLine());

        // and again without checkpoints: the log is reused, the durable output left alone
        assertEquals(0, cli.run("orders", "--count", "1000", "--seed", "1", "--dir", dir.toString()), cli::err);
        assertTrue(cli.out().contains("wrote 0 events"), cli.out());
        assertEquals("mode=batch " + SEED_1, cli.lastLine());
    }

    @Test
    void shouldRefuseADirectoryOfForeignFilesNamingThemAndWritingNothing(@TempDir final Path dir) throws IOException
    {
        Files.writeString(dir.resolve("thesis.tex"), "\\begin{document}");
        Files.writeString(dir.resolve("data.csv"), "1,2,3");

        assertEquals(2, cli.run("orders", "--count", "1000", "--dir", dir.toString()));
        assertTrue(cli.err().contains("it holds data.csv, thesis.tex"), cli.err());
        assertEquals(List.of("data.csv", "thesis.tex"), names(dir));
        assertEquals(2, cli.run("orders", "--count", "1000", "--dir", dir.toString(), "--checkpoint-every", "100"));
        assertEquals(List.of("data.csv", "thesis.tex"), names(dir));
    }

    @Test
    void shouldValidateTheGuaranteeAlwaysAndRefuseItWithoutCheckpoints()
    {
        assertEquals(2, cli.run("orders", "--count", "10", "--guarantee", "bogus"));
        assertTrue(cli.err().contains("--guarantee bogus is not one of exactly-once, at-least-once"),
            cli.err());
        assertEquals(2, cli.run("orders", "--count", "10", "--guarantee", "at-least-once"));
        assertTrue(cli.err().contains("--guarantee at-least-once applies only to a checkpointed run"),
            cli.err());
        assertTrue(cli.err().contains("add --checkpoint-every"), cli.err());
    }

    @Test
    void shouldSayWhyADirectoryCannotBeUsed(@TempDir final Path dir) throws IOException
    {
        final Path file = Files.writeString(dir.resolve("f_file"), "x");

        assertEquals(2, cli.run("orders", "--count", "10", "--dir", file.toString()));
        assertTrue(cli.err().contains("run directory " + file + " is a regular file"), cli.err());
        assertEquals(2, cli.run("orders", "--count", "10", "--dir", file.resolve("sub").toString()));
        assertTrue(cli.err().contains("cannot create run directory " + file.resolve("sub") +
            ": not a directory"), cli.err());
    }

    @Test
    void shouldTellACommandLineUserAnotherProcessIsUsingTheDirectory(@TempDir final Path dir)
    {
        assertEquals(0, cli.run("orders", "--count", "1000", "--dir", dir.toString()), cli::err);
        try (Log writer = Log.open(dir, LogConfig.defaults()))
        {
            assertEquals(1, cli.run("orders", "--count", "1000", "--dir", dir.toString()));
            assertEquals("sluice: another sluice process is using " + dir + "; wait for it or give another --dir",
                cli.err().trim());
            assertEquals(1, cli.run("orders", "--count", "1000", "--dir", dir.toString(), "--checkpoint-every", "100"));
            assertTrue(cli.err().contains("another sluice process is using " + dir), cli.err());
            assertFalse(cli.err().contains("openReadOnly"), cli.err());
        }
    }

    @Test
    void shouldRecordTheRunInEveryDirectoryItWrites(@TempDir final Path dir)
    {
        assertEquals(0, cli.run("orders", "--count", "1000", "--dir", dir.toString()), cli::err);
        assertEquals("mode=batch " + SEED_42, cli.lastLine());
        assertEquals("42", OrdersRunDirectory.readManifest(dir).get("workload.seed"));
        assertEquals("orders-5m", OrdersRunDirectory.readManifest(dir).get("query.name"));
    }

    private static List<String> names(final Path dir) throws IOException
    {
        try (Stream<Path> entries = Files.list(dir))
        {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

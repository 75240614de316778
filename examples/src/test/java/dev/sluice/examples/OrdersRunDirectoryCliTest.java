package dev.sluice.examples;

import dev.sluice.core.orders.OrdersRunDirectory;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code sluice orders --dir D}: what a run directory may hold, and the messages of the options around it (issue 16).
 */
class OrdersRunDirectoryCliTest
{
    private static final String SEED_1 =
        "events=1000 rows=944 late=0 sha256=5ec6086ca69e98e9a3b8a110877db6b5bc43edb1f5eed91c02e4fa2d187cda80";
    private static final String SEED_42 =
        "events=1000 rows=945 late=0 sha256=2e0d5994c0e9c22e3f645f9424c8c9ad3cb43541d03d87268b08c556b4ff9073";

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        out = new StringWriter();
        err = new StringWriter();
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
    void shouldRefuseADurableRunOfAnotherSeedInTheDirectoryOfARunWithoutCheckpoints(@TempDir final Path dir)
    {
        assertEquals(0, run("orders", "--count", "1000", "--seed", "1", "--dir", dir.toString()), err::toString);
        assertEquals("mode=batch " + SEED_1, lastLine());

        assertEquals(2, run("orders", "--count", "1000", "--seed", "42", "--dir", dir.toString(),
            "--checkpoint-every", "100"));
        final String message = err.toString();
        assertTrue(message.contains("recorded workload.seed=1 but this run asks for workload.seed=42"), message);
        assertTrue(message.contains("give another --dir, or delete " + dir), message);
        assertFalse(out.toString().contains("sha256="), out.toString());
        assertFalse(Files.exists(dir.resolve("checkpoints")));
    }

    @Test
    void shouldRefuseARunWithoutCheckpointsOfAnotherSeedInADurableRunsDirectory(@TempDir final Path dir)
    {
        assertEquals(0, run("orders", "--count", "1000", "--seed", "1", "--dir", dir.toString(),
            "--checkpoint-every", "100"), err::toString);

        assertEquals(2, run("orders", "--count", "1000", "--dir", dir.toString()));
        assertTrue(err.toString().contains("recorded workload.seed=1 but this run asks for workload.seed=42"),
            err.toString());
    }

    @Test
    void shouldResumeAFinishedRunWithoutCheckpointsAsADurableRunOfTheSameWorkload(@TempDir final Path dir)
    {
        assertEquals(0, run("orders", "--count", "1000", "--seed", "1", "--mode", "streaming",
            "--dir", dir.toString()), err::toString);

        assertEquals(0, run("orders", "--count", "1000", "--seed", "1", "--mode", "streaming",
            "--dir", dir.toString(), "--checkpoint-every", "100"), err::toString);
        assertTrue(out.toString().contains("1000 events were durable already, appended 0"), out.toString());
        assertTrue(out.toString().contains("restoredFrom=none"), out.toString());
        assertEquals("mode=streaming " + SEED_1, lastLine());

        // and again without checkpoints: the log is reused, the durable output left alone
        assertEquals(0, run("orders", "--count", "1000", "--seed", "1", "--dir", dir.toString()), err::toString);
        assertTrue(out.toString().contains("wrote 0 events"), out.toString());
        assertEquals("mode=batch " + SEED_1, lastLine());
    }

    @Test
    void shouldRefuseADirectoryOfForeignFilesNamingThemAndWritingNothing(@TempDir final Path dir) throws IOException
    {
        Files.writeString(dir.resolve("thesis.tex"), "\\begin{document}");
        Files.writeString(dir.resolve("data.csv"), "1,2,3");

        assertEquals(2, run("orders", "--count", "1000", "--dir", dir.toString()));
        assertTrue(err.toString().contains("it holds data.csv, thesis.tex"), err.toString());
        assertEquals(List.of("data.csv", "thesis.tex"), names(dir));
        assertEquals(2, run("orders", "--count", "1000", "--dir", dir.toString(), "--checkpoint-every", "100"));
        assertEquals(List.of("data.csv", "thesis.tex"), names(dir));
    }

    @Test
    void shouldValidateTheGuaranteeAlwaysAndRefuseItWithoutCheckpoints()
    {
        assertEquals(2, run("orders", "--count", "10", "--guarantee", "bogus"));
        assertTrue(err.toString().contains("--guarantee bogus is not one of exactly-once, at-least-once"),
            err.toString());
        assertEquals(2, run("orders", "--count", "10", "--guarantee", "at-least-once"));
        assertTrue(err.toString().contains("--guarantee at-least-once applies only to a checkpointed run"),
            err.toString());
        assertTrue(err.toString().contains("add --checkpoint-every"), err.toString());
    }

    @Test
    void shouldSayWhyADirectoryCannotBeUsed(@TempDir final Path dir) throws IOException
    {
        final Path file = Files.writeString(dir.resolve("f_file"), "x");

        assertEquals(2, run("orders", "--count", "10", "--dir", file.toString()));
        assertTrue(err.toString().contains("run directory " + file + " is a regular file"), err.toString());
        assertEquals(2, run("orders", "--count", "10", "--dir", file.resolve("sub").toString()));
        assertTrue(err.toString().contains("cannot create run directory " + file.resolve("sub") +
            ": not a directory"), err.toString());
    }

    @Test
    void shouldTellACommandLineUserAnotherProcessIsUsingTheDirectory(@TempDir final Path dir)
    {
        assertEquals(0, run("orders", "--count", "1000", "--dir", dir.toString()), err::toString);
        try (Log writer = Log.open(dir, LogConfig.defaults()))
        {
            assertEquals(1, run("orders", "--count", "1000", "--dir", dir.toString()));
            assertEquals("sluice: another sluice process is using " + dir + "; wait for it or give another --dir",
                err.toString().trim());
            assertEquals(1, run("orders", "--count", "1000", "--dir", dir.toString(), "--checkpoint-every", "100"));
            assertTrue(err.toString().contains("another sluice process is using " + dir), err.toString());
            assertFalse(err.toString().contains("openReadOnly"), err.toString());
        }
    }

    @Test
    void shouldRecordTheRunInEveryDirectoryItWrites(@TempDir final Path dir)
    {
        assertEquals(0, run("orders", "--count", "1000", "--dir", dir.toString()), err::toString);
        assertEquals("mode=batch " + SEED_42, lastLine());
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

package dev.sluice.examples;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What {@code sluice lambda} and {@code sluice kappa} refuse before they start, leaving everything as it was.
 */
class ArchitectureRunsTest
{
    private final CliRun cli = new CliRun();

    @ParameterizedTest
    @ValueSource(strings = { "lambda", "kappa" })
    void shouldRefuseAMissingInputAUsedDirectoryAndABadRate(final String command, @TempDir final Path tmp)
        throws IOException
    {
        assertEquals(2, cli.run(command, "--input", tmp.resolve("missing.jsonl").toString()));
        assertTrue(cli.err().contains("does not exist") && cli.err().contains("--format json"), cli.err());

        final Path json = Files.writeString(tmp.resolve("orders.jsonl"), "");
        final Path used = Files.createDirectories(tmp.resolve("used"));
        Files.writeString(used.resolve("notes.txt"), "mine");
        assertEquals(2, cli.run(command, "--input", json.toString(), "--dir", used.toString()));
        assertTrue(cli.err().contains("not empty") && cli.err().contains("give a new or empty directory"),
            cli.err());
        assertEquals("mine", Files.readString(used.resolve("notes.txt")));

        assertEquals(2, cli.run(command, "--input", json.toString(), "--rate", "-1"));
        assertTrue(cli.err().contains("--rate must be >= 0"), cli.err());
    }
}

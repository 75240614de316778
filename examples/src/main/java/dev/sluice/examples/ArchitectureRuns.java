package dev.sluice.examples;

import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What {@code sluice lambda} and {@code sluice kappa} check before they start: an input file that exists, and a run
 * directory that is new or empty (each ingests its input into a fresh log).
 */
final class ArchitectureRuns
{
    private ArchitectureRuns()
    {
    }

    static void checkInput(final CommandLine.Model.CommandSpec spec, final Path input)
    {
        if (!Files.isRegularFile(input))
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--input " + input +
                (Files.exists(input) ? " is not a regular file" : " does not exist") + ": give a file of JSON lines " +
                "of orders, e.g. from 'sluice orders --format json --count 100000 --out orders.jsonl'");
        }
    }

    /**
     * @return 2 after saying why, when {@code dir} exists and is not an empty directory; null when it may be used.
     */
    static Integer refuseUsedDirectory(final CommandLine.Model.CommandSpec spec, final Path dir, final String command)
    {
        if (null == dir || !Files.exists(dir))
        {
            return null;
        }
        boolean empty = false;
        if (Files.isDirectory(dir))
        {
            try (Stream<Path> files = Files.list(dir))
            {
                empty = files.findAny().isEmpty();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot list " + dir + ": " + ex.getMessage(), ex);
            }
        }
        if (empty)
        {
            return null;
        }
        final PrintWriter err = spec.commandLine().getErr();
        err.println(spec.commandLine().getColorScheme().errorText("sluice: --dir " + dir + " is " +
            (Files.isDirectory(dir) ? "not empty" : "not a directory") + ": " + command + " ingests its input into a " +
            "fresh log there; give a new or empty directory (nothing in " + dir + " was changed)"));
        err.flush();
        return 2;
    }
}

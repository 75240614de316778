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
    /** One run in its directory. */
    @FunctionalInterface
    interface Run
    {
        /**
         * @param runDir the run's directory, new or empty.
         * @return true when the run's check passed.
         */
        boolean run(Path runDir) throws Exception;
    }

    private ArchitectureRuns()
    {
    }

    /**
     * Check the input, the pace and the interval and the directory, then run in the directory (a temporary one,
     * deleted afterwards, without --dir).
     *
     * @return 0 when the run's check passed, 1 when it did not, 2 for a directory refused.
     */
    static int runIn(
        final CommandLine.Model.CommandSpec spec,
        final String command,
        final Path input,
        final Path dir,
        final long rate,
        final String intervalOption,
        final long interval,
        final Run run) throws Exception
    {
        checkInput(spec, input);
        if (rate < 0 || interval < 1)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be >= 0 and " +
                intervalOption + " >= 1 (got " + rate + " and " + interval + ")");
        }
        final Integer refused = refuseUsedDirectory(spec, dir, command);
        if (null != refused)
        {
            return refused;
        }
        try (TemporaryRunDirectory temporary = null == dir ? TemporaryRunDirectory.create("sluice-" + command + "-") :
            null)
        {
            return run.run(null == temporary ? Files.createDirectories(dir) : temporary.path()) ? 0 : 1;
        }
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

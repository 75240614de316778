package dev.sluice.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code sluice compare} with bad input: a usage error naming the option, exit code 2, and nothing written or
 * deleted.
 */
class CompareCliTest
{
    private final CliRun cli = new CliRun();

    @Test
    void shouldRefuseARateOfZeroOrBelow(@TempDir final Path dir)
    {
        for (final String rate : new String[] {"0", "-5"})
        {
            assertEquals(2, cli.run("compare", "--dir", dir.resolve("d").toString(), "--rate", rate));
            assertTrue(cli.err().contains("--rate " + rate + " must be greater than 0"), cli.err());
        }
        assertFalse(Files.exists(dir.resolve("d")), "nothing made");
    }

    @Test
    void shouldRefuseATriggerOrScheduleLongerThanTheRun(@TempDir final Path dir)
    {
        assertEquals(2, cli.run("compare", "--dir", dir.toString(), "--trigger", "30s", "--duration", "10s"));
        assertTrue(cli.err().contains("--trigger 30s is longer than the run (--duration 10s)"), cli.err());

        assertEquals(2, cli.run("compare", "--dir", dir.toString(), "--batch-every", "1m", "--duration", "20s"));
        assertTrue(cli.err().contains("--batch-every 1m is longer than the run (--duration 20s)"), cli.err());

        // a mode not run has no trigger to check
        assertEquals(2, cli.run("compare", "--dir", dir.toString(), "--modes", "streaming,batch", "--trigger",
            "30s", "--duration", "10s", "--rate", "0"));
        assertTrue(cli.err().contains("--rate 0"), cli.err());
        assertEquals(0, list(dir), "nothing written");
    }

    @Test
    void shouldNameTheOptionOfEveryOtherBadValue(@TempDir final Path dir)
    {
        assertUsageError("--duration 0s must be longer than 0", "--duration", "0s");
        assertUsageError("--window soon is not a duration", "--window", "soon");
        assertUsageError("--early sometimes is not a policy", "--early", "sometimes");
        assertUsageError("--modes: mode 'lambda' is not one of batch, micro-batch, streaming", "--modes", "lambda");
        assertUsageError("--checkpoint-every often is not a duration", "--checkpoint-every", "often");
        assertUsageError("--sweep fast is not a rate", "--sweep", "fast");
        assertUsageError("--events 0 must be greater than 0", "--events", "0");
        assertUsageError("--warmup -1s must be 0s (none) or longer", "--warmup", "-1s");
        assertUsageError("--warmup later is not a duration", "--warmup", "later");
    }

    @Test
    void shouldRefuseAParallelismThatIsNotOneToSixtyFourWorkers(@TempDir final Path dir)
    {
        for (final String bad : new String[] {"0", "-1", "65", "1,100"})
        {
            assertEquals(2, cli.run("compare", "--dir", dir.resolve("d").toString(), "--parallelism", bad), bad);
            final String value = bad.contains(",") ? bad.substring(bad.indexOf(',') + 1) : bad;
            assertTrue(cli.err().contains("--parallelism " + value + " is outside 1..64"), cli.err());
        }
        for (final String bad : new String[] {"two", "1,x", "1.5"})
        {
            assertEquals(2, cli.run("compare", "--dir", dir.resolve("d").toString(), "--parallelism", bad), bad);
            assertTrue(cli.err().contains("--parallelism"), cli.err());
            assertTrue(cli.err().contains("is not a number of workers"), bad + ": " + cli.err());
        }
        assertFalse(Files.exists(dir.resolve("d")), "nothing made");
    }

    @Test
    void shouldRefuseADirectoryHoldingSomethingElseAndLeaveItAsItWas(@TempDir final Path dir) throws IOException
    {
        Files.writeString(dir.resolve("thesis.tex"), "\\begin{document}");
        Files.createDirectories(dir.resolve("report"));
        Files.writeString(dir.resolve("report").resolve("report.md"), "mine");

        assertEquals(2, cli.run("compare", "--dir", dir.toString()));
        assertTrue(cli.err().contains("--dir " + dir + " is not empty and has no sluice-compare.properties"),
            cli.err());
        assertTrue(cli.err().contains("it holds report, thesis.tex"), cli.err());
        assertEquals(2, list(dir));
        assertEquals("mine", Files.readString(dir.resolve("report").resolve("report.md")));
    }

    @Test
    void shouldRefuseARegularFileAsTheDirectory(@TempDir final Path dir) throws IOException
    {
        final Path file = Files.writeString(dir.resolve("notes.txt"), "keep me");
        assertEquals(2, cli.run("compare", "--dir", file.toString()));
        assertTrue(cli.err().contains("--dir " + file + " is a regular file"), cli.err());
        assertEquals("keep me", Files.readString(file));
    }

    private void assertUsageError(final String message, final String... options)
    {
        final String[] args = new String[options.length + 1];
        args[0] = "compare";
        System.arraycopy(options, 0, args, 1, options.length);
        assertEquals(2, cli.run(args), cli::err);
        assertTrue(cli.err().contains(message), cli.err());
    }

    private static long list(final Path dir)
    {
        try (Stream<Path> entries = Files.list(dir))
        {
            return entries.count();
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}

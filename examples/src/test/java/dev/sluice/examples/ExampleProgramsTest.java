package dev.sluice.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every example program runs as {@code sluice example NAME} and prints what it promises; they use only the public
 * API (nothing from an internal package).
 */
class ExampleProgramsTest
{
    private final CliRun cli = new CliRun();

    private String runExample(final String... args)
    {
        final PrintStream stdout = System.out;
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try
        {
            assertEquals(0, cli.run(args), cli.err());
        }
        finally
        {
            System.setOut(stdout);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void quickstartQueriesTheLiveViewByAStringKey()
    {
        final String out = runExample("example", "quickstart");
        assertTrue(out.contains("user-7 in the first minute: 6000 clicks (final)"), out);
        assertTrue(out.contains("users in the first minute=10"), out);
    }

    @Test
    void customAggregationGivesTheStandardDeviationInEveryMode()
    {
        for (final String mode : List.of("batch", "micro-batch", "streaming"))
        {
            final String out = runExample("example", "custom-aggregation", "--mode", mode);
            // sensor s alternates between 20 + 2s and 20: mean 20 + s, deviation s
            assertTrue(out.contains("sensor-0,0,60,20.00,0.00"), out);
            assertTrue(out.contains("sensor-1,0,60,21.00,1.00"), out);
            assertTrue(out.contains("sensor-2,0,60,22.00,2.00"), out);
            assertTrue(out.contains("windows=30"), out);
        }
    }

    @Test
    void anUnknownExampleIsAUsageErrorNamingTheExamples()
    {
        assertEquals(2, cli.run("example", "nope"));
        assertTrue(cli.err().contains("no example 'nope'; the examples are quickstart, custom-aggregation"),
            cli.err());
    }

    @Test
    void programsUseOnlyThePublicApi() throws Exception
    {
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java", "dev", "sluice", "examples", "programs")))
        {
            for (final Path file : files.filter(f -> f.toString().endsWith(".java")).toList())
            {
                final String source = Files.readString(file);
                assertFalse(source.contains("dev.sluice.core.internal"), file + " reaches into the internals");
            }
        }
    }
}

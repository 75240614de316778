package dev.sluice.examples;

import dev.sluice.examples.json.OrderJsonWriter;
import dev.sluice.examples.orders.OrderEvent;
import dev.sluice.examples.orders.OrdersGenerator;
import dev.sluice.examples.orders.OrdersWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    void jsonOrdersGivesTheKnownAnswerOfTheSpecInEveryModeWithMediansWithinOnePercent(@TempDir final Path dir)
        throws Exception
    {
        final Path input = dir.resolve("orders.jsonl");
        assertEquals(0, cli.run("orders", "--format", "json", "--count", "100000", "--out", input.toString()),
            cli.err());
        // the exact median of each group: the amount at rank ceil(n/2) of its sorted amounts
        final Map<String, List<Long>> amounts = new HashMap<>();
        final OrdersGenerator generator = new OrdersGenerator(OrdersWorkload.defaults().withCount(100_000));
        final OrderEvent event = new OrderEvent();
        while (generator.hasNext())
        {
            generator.next(event);
            amounts.computeIfAbsent(OrderJsonWriter.productName(event.productId()) + "," +
                OrderJsonWriter.regionName(event.region()), k -> new ArrayList<>()).add(event.amountCents());
        }
        for (final String mode : List.of("batch", "micro-batch", "streaming"))
        {
            final Path csv = dir.resolve(mode + ".csv");
            final String out = runExample("example", "json-orders", "--input", input.toString(), "--mode", mode,
                "--output", csv.toString());
            assertTrue(out.endsWith("rows=8000 rejected=0 " +
                "sha256=6c92bbf88a65d7d969cb42139b9bff10847fb0f4e700f1aeecd7e7ee131b149e\n"), out);
            final List<String> lines = Files.readAllLines(csv);
            assertEquals("product_id,region,total_orders,total_revenue,unique_customers,avg_order_value," +
                "median_order_value", lines.get(0));
            assertEquals("p-0000,af-south,15,159037.84,15,10602.52", lines.get(1).substring(0,
                lines.get(1).lastIndexOf(',')));
            for (final String line : lines.subList(1, lines.size()))
            {
                final String[] cells = line.split(",");
                final List<Long> sorted = amounts.get(cells[0] + "," + cells[1]);
                sorted.sort(null);
                final double exact = sorted.get((sorted.size() + 1) / 2 - 1) / 100.0;
                final double median = Double.parseDouble(cells[6]);
                assertTrue(Math.abs(median - exact) <= 0.01 * exact + 0.005, line + ": exact median " + exact);
            }
        }
    }

    @Test
    void anUnknownExampleIsAUsageErrorNamingTheExamples()
    {
        assertEquals(2, cli.run("example", "nope"));
        assertTrue(cli.err().contains("no example 'nope'; the examples are quickstart, custom-aggregation, " +
            "json-orders"), cli.err());
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

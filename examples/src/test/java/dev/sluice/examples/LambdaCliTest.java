package dev.sluice.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code sluice lambda}, run as a user types it: the spec's answer for its 100,000 orders from a batch view and a
 * speed view merged, the rejected lines counted.
 */
class LambdaCliTest
{
    static final String SHA_100K = "6c92bbf88a65d7d969cb42139b9bff10847fb0f4e700f1aeecd7e7ee131b149e";

    private final CliRun cli = new CliRun();

    @Test
    void shouldServeTheKnownAnswerOfTheSpecFromBothLayers(@TempDir final Path tmp) throws IOException
    {
        final Path json = tmp.resolve("orders.jsonl");
        final Path csv = tmp.resolve("served.csv");
        cli.writeOrdersJson(json, 100_000);

        assertEquals(0, cli.run("lambda", "--input", json.toString(), "--dir", tmp.resolve("run").toString(),
            "--output", csv.toString(), "--rate", "200000", "--batch-every-ms", "100"), cli::err);

        assertEquals("rows=8000 rejected=0 sha256=" + SHA_100K, cli.lastLine(), cli.out());
        assertTrue(cli.out().contains("check: the served view equals one BATCH run over all 100000 orders"),
            cli.out());
        final long moves = cli.out().lines().filter(l -> l.startsWith("batch layer: cutoff moved")).count();
        assertTrue(moves >= 2, cli.out());
        final List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(8_001, lines.size());
        assertEquals("product_id,region,total_orders,total_revenue,unique_customers,avg_order_value," +
            "median_order_value", lines.get(0));
        assertTrue(lines.get(1).startsWith("p-0000,af-south,15,159037.84,15,10602.52,"), lines.get(1));
    }

    @Test
    void shouldCountRejectedLinesAndServeTheOthers(@TempDir final Path tmp) throws IOException
    {
        final Path json = tmp.resolve("orders.jsonl");
        cli.writeOrdersJson(json, 2_000);
        final List<String> lines = new ArrayList<>(Files.readAllLines(json, StandardCharsets.UTF_8));
        lines.add(100, "not json");
        lines.add(200, "{\"event_id\":\"o-x\"}");
        lines.add(300, lines.get(300).replace("\"amount\":", "\"amount\":\"") .replace("}", "\"}"));
        Files.write(json, lines, StandardCharsets.UTF_8);
        final Path dir = tmp.resolve("run");

        assertEquals(0, cli.run("lambda", "--input", json.toString(), "--dir", dir.toString(), "--rate", "0"),
            cli::err);

        assertTrue(cli.lastLine().startsWith("rows=") && cli.lastLine().contains(" rejected=3 "), cli.out());
        assertTrue(cli.out().contains("check: the served view equals one BATCH run over all 2000 orders"),
            cli.out());
        assertTrue(cli.out().contains("\nproduct_id,region,total_orders,"), "the CSV on standard output");
        assertEquals(3, Files.readAllLines(dir.resolve("rejects.tsv")).size());
    }
}

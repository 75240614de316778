package dev.sluice.examples;

import dev.sluice.core.ExecutionConfig;
import dev.sluice.examples.json.OrdersJsonIngestTestAccess;
import dev.sluice.examples.orders.OrderEvent;
import dev.sluice.examples.orders.OrdersGenerator;
import dev.sluice.examples.orders.OrdersRun;
import dev.sluice.examples.orders.OrdersRunDirectory;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.log.Log;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sluice orders --format json} and {@code sluice ingest}, run as a user types them.
 */
class IngestCliTest
{
    private static final String SHA_1000 = "2e0d5994c0e9c22e3f645f9424c8c9ad3cb43541d03d87268b08c556b4ff9073";
    private static final String FIRST_LINE = "{\"event_id\":\"o-0\",\"event_time\":\"2025-12-31T23:59:59.837Z\"," +
        "\"product_id\":\"p-0413\",\"region\":\"eu-central\",\"customer_id\":\"c-63858\",\"amount\":2558.64}";

    private final CliRun cli = new CliRun();

    @Test
    void shouldIngestTheJsonOfTheOrdersWorkloadIntoTheLogOfTheBinaryOne(@TempDir final Path tmp) throws IOException
    {
        final Path json = tmp.resolve("orders.jsonl");
        final Path dir = tmp.resolve("run");

        assertEquals(0, cli.run("orders", "--format", "json", "--count", "1000", "--out", json.toString()), cli::err);
        assertTrue(cli.out().startsWith("wrote 1000 events as JSON lines"), cli.out());
        final List<String> lines = Files.readAllLines(json, StandardCharsets.UTF_8);
        assertEquals(1000, lines.size());
        assertEquals(FIRST_LINE, lines.get(0));

        assertEquals(0, cli.run("ingest", "--input", json.toString(), "--dir", dir.toString()), cli::err);
        assertEquals("accepted=1000 rejected=0", cli.lastLine());
        assertEquals("", Files.readString(dir.resolve("rejects.tsv")));
        assertEquals("orders-json-lines", OrdersRunDirectory.readManifest(dir).get("source"));

        final OrdersGenerator generator = new OrdersGenerator(OrdersWorkload.defaults().withCount(1000));
        final OrderEvent event = new OrderEvent();
        for (final String read : OrdersJsonIngestTestAccess.readLog(dir))
        {
            assertEquals(generator.next(event).toString(), read);
        }
        try (Log log = Log.openReadOnly(dir))
        {
            assertEquals(SHA_1000, OrdersRun.query(log, OrdersWorkload.defaults().withCount(1000),
                ExecutionConfig.streaming()).sha256());
        }
    }

    @Test
    void shouldWriteEachRejectedLineWithItsNumberAndReasonBesideTheLog(@TempDir final Path tmp) throws IOException
    {
        final Path input = tmp.resolve("mixed.jsonl");
        final byte[] invalid = (FIRST_LINE.replace("eu-central", "eu-\u00e9") + "\n").getBytes(StandardCharsets.UTF_8);
        invalid[FIRST_LINE.indexOf("eu-central") + 4] = (byte)0xFF;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes((FIRST_LINE + "\n\n{\"event_id\":\"o-1\"}\n").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(invalid);
        bytes.writeBytes((FIRST_LINE.replace("2558.64", "2558.641") + "\n").getBytes(StandardCharsets.UTF_8));
        Files.write(input, bytes.toByteArray());
        final Path dir = tmp.resolve("run");

        assertEquals(0, cli.run("ingest", "--input", input.toString(), "--dir", dir.toString()), cli::err);

        assertEquals("accepted=1 rejected=3", cli.lastLine());
        final byte[] rejects = Files.readAllBytes(dir.resolve("rejects.tsv"));
        final ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes((input + "\t3\tmissing fields event_time, product_id, region, customer_id, amount\t" +
            "{\"event_id\":\"o-1\"}\n").getBytes(StandardCharsets.UTF_8));
        // the 0xff cuts the two bytes of the e-acute: the first is where the bad sequence starts
        expected.writeBytes((input + "\t4\tinvalid UTF-8 at byte " + (FIRST_LINE.indexOf("eu-central") + 3) +
            " of the line (0xc3)\t").getBytes(StandardCharsets.UTF_8));
        expected.writeBytes(invalid);
        expected.writeBytes((input + "\t5\tamount 2558.641 has more than two decimals: amounts are whole cents\t" +
            FIRST_LINE.replace("2558.64", "2558.641") + "\n").getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(expected.toByteArray(), rejects, new String(rejects, StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadStandardInputAndAppendToTheLogOfAnEarlierIngest(@TempDir final Path dir) throws IOException
    {
        final InputStream stdin = System.in;
        try
        {
            System.setIn(new ByteArrayInputStream((FIRST_LINE + "\n").getBytes(StandardCharsets.UTF_8)));
            assertEquals(0, cli.run("ingest", "--input", "-", "--dir", dir.toString()), cli::err);
            assertEquals("accepted=1 rejected=0", cli.lastLine());

            System.setIn(new ByteArrayInputStream((FIRST_LINE + "\nnot json\n").getBytes(StandardCharsets.UTF_8)));
            assertEquals(0, cli.run("ingest", "--input", "-", "--dir", dir.toString()), cli::err);
            assertEquals("accepted=1 rejected=1", cli.lastLine());
            assertTrue(cli.out().contains("holds 2 events (1 before)"), cli.out());
            assertTrue(Files.readString(dir.resolve("rejects.tsv")).startsWith("-\t2\tmalformed JSON"));
        }
        finally
        {
            System.setIn(stdin);
        }
    }

    @Test
    void shouldWriteTheJsonLinesToStandardOutput()
    {
        final PrintStream stdout = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try
        {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertEquals(0, cli.run("orders", "--format", "json", "--count", "3", "--out", "-"), cli::err);
        }
        finally
        {
            System.setOut(stdout);
        }
        final String[] lines = captured.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length);
        assertEquals(FIRST_LINE, lines[0]);
        assertTrue(cli.err().startsWith("wrote 3 events as JSON lines"), cli.err());
        assertEquals("", cli.out());
    }

    @Test
    void shouldRefuseToMixAnOrdersRunAndAnIngestInOneDirectory(@TempDir final Path tmp) throws IOException
    {
        final Path ordersRun = tmp.resolve("orders");
        final Path ingestRun = tmp.resolve("ingest");
        final Path input = Files.writeString(tmp.resolve("in.jsonl"), FIRST_LINE + "\n");
        assertEquals(0, cli.run("orders", "--count", "1000", "--dir", ordersRun.toString()), cli::err);
        assertEquals(0, cli.run("ingest", "--input", input.toString(), "--dir", ingestRun.toString()), cli::err);

        assertEquals(2, cli.run("ingest", "--input", input.toString(), "--dir", ordersRun.toString()));
        assertTrue(cli.err().contains("directory " + ordersRun + " holds a run of the orders workload, not a log of " +
            "orders-json-lines: give another --dir"), cli.err());
        assertEquals(2, cli.run("orders", "--count", "1000", "--dir", ingestRun.toString()));
        assertTrue(cli.err().contains("directory " + ingestRun + " holds a log of orders-json-lines, not a run of " +
            "the orders workload: give another --dir"), cli.err());

        Files.writeString(tmp.resolve("notes.txt"), "mine");
        assertEquals(2, cli.run("ingest", "--input", input.toString(), "--dir", tmp.toString()));
        assertTrue(cli.err().contains("is not empty and has no sluice-run.properties"), cli.err());
    }

    @Test
    void shouldExitWithTwoOnUsageErrorsNamingTheFix(@TempDir final Path tmp)
    {
        final String dir = tmp.resolve("run").toString();
        assertEquals(2, cli.run("ingest", "--input", tmp.resolve("missing.jsonl").toString(), "--dir", dir));
        assertTrue(cli.err().contains("missing.jsonl does not exist: give a file of JSON lines, or - for standard " +
            "input"), cli.err());
        assertEquals(2, cli.run("ingest", "--dir", dir));
        assertTrue(cli.err().contains("Missing required option: '--input=FILE|-'"), cli.err());
        assertEquals(2, cli.run("ingest", "--input", "-", "--dir", dir, "--max-line-bytes", "10"));
        assertTrue(cli.err().contains("--max-line-bytes 10 is outside 64.."), cli.err());

        assertEquals(2, cli.run("orders", "--format", "json"));
        assertTrue(cli.err().contains("--format json needs --out F"), cli.err());
        assertEquals(2, cli.run("orders", "--format", "xml", "--out", "x"));
        assertTrue(cli.err().contains("--format xml is not one of binary, json"), cli.err());
        assertEquals(2, cli.run("orders", "--out", "x"));
        assertTrue(cli.err().contains("--out applies to --format json"), cli.err());
        assertEquals(2, cli.run("orders", "--format", "json", "--out", "x", "--mode", "streaming"));
        assertTrue(cli.err().contains("--mode applies to a run of the query; --format json only writes"), cli.err());
    }
}

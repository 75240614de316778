package dev.sluice.examples;

import dev.sluice.examples.json.IngestResumeFile;
import dev.sluice.examples.json.OrderJsonWriter;
import dev.sluice.examples.orders.OrderEvent;
import dev.sluice.examples.orders.OrdersGenerator;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.log.Log;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sluice ingest} of a file killed with SIGKILL ({@code destroyForcibly}) mid-way, and run again: the log and
 * the rejects file end as an uninterrupted ingest leaves them (every accepted line once, every rejected line
 * reported once), and the summary line is the same; a run after that reads nothing.
 */
class IngestResumeCrashTest
{
    private static final int LINES = 60_000;
    private static final String COMMIT_LINES = "500";

    private final CliRun cli = new CliRun();

    @Test
    void shouldEndAsAnUninterruptedIngestAfterKillsAndReruns(@TempDir final Path tmp) throws Exception
    {
        final Path input = tmp.resolve("orders.jsonl");
        writeInput(input);
        final Path reference = tmp.resolve("reference");
        assertEquals(0, cli.run("ingest", "--input", input.toString(), "--dir", reference.toString()), cli::err);
        final String summary = cli.lastLine();

        final Path dir = tmp.resolve("killed");
        final List<String> history = new ArrayList<>();
        int kills = 0;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            final Process child = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), SluiceCli.class.getName(),
                "ingest", "--input", input.toString(), "--dir", dir.toString(), "--commit-lines", COMMIT_LINES))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child-" + attempt + ".out").toFile()).start();
            // kill once this run has committed past where the last one got, at a random moment after
            final long committedBefore = committedLines(dir);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (child.isAlive() && committedLines(dir) <= committedBefore && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            Thread.sleep(ThreadLocalRandom.current().nextInt(0, 30));
            if (!child.isAlive())
            {
                history.add("finished: exit " + child.exitValue());
                break;
            }
            child.destroyForcibly().waitFor();
            kills++;
            history.add("killed after line " + committedLines(dir));
        }
        assertTrue(kills >= 1, "no run was killed before it finished: " + history);

        assertEquals(0, cli.run("ingest", "--input", input.toString(), "--dir", dir.toString()), cli::err);
        assertEquals(summary, cli.lastLine(), history.toString());
        assertTrue(cli.err().contains("resuming after it") || cli.err().contains("nothing left to read"),
            cli.err());
        assertEquals(digest(reference), digest(dir), history.toString());
        assertEquals(Files.readString(reference.resolve("rejects.tsv")), Files.readString(dir.resolve("rejects.tsv")),
            history.toString());

        // the same input once more: nothing is appended, and the summary stays the input's
        assertEquals(0, cli.run("ingest", "--input", input.toString(), "--dir", dir.toString()), cli::err);
        assertEquals(summary, cli.lastLine());
        assertTrue(cli.err().contains("nothing left to read"), cli.err());
        assertEquals(digest(reference), digest(dir));
        System.out.println("IngestResumeCrashTest: " + kills + " kills, " + history);
    }

    @Test
    void shouldAppendAnotherInputFromItsStart(@TempDir final Path tmp) throws Exception
    {
        final Path input = tmp.resolve("orders.jsonl");
        writeInput(input);
        final Path other = tmp.resolve("other.jsonl");
        Files.write(other, Files.readAllBytes(input));
        final Path dir = tmp.resolve("run");

        assertEquals(0, cli.run("ingest", "--input", input.toString(), "--dir", dir.toString()), cli::err);
        final String summary = cli.lastLine();
        final long records = recordCount(dir);
        assertEquals(0, cli.run("ingest", "--input", other.toString(), "--dir", dir.toString()), cli::err);

        assertEquals(summary, cli.lastLine());
        assertEquals(2 * records, recordCount(dir));
    }

    /** Orders, a malformed line every 1000 lines and a blank one every 777. */
    private static void writeInput(final Path input) throws IOException
    {
        final OrdersGenerator generator = new OrdersGenerator(OrdersWorkload.defaults().withCount(LINES));
        final OrderEvent event = new OrderEvent();
        final OrderJsonWriter writer = new OrderJsonWriter();
        final byte[] line = new byte[OrderJsonWriter.MAX_LENGTH];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(input)))
        {
            for (int i = 1; i <= LINES; i++)
            {
                if (i % 1000 == 0)
                {
                    out.write(("{\"event_id\":\"o-" + i + "\",\"amount\":\"12\"}\n").getBytes(StandardCharsets.UTF_8));
                }
                if (i % 777 == 0)
                {
                    out.write(" \n".getBytes(StandardCharsets.UTF_8));
                }
                out.write(line, 0, writer.write(generator.next(event), line, 0));
                out.write('\n');
            }
        }
    }

    private static long committedLines(final Path dir)
    {
        try
        {
            final IngestResumeFile state = IngestResumeFile.read(dir);
            return null == state ? 0 : state.lines();
        }
        catch (final IllegalStateException ex)
        {
            return 0;
        }
    }

    private static long recordCount(final Path dir)
    {
        try (Log log = Log.openReadOnly(dir))
        {
            return log.recordCount();
        }
    }

    /**
     * @return the count and SHA-256 of the log's records, in order.
     */
    private static String digest(final Path dir) throws Exception
    {
        final MessageDigest sha = MessageDigest.getInstance("SHA-256");
        final long[] count = {0};
        try (Log log = Log.openReadOnly(dir))
        {
            log.scan(log.startPosition(), log.tailPosition(), (buffer, offset, length, position) ->
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                sha.update(bytes);
                count[0]++;
            });
        }
        return count[0] + " records sha256=" + HexFormat.of().formatHex(sha.digest());
    }
}

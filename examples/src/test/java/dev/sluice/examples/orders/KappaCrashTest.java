package dev.sluice.examples.orders;

import dev.sluice.core.ExecutionMode;
import dev.sluice.core.sink.EventLogSink;
import dev.sluice.examples.architectures.OrdersKappa;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Kill -9 a process running a Kappa deployment while v2 replays beside v1 and orders are still being appended, again
 * and again, then let it finish: v2's output holds every order of the log exactly once and equals a fresh v2 run,
 * and v1's output, kept after the cut-over, holds each order it got to once.
 */
class KappaCrashTest
{
    private static final long COUNT = 60_000;
    private static final long SLOW_NS = 30_000;

    @Test
    void shouldResumeBothVersionsFromTheirCheckpointsAfterKillsDuringTheCatchUp(@TempDir final Path dir)
        throws Exception
    {
        final List<String> history = new ArrayList<>();
        int killsDuringCatchUp = 0;
        for (int kill = 0; kill < 4; kill++)
        {
            final Process child = start(dir);
            final LinkedBlockingQueue<String> lines = CrashHarness.lines(child);
            // kill once v2 has been seen replaying, at a random moment after
            String line;
            boolean replaying = false;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!replaying && null != (line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) &&
                !line.equals(CrashHarness.EOF))
            {
                history.add(line);
                replaying = line.startsWith("STATUS v2 candidate") && !line.contains("not running") &&
                    !line.contains("read 0 records");
            }
            if (!replaying)
            {
                assertEquals(0, child.waitFor(), "the child failed: " + history);
                break; // v2 took over before this run got to replay: nothing left to kill during
            }
            Thread.sleep(ThreadLocalRandom.current().nextInt(10, 200));
            child.destroyForcibly().waitFor();
            killsDuringCatchUp++;
            history.add("killed");
        }
        assertTrue(killsDuringCatchUp >= 1, "killed during the catch-up: " + history);
        System.out.println("KappaCrashTest: " + killsDuringCatchUp + " kills while v2 replayed");

        final Process last = start(dir);
        final LinkedBlockingQueue<String> lines = CrashHarness.lines(last);
        String line;
        String done = null;
        while (null != (line = lines.poll(120, TimeUnit.SECONDS)) && !line.equals(CrashHarness.EOF))
        {
            history.add(line);
            done = line.startsWith("DONE") ? line : done;
        }
        assertEquals(0, last.waitFor(), "the last run failed: " + history);
        assertEquals("DONE " + COUNT, done, history.toString());

        try (Log log = Log.openReadOnly(dir.resolve("log")))
        {
            final OrdersKappa.Verification v2 = OrdersKappa.verify(log, dir.resolve("output").resolve("v2"), 2);
            assertNull(v2.problem(), v2.problem());
            assertEquals(COUNT, v2.records());

            // a fresh v2 run over the whole log writes the same output, record for record
            try (Log writable = Log.open(dir.resolve("log"), LogConfig.defaults()))
            {
                OrdersKappa.version(writable, dir.resolve("fresh"), 2).run(ExecutionMode.BATCH);
            }
            assertEquals(records(dir.resolve("fresh").resolve("v2")), records(dir.resolve("output").resolve("v2")));

            final List<String> v1 = records(dir.resolve("output").resolve("v1"));
            assertTrue(v1.size() > 0 && v1.size() <= COUNT, v1.size() + " records in v1's kept output");
        }
    }

    private static Process start(final Path dir) throws java.io.IOException
    {
        return new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-cp", CrashHarness.CLASS_PATH,
            KappaCrashChild.class.getName(),
            dir.toString(), Long.toString(COUNT), Long.toString(SLOW_NS)))
            .redirectErrorStream(true).start();
    }

    /**
     * @return the records of an output log as hex, after checking that their sequences run from 0 with no gap or
     * repeat.
     */
    private static List<String> records(final Path output)
    {
        final List<String> records = new ArrayList<>();
        try (Log log = Log.openReadOnly(output))
        {
            log.scan(log.startPosition(), log.tailPosition(), (buffer, offset, length, position) ->
            {
                assertEquals(records.size(), buffer.getLong(offset + EventLogSink.SEQUENCE_OFFSET,
                    ByteOrder.LITTLE_ENDIAN), output + ": output sequence");
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                records.add(java.util.HexFormat.of().formatHex(bytes));
            });
        }
        return records;
    }
}

package dev.sluice.examples.orders;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Exactly-once through real kills: a child JVM runs orders-5m over the default 1M-event workload with a
 * checkpoint every 50k events; it is killed with SIGKILL while it writes the log, while a checkpoint file is
 * written (temp file forced, not renamed), between the checkpoint and the sink commit, at a sink pre-commit, and
 * at a random moment; then it is rerun to the end. The committed output must hold every result exactly once and
 * match the known checksum, and the last line must be the uninterrupted run's. Hundreds of kills:
 * {@code OrdersCrashSoakTest} ({@code mvn -Psoak test}).
 */
class OrdersCrashTest
{
    @TempDir
    Path dir;

    @Test
    void shouldEndWithTheUninterruptedOutputAfterKillsInStreaming() throws Exception
    {
        killAndFinish("streaming", 0);
    }

    @Test
    void shouldEndWithTheUninterruptedOutputAfterKillsInMicroBatch() throws Exception
    {
        killAndFinish("micro-batch", 40_000);
    }

    private void killAndFinish(final String mode, final int maxRecordsPerBatch) throws Exception
    {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        final CrashHarness harness = new CrashHarness(dir, mode, 1_000_000, 50_000, maxRecordsPerBatch);
        harness.log.add("seed " + seed);
        assertTrue(harness.killAtPause("write:" + (200_000 + random.nextInt(600_000))), harness.log::toString);
        assertTrue(harness.killAtPause("FILE_WRITTEN:" + (2 + random.nextInt(3))), harness.log::toString);
        assertTrue(harness.killAtPause("DURABLE:" + (2 + random.nextInt(3))), harness.log::toString);
        assertTrue(harness.killAtPause("SINKS_PRE_COMMITTED:" + (2 + random.nextInt(3))), harness.log::toString);
        harness.killAfter(300 + random.nextInt(900));
        final String last = harness.finish();
        assertEquals("mode=" + mode + " events=1000000 rows=" + CrashHarness.ROWS_1M + " late=0 sha256=" +
            CrashHarness.SHA_1M, last, harness.log::toString);
        harness.assertOutput(CrashHarness.ROWS_1M, CrashHarness.SHA_1M);
        System.out.println(mode + " crash run: " + String.join(" | ", harness.log));
        assertTrue(harness.kills >= 4, harness.log::toString);
    }
}

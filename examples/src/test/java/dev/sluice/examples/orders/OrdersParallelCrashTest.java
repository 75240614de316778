package dev.sluice.examples.orders;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exactly-once through real kills of a parallel run: a child JVM runs orders-5m over the default 1M-event workload
 * in STREAMING on a 2-partition log with a checkpoint every 50k events, on 2 workers; it is killed with SIGKILL while
 * its two writers fill the partitions, while a checkpoint file is written (on 2 workers), between the checkpoint and
 * the commit (resumed on 4) and at a random moment (resumed on 1); then it finishes on 3. The committed output
 * must hold every result exactly once with the known checksum.
 */
class OrdersParallelCrashTest
{
    @TempDir
    Path dir;

    @Test
    void shouldEndWithTheUninterruptedOutputAfterKillsAtOneParallelismAndResumesAtOthers() throws Exception
    {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        final CrashHarness harness = new CrashHarness(dir, "streaming", 1_000_000, 50_000, 0);
        harness.log.add("seed " + seed);
        harness.partitions = 2;
        harness.parallelism = 2;
        assertTrue(harness.killAtPause("write:" + (200_000 + random.nextInt(600_000))), harness.log::toString);
        // a checkpoint of a parallel job is due every 50k events or when the one before is done, whichever is later:
        // the first of each process is the one sure to come before the end
        assertTrue(harness.killAtPause("FILE_WRITTEN:1"), harness.log::toString);
        harness.parallelism = 4;
        harness.killAtPause("DURABLE:1");
        harness.parallelism = 1;
        harness.killAfter(300 + random.nextInt(600));
        harness.parallelism = 3;
        final String last = harness.finish();
        assertEquals("mode=streaming events=1000000 rows=" + CrashHarness.ROWS_1M + " late=0 sha256=" +
            CrashHarness.SHA_1M, last, harness.log::toString);
        harness.assertOutput(CrashHarness.ROWS_1M, CrashHarness.SHA_1M);
        System.out.println("parallel crash run: " + String.join(" | ", harness.log));
        assertTrue(harness.kills >= 2, harness.log::toString);
    }
}

package dev.sluice.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sluice orders --parallelism P --partitions N}: the known last line, a checkpointed directory resumed at
 * another parallelism, and bad values refused as usage errors.
 */
class OrdersParallelCliTest
{
    private static final String LAST_1000 = "events=1000 rows=945 late=0 " +
        "sha256=2e0d5994c0e9c22e3f645f9424c8c9ad3cb43541d03d87268b08c556b4ff9073";

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void shouldPrintTheKnownLastLineAtAnyParallelismAndPartitionCount()
    {
        assertEquals(0, cli.run("orders", "--count", "1000", "--mode", "streaming", "--parallelism", "2"), cli.err());
        assertEquals("mode=streaming " + LAST_1000, cli.lastLine());
        assertEquals(0, cli.run("orders", "--count", "1000", "--partitions", "3"), cli.err());
        assertEquals("mode=batch " + LAST_1000, cli.lastLine());
        assertEquals(0, cli.run("orders", "--count", "1000", "--partitions", "2", "--parallelism", "4",
            "--mode", "micro-batch", "--concurrent"), cli.err());
        assertEquals("mode=micro-batch " + LAST_1000, cli.lastLine());
    }

    @Test
    void shouldResumeACheckpointedDirectoryAtAnotherParallelism()
    {
        final String runDir = dir.resolve("run").toString();
        assertEquals(0, cli.run("orders", "--count", "1000", "--mode", "streaming", "--dir", runDir, "--partitions",
            "2", "--parallelism", "2", "--checkpoint-every", "300"), cli.err());
        assertEquals("mode=streaming " + LAST_1000, cli.lastLine());
        // the finished run's directory again, on 3 workers: restored as finished, the same output
        assertEquals(0, cli.run("orders", "--count", "1000", "--mode", "streaming", "--dir", runDir, "--partitions",
            "2", "--parallelism", "3", "--checkpoint-every", "300"), cli.err());
        assertEquals("mode=streaming " + LAST_1000, cli.lastLine());
        assertTrue(cli.out().contains("duplicates=0, gap=none"), cli.out());
        // another partition count is another log
        assertEquals(2, cli.run("orders", "--count", "1000", "--mode", "streaming", "--dir", runDir,
            "--checkpoint-every", "300"));
        assertTrue(cli.err().contains("--partitions 2"), cli.err());
    }

    @Test
    void shouldRefuseParallelismOrPartitionsOutOfRange()
    {
        assertEquals(2, cli.run("orders", "--count", "10", "--parallelism", "0"));
        assertTrue(cli.err().contains("--parallelism 0 is outside 1..64"), cli.err());
        assertEquals(2, cli.run("orders", "--count", "10", "--parallelism", "65"));
        assertEquals(2, cli.run("orders", "--count", "10", "--partitions", "0"));
        assertTrue(cli.err().contains("--partitions 0 is outside"), cli.err());
    }
}

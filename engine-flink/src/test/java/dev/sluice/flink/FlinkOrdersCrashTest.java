package dev.sluice.flink;

import dev.sluice.core.sink.CommittedOutput;
import dev.sluice.core.sink.ResultSchema;
import dev.sluice.examples.orders.Orders5m;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.flink.sink.ResultFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Flink job killed mid-run ({@code SIGKILL} of its JVM, MiniCluster and all) and restored from its last retained
 * checkpoint commits every result exactly once: the committed part files hold each (window, key) once, with the
 * workload's known checksum.
 */
class FlinkOrdersCrashTest
{
    private static final String CLASS_PATH = System.getProperty("java.class.path");

    @TempDir
    Path dir;

    @Test
    void shouldCommitEveryResultOnceAfterAKillAndARestore() throws Exception
    {
        final Path logDir = OrdersLogs.write(dir.resolve("log"), OrdersWorkload.defaults());
        final Path output = dir.resolve("output");
        final Path checkpoints = dir.resolve("checkpoints");

        final Process first = child(logDir, output, checkpoints, null);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (latestCheckpoint(checkpoints).isEmpty() && first.isAlive() && System.nanoTime() < deadline)
        {
            Thread.sleep(20);
        }
        assertTrue(first.isAlive(), "the job ended before its first checkpoint: nothing to kill mid-run");
        Thread.sleep(150);
        first.destroyForcibly();
        first.waitFor();
        final Path restoreFrom = latestCheckpoint(checkpoints).orElseThrow();
        final ResultSchema schema = Orders5m.define(() -> null, 5_000).sink(r -> { }).build().schema();
        final long committedBefore = ResultFiles.readCommitted(output, schema).results();

        final Process second = child(logDir, output, checkpoints, restoreFrom);
        assertTrue(second.waitFor(180, TimeUnit.SECONDS), "the restored job did not end");
        assertEquals(0, second.exitValue(), "the restored job failed: see its output above");

        final CommittedOutput committed = ResultFiles.readCommitted(output, schema);
        assertNotEquals(committed.results(), committedBefore, "the restored job committed the rest");
        assertEquals(0, committed.duplicates(), "results committed twice");
        assertEquals(34157, committed.results(), "every result committed once");
        assertEquals("62e52988042d6218b1ca3e4be887b288208b9fe11eb9619483f1900bc01a377f",
            Orders5m.checksum(committed.rows()));
    }

    private static Process child(final Path logDir, final Path output, final Path checkpoints, final Path restore)
        throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx512m",
            "-cp", CLASS_PATH, FlinkOrdersCrashChild.class.getName(),
            logDir.toString(), output.toString(), checkpoints.toString()));
        if (null != restore)
        {
            command.add(restore.toString());
        }
        return new ProcessBuilder(command).inheritIO().start();
    }

    /** The newest checkpoint whose metadata was written: a complete one. */
    private static Optional<Path> latestCheckpoint(final Path checkpoints) throws IOException
    {
        if (!Files.isDirectory(checkpoints))
        {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(checkpoints, 3))
        {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                .map(Path::getParent)
                .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(4))));
        }
    }
}

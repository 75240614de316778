package dev.sluice.examples.orders;

import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Writing orders onto a disk that fills up: the log back-pressures with its reason, and the orders writer, which has
 * nothing to wait for, stops with it instead of waiting for ever. A real small file system: a tmpfs mounted for the
 * test (needs root, as CI has; skipped elsewhere).
 */
class OrdersDiskFullTest
{
    private static final long FILESYSTEM_BYTES = 4L << 20;
    private static final int SEGMENT_LENGTH = 1 << 20;

    @Test
    void shouldStopWithTheReasonWhenTheDiskIsFull(@TempDir final Path dir) throws Exception
    {
        final Path mountPoint = Files.createDirectory(dir.resolve("small"));
        final Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + FILESYSTEM_BYTES, "tmpfs",
            mountPoint.toString()).redirectErrorStream(true).start();
        final boolean mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
        assumeTrue(mounted, () -> "cannot mount a tmpfs (needs root): " + output(mount));
        try
        {
            // 200,000 orders of 56 bytes are 11 MB: more than the 4 MiB file system holds
            final OrdersWorkload workload = OrdersWorkload.defaults().withCount(200_000);
            try (Log log = Log.open(mountPoint.resolve("log"),
                LogConfig.builder().segmentLength(SEGMENT_LENGTH).maxRecordLength(1024).build()))
            {
                final OrdersLogWriter writer = new OrdersLogWriter(log.appender());
                final IllegalStateException ex = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(IllegalStateException.class,
                        () -> writer.write(new OrdersGenerator(workload), workload.count())));
                assertTrue(ex.getMessage().startsWith("writing orders stopped: "), ex.getMessage());
                assertTrue(ex.getMessage().contains("no space left"), ex.getMessage());
                assertTrue(log.recordCount() > 0 && log.recordCount() < workload.count(), log.toString());
            }
        }
        finally
        {
            new ProcessBuilder("umount", "-l", mountPoint.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String output(final Process process)
    {
        try
        {
            return new String(process.getInputStream().readAllBytes());
        }
        catch (final IOException ex)
        {
            return ex.toString();
        }
    }
}

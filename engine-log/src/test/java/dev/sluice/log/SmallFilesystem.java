package dev.sluice.log;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system for disk-full tests: a tmpfs of a few MiB mounted on a fresh directory, so that
 * a write past its size fails as on a full disk (and a mapped write into space it cannot back is a real
 * SIGBUS). Mounting needs root, as in CI; elsewhere the test is skipped with that reason.
 */
final class SmallFilesystem implements AutoCloseable
{
    private final Path mountPoint;

    private SmallFilesystem(final Path mountPoint)
    {
        this.mountPoint = mountPoint;
    }

    /**
     * @param parent where to make the mount point (not on the small file system itself).
     * @param bytes  the file system's size.
     */
    static SmallFilesystem mount(final Path parent, final long bytes) throws IOException, InterruptedException
    {
        final Path mountPoint = Files.createTempDirectory(parent, "small-fs");
        final Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs",
            mountPoint.toString()).redirectErrorStream(true).start();
        final boolean exited = mount.waitFor(30, TimeUnit.SECONDS);
        final String output = new String(mount.getInputStream().readAllBytes());
        Assumptions.assumeTrue(exited && mount.exitValue() == 0, "cannot mount a " + bytes + "-byte tmpfs for the" +
            " disk-full test (it needs root, as CI has): " + output);
        return new SmallFilesystem(mountPoint);
    }

    Path root()
    {
        return mountPoint;
    }

    /**
     * Fills the file system but for {@code leaveBytes}, with a file that {@link #free} deletes.
     */
    Path fill(final String name, final long leaveBytes) throws IOException
    {
        final Path filler = mountPoint.resolve(name);
        final long bytes = Math.max(0, Files.getFileStore(mountPoint).getUsableSpace() - leaveBytes);
        try (var out = Files.newOutputStream(filler))
        {
            final byte[] block = new byte[4096];
            for (long written = 0; written < bytes; written += block.length)
            {
                out.write(block, 0, (int)Math.min(block.length, bytes - written));
            }
        }
        return filler;
    }

    long usableBytes() throws IOException
    {
        return Files.getFileStore(mountPoint).getUsableSpace();
    }

    public void close() throws IOException
    {
        try
        {
            new ProcessBuilder("umount", "-l", mountPoint.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(mountPoint);
    }
}

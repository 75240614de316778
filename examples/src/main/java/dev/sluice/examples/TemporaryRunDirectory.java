package dev.sluice.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The temporary directory of a run without {@code --dir}: deleted when the run ends, and also when the JVM is stopped
 * by SIGINT or SIGTERM, by a shutdown hook, so that a stopped run leaves no log of gigabytes in the temporary
 * directory.
 *
 * <p>The hook never closes the log itself: the run's thread may be writing into a mapped segment, and unmapping it
 * under that thread would crash the JVM. It interrupts the run's thread instead (the orders writer and the concurrent
 * job stop at their next event and close the log on the way out, then {@link #close} deletes the directory), waits
 * up to {@link #RELEASE_WAIT_MS} for that, and then deletes what is left whatever the run is doing (a BATCH query does
 * not look at interrupts): on Linux and macOS a file deleted while mapped stays readable and writable until it is
 * unmapped, and its space is freed when the JVM exits a moment later. Errors in the hook are reported, never thrown.
 *
 * <p>Threading: created and closed by the run's thread; the hook runs on a JVM shutdown thread.
 */
final class TemporaryRunDirectory implements AutoCloseable
{
    /** Longest wait of the hook for the run to close its log before deleting the files under it. */
    static final long RELEASE_WAIT_MS = 2000;
    private static final int DELETE_ATTEMPTS = 20;

    private final Path dir;
    private final Thread owner;
    private final Thread hook;
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean signalled;

    private TemporaryRunDirectory(final Path dir, final Thread owner)
    {
        this.dir = dir;
        this.owner = owner;
        this.hook = new Thread(this::onShutdown, "sluice-delete-temporary-log");
    }

    /**
     * @param prefix prefix of the directory's name in {@code java.io.tmpdir}.
     * @return a new temporary directory, deleted on {@link #close} or when the JVM shuts down first.
     */
    static TemporaryRunDirectory create(final String prefix)
    {
        final Path dir;
        try
        {
            dir = Files.createTempDirectory(prefix);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a temporary directory in " +
                System.getProperty("java.io.tmpdir") + " (java.io.tmpdir): " + ex + "; give --dir D instead", ex);
        }
        final TemporaryRunDirectory temporary = new TemporaryRunDirectory(dir, Thread.currentThread());
        Runtime.getRuntime().addShutdownHook(temporary.hook);
        return temporary;
    }

    Path path()
    {
        return dir;
    }

    /**
     * @return true when the JVM is shutting down with the run still going (a signal): its errors are the stop's.
     */
    boolean signalled()
    {
        return signalled;
    }

    /**
     * Delete the directory; called by the run's thread when it has closed the log. When the JVM is shutting down for
     * a signal ({@link #signalled()}), this does not return: the process is about to halt with the signal's status,
     * and the run's thread must not reach {@code System.exit} with another one, since once the shutdown hooks have
     * run, an exit with a nonzero status halts at once with that status instead.
     */
    public void close()
    {
        try
        {
            deleteRecursively(dir);
        }
        finally
        {
            released.countDown();
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException ex)
            {
                // shutting down: the hook is running and finds the directory gone
            }
        }
        if (signalled)
        {
            awaitHalt();
        }
    }

    private static void awaitHalt()
    {
        while (true)
        {
            try
            {
                Thread.sleep(Long.MAX_VALUE);
            }
            catch (final InterruptedException ex)
            {
                // the hook interrupted this thread to stop the run; the halt is what ends it
            }
        }
    }

    private void onShutdown()
    {
        try
        {
            signalled = true;
            owner.interrupt();
            // when the run did not stop in time, this deletes under it (see the class comment for why that is safe)
            released.await(RELEASE_WAIT_MS, TimeUnit.MILLISECONDS);
            for (int i = 0; i < DELETE_ATTEMPTS && !deleteRecursively(dir); i++)
            {
                // the run's segment preparer may have made one more file meanwhile
                Thread.sleep(10);
            }
            if (Files.exists(dir))
            {
                System.err.println("sluice: could not delete the temporary log " + dir + "; delete it by hand");
            }
        }
        catch (final Throwable ex)
        {
            System.err.println("sluice: deleting the temporary log " + dir + " failed: " + ex +
                "; delete it by hand");
        }
    }

    /**
     * @return true when {@code root} is gone.
     */
    static boolean deleteRecursively(final Path root)
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path ->
            {
                try
                {
                    Files.deleteIfExists(path);
                }
                catch (final IOException ignore)
                {
                    // a directory another thread just put a file in: the next attempt gets it
                }
            });
        }
        catch (final IOException | UncheckedIOException ignore)
        {
            // a file deleted while walking: the next attempt, or the check below, sees what is left
        }
        return !Files.exists(root);
    }
}

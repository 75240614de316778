package dev.sluice.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one-writer rule of a log directory: an exclusive lock on {@code writer.lock}, which the operating system
 * drops when the process dies (so a killed writer never leaves the log locked), and, within this JVM, a set of
 * the directories open for writing. Thread-safe.
 */
final class WriterLock implements AutoCloseable
{
    static final String FILE_NAME = "writer.lock";

    /**
     * Logs this JVM has open for writing. Closing any channel on writer.lock drops this process's lock on it (POSIX
     * record locks belong to the process), so a second writer in this JVM is refused before it opens one.
     */
    private static final Set<Path> WRITING_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private WriterLock(final Path key, final FileChannel channel, final FileLock lock)
    {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param dir an existing log directory.
     * @return the lock, held until {@link #close()}.
     * @throws LogWriterHeldException when another writer, in this JVM or another process, holds it.
     */
    static WriterLock acquire(final Path dir) throws IOException
    {
        final Path key = dir.toRealPath();
        if (!WRITING_IN_THIS_JVM.add(key))
        {
            throw new LogWriterHeldException(dir);
        }
        FileChannel channel = null;
        FileLock acquired = null;
        try
        {
            channel = FileChannel.open(dir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            acquired = channel.tryLock();
        }
        catch (final OverlappingFileLockException ex)
        {
            // held by this JVM, outside Log
        }
        catch (final IOException | RuntimeException ex)
        {
            WRITING_IN_THIS_JVM.remove(key);
            if (channel != null)
            {
                channel.close();
            }
            throw ex;
        }
        if (acquired == null)
        {
            WRITING_IN_THIS_JVM.remove(key);
            channel.close();
            throw new LogWriterHeldException(dir);
        }
        return new WriterLock(key, channel, acquired);
    }

    /**
     * Releases the lock; the caller has closed everything it wrote under it.
     */
    public void close() throws IOException
    {
        try
        {
            lock.release();
            channel.close();
        }
        finally
        {
            WRITING_IN_THIS_JVM.remove(key);
        }
    }
}

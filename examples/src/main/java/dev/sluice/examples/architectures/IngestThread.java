package dev.sluice.examples.architectures;

import dev.sluice.examples.json.OrdersJsonIngest;
import dev.sluice.examples.json.RejectsFile;
import dev.sluice.log.Log;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The writer of the architecture examples: the JSON lines of a file appended to the log by {@link OrdersJsonIngest}
 * on a thread of its own, at most so many lines a second, so that the layers run while events arrive. Rejected
 * lines go to {@link RejectsFile#FILE_NAME} in the run's directory. Started by the constructor; the run's thread
 * asks it how far it is and waits for its end.
 */
final class IngestThread implements AutoCloseable
{
    private final Thread thread;
    private volatile OrdersJsonIngest.Result result;
    private volatile Throwable failure;
    private volatile long lines;
    private volatile long bytes;

    /**
     * @param log            the log, whose appender this thread takes.
     * @param input          the JSON lines.
     * @param dir            the run's directory, for the rejects file.
     * @param linesPerSecond at most this many lines a second; 0 for as fast as they come.
     */
    IngestThread(final Log log, final Path input, final Path dir, final long linesPerSecond)
    {
        thread = new Thread(() ->
        {
            try (RejectsFile rejects = new RejectsFile(dir.resolve(RejectsFile.FILE_NAME), input.toString());
                InputStream in = new PacedInputStream(Files.newInputStream(input), linesPerSecond))
            {
                result = new OrdersJsonIngest(log.appender(), rejects, OrdersJsonIngest.DEFAULT_MAX_LINE_BYTES, null, 0)
                    .ingest(in);
            }
            catch (final Throwable ex)
            {
                failure = ex;
            }
        }, "sluice-ingest");
        thread.start();
    }

    /**
     * @return true once every line was read, or the ingest failed.
     */
    boolean isDone()
    {
        return !thread.isAlive();
    }

    /**
     * @return lines handed to the ingest so far.
     */
    long lines()
    {
        return lines;
    }

    /**
     * @return bytes of the input handed to the ingest so far.
     */
    long bytes()
    {
        return bytes;
    }

    /**
     * @return what the ingest did, once it is done.
     * @throws IllegalStateException with the cause when it failed.
     */
    OrdersJsonIngest.Result await() throws InterruptedException
    {
        thread.join();
        if (null != failure)
        {
            throw new IllegalStateException("the ingest of the input failed: " + failure, failure);
        }
        return result;
    }

    /**
     * Stop the ingest where it is (interrupting its pacing) and wait for it.
     */
    public void close() throws InterruptedException
    {
        thread.interrupt();
        thread.join();
    }

    /**
     * Counts the lines and bytes handed on, no faster than so many lines a second: after each read, sleeps until the
     * lines read so far are due. Reads at most 16 KiB at a time, so that the sleeps stay short.
     */
    private final class PacedInputStream extends FilterInputStream
    {
        private final long linesPerSecond;
        private final long startNs = System.nanoTime();

        PacedInputStream(final InputStream in, final long linesPerSecond)
        {
            super(in);
            this.linesPerSecond = linesPerSecond;
        }

        public int read(final byte[] b, final int off, final int len) throws IOException
        {
            final int n = super.read(b, off, Math.min(len, 16 * 1024));
            if (n <= 0)
            {
                return n;
            }
            long newLines = 0;
            for (int i = off; i < off + n; i++)
            {
                newLines += b[i] == '\n' ? 1 : 0;
            }
            lines += newLines;
            bytes += n;
            if (linesPerSecond <= 0)
            {
                return n;
            }
            final long dueNs = startNs + lines * 1_000_000_000L / linesPerSecond;
            final long aheadNs = dueNs - System.nanoTime();
            if (aheadNs > 0)
            {
                try
                {
                    TimeUnit.NANOSECONDS.sleep(aheadNs);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("ingest stopped");
                }
            }
            return n;
        }
    }
}

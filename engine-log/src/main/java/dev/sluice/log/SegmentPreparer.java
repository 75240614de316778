package dev.sluice.log;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

import org.agrona.IoUtil;

/**
 * Makes the writer's next segment ahead of need on a background thread, so that the appender neither
 * creates files nor takes a page fault per fresh page (a fault on a sparse file page costs microseconds;
 * the kernel work of allocating and zeroing page-cache pages is what bounds an append of a few hundred
 * bytes).
 *
 * <pre>
 *   preparer thread                                    appender thread (at a roll to base B)
 *   ---------------                                    --------------------------------------
 *   wants = activeBase + segmentLength                 p = ready.getAndSet(null)
 *   B.prepared.seg.tmp: zeros written, mapped,         p is B?  install(p): header, force it, rename
 *     every page touched                               else     discard p, Segment.create(B) as before
 *   ready.compareAndSet(null, p)                       unpark(preparer)
 *   force the directory (page-cache durability)
 * </pre>
 *
 * <p>Concurrency: the prepared file and its mapping belong to the preparer until the appender takes them
 * out of {@code ready}, and to the appender after; nothing is ever shared, so nothing is unmapped under
 * another thread. A prepared file left by a crash has a temporary name, which recovery deletes. When the
 * preparer falls behind (or fails, e.g. on a full disk) the appender makes the segment itself, as it does
 * without a preparer: preparation only ever saves work.
 */
final class SegmentPreparer implements AutoCloseable
{
    private static final System.Logger LOGGER = System.getLogger(SegmentPreparer.class.getName());
    private static final String PREPARED_SUFFIX = ".prepared" + SegmentDescriptor.TEMP_SUFFIX;
    /**
     * How long the thread waits, idle, before looking again: the appender unparks it at every roll, so this is a
     * backstop, not a poll. (Waking every millisecond to look cost a context switch on a core the appender or a
     * reader was spinning on, a thousand times a second.)
     */
    private static final long IDLE_PARK_NS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * The pause between steps of a preparation that is ahead of the appender by {@link #LEAD_FRACTION} of a segment
     * or more. Asked for 20 us, the kernel's timer slack makes it 50 to 100 us: a step takes the core for tens of
     * microseconds and gives it back, so that on two cores with a spinning appender and a spinning reader the
     * preparation never puts both on one core for milliseconds at a slow append rate, while at a fast one it runs
     * flat out whenever it is not that far ahead, and so is never overtaken (the appender would then make the
     * segment itself, stalling for tens of milliseconds).
     */
    private static final long STEP_PAUSE_NS = TimeUnit.MICROSECONDS.toNanos(20);
    /** How far ahead of the appender's filling of its segment a preparation of the next one paces itself. */
    private static final int LEAD_FRACTION = 16;

    private final Path dir;
    private final int segmentLength;
    private final LogAppender appender;
    private final boolean deferDirectoryForce;
    private final AtomicReference<Prepared> ready = new AtomicReference<>();
    private final Thread thread;
    private final IntConsumer pace = this::pauseWhileAhead;
    private volatile boolean running = true;
    private volatile long installed;
    private volatile boolean directoryUnforced;

    /**
     * @param deferDirectoryForce true (with page-cache durability, which promises nothing across a machine
     *                            crash until a flush) to force the directory after a roll on this thread
     *                            rather than the appender's; the appender's flush forces it too.
     */
    SegmentPreparer(
        final Path dir, final int segmentLength, final LogAppender appender, final boolean deferDirectoryForce)
    {
        this.dir = dir;
        this.segmentLength = segmentLength;
        this.appender = appender;
        this.deferDirectoryForce = deferDirectoryForce;
        this.thread = new Thread(this::run, "sluice-segment-preparer-" + dir.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Appender thread: the prepared segment at {@code basePosition} made whole, or null when none is ready
     * (the caller then makes it itself).
     */
    Segment take(final long basePosition, final long baseRecordNumber, final long createdMs) throws IOException
    {
        final Prepared prepared = ready.getAndSet(null);
        LockSupport.unpark(thread);
        if (prepared == null)
        {
            return null;
        }
        if (prepared.basePosition != basePosition)
        {
            discard(prepared);
            return null;
        }
        try
        {
            final Segment segment = Segment.install(
                prepared.file, prepared.mapped, basePosition, baseRecordNumber, createdMs, !deferDirectoryForce);
            directoryUnforced = deferDirectoryForce;
            installed++;
            return segment;
        }
        catch (final IOException | RuntimeException ex)
        {
            discard(prepared);
            throw ex;
        }
    }

    /**
     * Appender thread, after a roll has published the new active segment: look for the next one to make now,
     * rather than at the end of an idle wait.
     */
    void wake()
    {
        LockSupport.unpark(thread);
    }

    /**
     * @return segments the appender took from the preparer instead of making them itself.
     */
    long installed()
    {
        return installed;
    }

    boolean hasPrepared()
    {
        return ready.get() != null;
    }

    /**
     * Stops the thread and deletes a prepared segment nobody took. Called by the log's close, after the
     * last append.
     */
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        BackgroundThread.join(thread);
        final Prepared left = ready.getAndSet(null);
        if (left != null)
        {
            discard(left);
        }
    }

    private void run()
    {
        // the base last attempted, made or not: one attempt per segment, so that on a nearly full disk the preparer
        // does not keep taking the room the appender needs
        long attemptedBase = -1;
        while (running)
        {
            if (directoryUnforced)
            {
                directoryUnforced = false;
                forceDirectory();
            }
            final long wanted = appender.activeBaseAcquire() + segmentLength;
            final Prepared waiting = ready.get();
            if (waiting != null && waiting.basePosition < wanted && ready.compareAndSet(waiting, null))
            {
                // made too late: the appender rolled past it on its own
                discard(waiting);
                continue;
            }
            if (wanted == attemptedBase || waiting != null)
            {
                LockSupport.parkNanos(IDLE_PARK_NS);
                continue;
            }
            final Path file = dir.resolve(String.format("%020d%s", wanted, PREPARED_SUFFIX));
            attemptedBase = wanted;
            try
            {
                final Prepared prepared = new Prepared(wanted, file, Segment.prepare(file, segmentLength, pace));
                if (!running || appender.activeBaseAcquire() >= wanted || !ready.compareAndSet(null, prepared))
                {
                    // the appender rolled past it while it was being made
                    discard(prepared);
                }
            }
            catch (final IOException | RuntimeException ex)
            {
                LOGGER.log(System.Logger.Level.DEBUG, () -> "could not prepare " + file + " ahead of need; the" +
                    " appender will make it when it gets there: " + ex);
            }
        }
    }

    /**
     * Between steps of a preparation: pause while it is {@link #LEAD_FRACTION} of a segment or more ahead of the
     * appender's filling of the active one, else (or when closing) go on at once, so that a fast appender never
     * overtakes it.
     *
     * @param preparedBytes bytes of the next segment made so far.
     */
    private void pauseWhileAhead(final int preparedBytes)
    {
        final long filledBytes = appender.tailPositionAcquire() - appender.activeBaseAcquire();
        if (running && preparedBytes - filledBytes >= segmentLength / LEAD_FRACTION)
        {
            LockSupport.parkNanos(STEP_PAUSE_NS);
        }
    }

    private void forceDirectory()
    {
        try
        {
            Segment.forceDirectory(dir);
        }
        catch (final IOException ex)
        {
            LOGGER.log(System.Logger.Level.WARNING, () -> "could not force " + dir + " after a roll; the next" +
                " flush tries again: " + ex);
        }
    }

    private static void discard(final Prepared prepared)
    {
        IoUtil.unmap(prepared.mapped);
        try
        {
            Files.deleteIfExists(prepared.file);
        }
        catch (final IOException ex)
        {
            // a temporary file: the next open's recovery deletes it
        }
    }

    private static final class Prepared
    {
        final long basePosition;
        final Path file;
        final MappedByteBuffer mapped;

        Prepared(final long basePosition, final Path file, final MappedByteBuffer mapped)
        {
            this.basePosition = basePosition;
            this.file = file;
            this.mapped = mapped;
        }
    }
}

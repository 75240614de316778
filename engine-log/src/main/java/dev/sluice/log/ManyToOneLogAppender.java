package dev.sluice.log;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Appends to one {@link Log} from any number of threads at once, keeping the log's single writer: producers claim
 * room in an in-memory queue (an Agrona {@link ManyToOneRingBuffer}) and write their record into it in place; one
 * drain copies the committed records, in queue order, through the log's {@link LogAppender}. The log's format,
 * checksums and recovery are the single writer's, unchanged.
 *
 * <pre>
 *   producer threads (any number)            drain (one thread)                   log
 *   -----------------------------            ------------------                   ---
 *   tryClaim(length, claim): a CAS on the    drain(limit): each committed record  LogAppender.append:
 *     queue's tail; BACK_PRESSURED when        in queue order, copied into the      framed, CRC32C, length
 *     the queue is full                        log; stops at the first claim not     published last
 *   write into claim.buffer()                  yet committed, and at back pressure
 *   claim.commit() -> queue position           from the log (the record stays
 *     (or append(src, ...) does all three)     queued and is tried again)
 * </pre>
 *
 * <ul>
 *   <li><b>Accepted</b>: an append or commit that returns a queue position (a positive number, rising in queue
 *       order) has put the record in the queue, and the drain appends it to the log.</li>
 *   <li><b>Visible and durable</b>: once {@link #appendedQueuePosition()} is at or past that queue position, the
 *       record is in the log, seen by its readers, and as durable as {@link LogConfig#durability()} makes any
 *       append.</li>
 *   <li><b>Back pressure</b> is a return value: {@link #BACK_PRESSURED} when the queue has no room, with nothing
 *       written; {@link #backPressureReason()} says whether the log refuses appends (e.g. "no space left on DIR")
 *       or the drain is merely behind.</li>
 *   <li><b>Order</b>: one thread's records reach the log in the order its claims were made; records of different
 *       threads in the order of their claims in the queue. A claim not yet committed holds back the records claimed
 *       after it, so commit or abort a claim promptly.</li>
 *   <li><b>Closing</b> ({@link #close(long)}) refuses new appends ({@link #CLOSED}) and appends everything queued,
 *       waiting for open claims to be committed or aborted, before it returns. A producer whose commit meets the
 *       close is told exactly whether its record made it in: its queue position if it is in the log,
 *       {@link #CLOSED} if not. Nothing accepted is lost silently: when the log refuses the queued records until the
 *       timeout (a full disk) or a claim stays open, close throws a {@link LogException} that counts the records
 *       left and says why, and {@link #appendedQueuePosition()} tells each producer which of its records are in the
 *       log.</li>
 * </ul>
 *
 * <p>Threads: {@link #tryClaim} and {@link #append} from any thread, each {@link ManyToOneLogClaim} in one thread
 * at a time; {@link #drain} from one thread, or none when the appender has its own drain thread
 * ({@link #startDrainThread}). While this appender is open it is the log's one appender (a log takes one at a time):
 * nothing else may append through {@link Log#appender()}, and {@link Log#flush()}, which forces through that
 * appender, belongs after close (for appends forced as they go, choose {@link LogConfig#durability()}). Closing the
 * log closes this appender first.
 * Producers allocate nothing and take no lock; the drain allocates nothing.
 */
public final class ManyToOneLogAppender implements AutoCloseable
{
    /** The queue has no room for the record; nothing was written, try again ({@link #backPressureReason()}). */
    public static final long BACK_PRESSURED = LogAppender.BACK_PRESSURED;
    /** The appender is closed; nothing was accepted. */
    public static final long CLOSED = LogAppender.CLOSED;
    /** The smallest queue, in bytes; its largest record is an eighth of it. */
    public static final int MIN_QUEUE_CAPACITY = 1024;
    /** How long {@link #close()} waits for queued records to go into the log. */
    public static final long DEFAULT_CLOSE_TIMEOUT_MS = 10_000;

    private static final System.Logger LOGGER = System.getLogger(ManyToOneLogAppender.class.getName());
    private static final int MAX_QUEUE_CAPACITY = 1 << 30;
    private static final int RECORD_TYPE_ID = 1;
    /** The queue's own record header and alignment (Agrona's, not this log's {@link RecordDescriptor}). */
    private static final int QUEUE_HEADER_LENGTH = org.agrona.concurrent.ringbuffer.RecordDescriptor.HEADER_LENGTH;
    private static final int QUEUE_ALIGNMENT = org.agrona.concurrent.ringbuffer.RecordDescriptor.ALIGNMENT;
    private static final int QUEUE_LENGTH_OFFSET = org.agrona.concurrent.ringbuffer.RecordDescriptor.lengthOffset(0);
    private static final int QUEUE_TYPE_OFFSET = org.agrona.concurrent.ringbuffer.RecordDescriptor.typeOffset(0);
    /** Records a drain thread appends between looks at whether it should stop. */
    private static final int DRAIN_THREAD_LIMIT = 1024;
    private static final long NOT_CLOSED = -1;
    private static final long CLOSE_IDLE_NS = 100_000;
    private static final long MIN_REFUSED_PARK_NS = 1_000_000;
    private static final long MAX_REFUSED_PARK_NS = 100_000_000;

    private final Log log;
    private final LogAppender appender;
    private final ManyToOneRingBuffer queue;
    private final UnsafeBuffer queueBuffer;
    private final int mask;
    private final int maxRecordLength;
    private final Drain drain = new Drain();
    private final Thread drainThread;
    private final IdleStrategy idleStrategy;

    private volatile boolean closed;
    /** Set once by close: the queue position up to which records went into the log. */
    private volatile long appendedOnClose = NOT_CLOSED;
    private volatile boolean drainThreadRunning = true;
    private volatile LogException backPressureReason;

    private ManyToOneLogAppender(final Log log, final int queueCapacity, final IdleStrategy idleStrategy)
    {
        if (queueCapacity < MIN_QUEUE_CAPACITY || queueCapacity > MAX_QUEUE_CAPACITY ||
            !BitUtil.isPowerOfTwo(queueCapacity))
        {
            throw new IllegalArgumentException("queueCapacity " + queueCapacity + " is not a power of two from " +
                MIN_QUEUE_CAPACITY + " to " + MAX_QUEUE_CAPACITY + "; the largest record is an eighth of it, e.g. " +
                (1 << 20) + " for records up to " + (1 << 17) + " bytes");
        }
        this.log = log;
        this.appender = log.appender();
        this.queueBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            queueCapacity + RingBufferDescriptor.TRAILER_LENGTH, BitUtil.CACHE_LINE_LENGTH));
        this.queue = new ManyToOneRingBuffer(queueBuffer);
        this.mask = queueCapacity - 1;
        this.maxRecordLength = Math.min(log.config().maxRecordLength(), queue.maxMsgLength());
        this.idleStrategy = idleStrategy;
        log.attach(this);
        if (idleStrategy == null)
        {
            drainThread = null;
        }
        else
        {
            drainThread = new Thread(this::runDrainThread, "sluice-log-drain-" + log.directory().getFileName());
            drainThread.setDaemon(true);
            drainThread.start();
        }
    }

    /**
     * An appender drained by its caller: one thread calls {@link #drain} (e.g. in the duty cycle of the thread that
     * owned the log's appender) and then {@link #close}.
     *
     * @param log           a log opened for writing; this appender becomes its one appender until closed.
     * @param queueCapacity bytes of queue, a power of two; records up to an eighth of it (and the log's maximum).
     */
    public static ManyToOneLogAppender drainedByCaller(final Log log, final int queueCapacity)
    {
        return new ManyToOneLogAppender(Objects.requireNonNull(log, "log"), queueCapacity, null);
    }

    /**
     * An appender with a drain thread of its own (a daemon), which waits with {@code idleStrategy} while the queue
     * is empty or the log refuses appends, and stops on {@link #close}. Close from any thread.
     *
     * @param log           a log opened for writing; this appender becomes its one appender until closed.
     * @param queueCapacity bytes of queue, a power of two; records up to an eighth of it (and the log's maximum).
     * @param idleStrategy  e.g. Agrona's {@code BackoffIdleStrategy} (latency of a quiet queue up to its longest
     *                      park) or {@code BusySpinIdleStrategy} (a core of its own).
     */
    public static ManyToOneLogAppender startDrainThread(
        final Log log, final int queueCapacity, final IdleStrategy idleStrategy)
    {
        return new ManyToOneLogAppender(Objects.requireNonNull(log, "log"), queueCapacity,
            Objects.requireNonNull(idleStrategy, "idleStrategy"));
    }

    /**
     * Claims room in the queue for a record of {@code length} bytes, to be written in place through {@code claim}
     * and then {@link ManyToOneLogClaim#commit() committed} or {@link ManyToOneLogClaim#abort() aborted}. Any
     * thread; {@code claim} belongs to the calling thread until then.
     *
     * @return the queue position the record will have (see {@link #appendedQueuePosition()}), or
     * {@link #BACK_PRESSURED} or {@link #CLOSED}.
     * @throws IllegalArgumentException when {@code length} is negative or over {@link #maxRecordLength()}.
     * @throws IllegalStateException    when {@code claim} still holds a claim: a claim left open would hold the
     *                                  queue back for ever.
     */
    public long tryClaim(final int length, final ManyToOneLogClaim claim)
    {
        if (claim.isActive())
        {
            throw new IllegalStateException("the claim still holds room claimed before: commit or abort it first");
        }
        final int index = claimIndex(length);
        if (index < 0)
        {
            return index;
        }
        final long queuePosition = queuePositionOfClaim(index, length);
        claim.wrap(this, queueBuffer, index, length, queuePosition);
        return queuePosition;
    }

    /**
     * Copies a record into the queue. Any thread.
     *
     * @return its queue position once accepted (see {@link #appendedQueuePosition()}), or {@link #BACK_PRESSURED}
     * or {@link #CLOSED}.
     * @throws IllegalArgumentException when {@code length} is negative or over {@link #maxRecordLength()}.
     */
    public long append(final DirectBuffer src, final int offset, final int length)
    {
        final int index = claimIndex(length);
        if (index < 0)
        {
            return index;
        }
        final long queuePosition = queuePositionOfClaim(index, length);
        try
        {
            queueBuffer.putBytes(index, src, offset, length);
        }
        catch (final RuntimeException ex)
        {
            // src is shorter than offset + length: an open claim would hold the queue back for ever
            queue.abort(index);
            throw ex;
        }
        return commitClaim(index, queuePosition);
    }

    /**
     * @return the queue position up to which records are in the log: an append that returned {@code p} is visible
     * to the log's readers once this is {@code >= p}. After close, the records above it were not appended. Any
     * thread.
     */
    public long appendedQueuePosition()
    {
        final long onClose = appendedOnClose;
        return onClose != NOT_CLOSED ? onClose : queue.consumerPosition();
    }

    /**
     * Why appends are {@link #BACK_PRESSURED} beyond a busy drain: the log's refusal the drain met last (e.g. "no
     * space left on DIR: N bytes needed ..." from {@link LogAppender#rollFailure()}, or a failure to force), or
     * null once it appended again. Null while the queue is full means the drain is behind. Any thread.
     */
    public LogException backPressureReason()
    {
        return backPressureReason;
    }

    /**
     * @return the largest record, in bytes: the log's maximum or an eighth of the queue, whichever is less.
     */
    public int maxRecordLength()
    {
        return maxRecordLength;
    }

    /**
     * @return the log this appender appends to.
     */
    public Log log()
    {
        return log;
    }

    /**
     * Appends committed records from the queue to the log, in queue order, up to the first claim not yet committed
     * or the first record the log refuses. The draining thread only; not allowed when the appender has its own
     * drain thread.
     *
     * @param limit the most records to append.
     * @return records appended.
     * @throws LogException when the log failed (other than by back pressure); the record stays queued.
     */
    public int drain(final int limit)
    {
        if (drainThread != null)
        {
            throw new IllegalStateException("this appender drains on its own thread " + drainThread.getName() +
                ": make it with drainedByCaller to drain from the application");
        }
        if (closed)
        {
            return 0;
        }
        return drainQueue(limit);
    }

    /**
     * Closes with {@link #DEFAULT_CLOSE_TIMEOUT_MS}; see {@link #close(long)}.
     */
    public void close()
    {
        close(DEFAULT_CLOSE_TIMEOUT_MS);
    }

    /**
     * Refuses new appends, stops the drain thread if there is one, and appends everything queued, waiting for open
     * claims to be committed or aborted. The draining thread (any thread with a drain thread). The log stays open:
     * close it after this.
     *
     * @param timeoutMs how long to wait for queued records the log refuses (a full disk) or for open claims.
     * @throws LogException when records accepted into the queue could not be appended by then: how many, and why.
     */
    public synchronized void close(final long timeoutMs)
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (drainThread != null)
        {
            drainThreadRunning = false;
            LockSupport.unpark(drainThread);
            BackgroundThread.join(drainThread);
        }
        final long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
        long head = queue.consumerPosition();
        long tail = queue.producerPosition();
        RuntimeException failure = null;
        long parkNs = 0;
        try
        {
            while (head != tail)
            {
                int appended = 0;
                try
                {
                    appended = drainQueue(Integer.MAX_VALUE);
                }
                catch (final RuntimeException ex)
                {
                    failure = ex;
                }
                head = queue.consumerPosition();
                tail = queue.producerPosition();
                final long leftNs = deadlineNs - System.nanoTime();
                if (head == tail || leftNs <= 0)
                {
                    break;
                }
                if (appended == 0)
                {
                    // an open claim is worth a short wait; a log that refuses, a longer one
                    parkNs = drain.refused ? nextRefusedParkNs(parkNs) : CLOSE_IDLE_NS;
                    LockSupport.parkNanos(Math.min(parkNs, leftNs));
                }
            }
        }
        finally
        {
            // producers whose commit met the close wait for this to learn whether their record went in
            appendedOnClose = queue.consumerPosition();
            log.detach(this);
        }
        if (head != tail)
        {
            throw leftInQueue(head, tail, timeoutMs, failure);
        }
    }

    public boolean isClosed()
    {
        return closed;
    }

    public String toString()
    {
        return "ManyToOneLogAppender{" + log.directory() + ", queueCapacity=" + queue.capacity() +
            ", appended=" + appendedQueuePosition() + ", queued=" + queue.producerPosition() + '}';
    }

    // ---------------------------------------------------------------------------------------------

    long commitClaim(final int index, final long queuePosition)
    {
        queue.commit(index);
        // commit, then look at closed, with a full fence between: either close() sees this record committed and
        // appends it before it finishes, or this thread sees closed and learns from close whether it went in
        VarHandle.fullFence();
        if (!closed)
        {
            return queuePosition;
        }
        long onClose;
        while ((onClose = appendedOnClose) == NOT_CLOSED)
        {
            Thread.yield();
        }
        return queuePosition <= onClose ? queuePosition : CLOSED;
    }

    void abortClaim(final int index)
    {
        queue.abort(index);
    }

    private int claimIndex(final int length)
    {
        if (closed)
        {
            return (int)CLOSED;
        }
        if (length < 0 || length > maxRecordLength)
        {
            throw new IllegalArgumentException("record length " + length + " is outside 0.." + maxRecordLength +
                " (the least of the log's maxRecordLength " + log.config().maxRecordLength() + " and an eighth of" +
                " the queue's " + queue.capacity() + " bytes); raise the one that binds, or split the record");
        }
        final int index = queue.tryClaim(RECORD_TYPE_ID, length);
        return index < 0 ? (int)BACK_PRESSURED : index;
    }

    /**
     * The queue position just past the claimed record at {@code index}. The claim holds the queue's head at or
     * before the record, and the tail is never more than the capacity past the head, so the tail read now is less
     * than a capacity past the record's end: the end is the position below the tail with the end's index.
     */
    private long queuePositionOfClaim(final int index, final int length)
    {
        final long tail = queue.producerPosition();
        final int endIndex = index - QUEUE_HEADER_LENGTH + BitUtil.align(length + QUEUE_HEADER_LENGTH, QUEUE_ALIGNMENT);
        return tail - ((tail - endIndex) & mask);
    }

    private int drainQueue(final int limit)
    {
        final int appended = queue.controlledRead(drain, limit);
        final RuntimeException failure = drain.failure;
        if (failure != null)
        {
            drain.failure = null;
            throw failure;
        }
        return appended;
    }

    private void runDrainThread()
    {
        long refusedParkNs = 0;
        while (drainThreadRunning)
        {
            int appended = 0;
            try
            {
                appended = drainQueue(DRAIN_THREAD_LIMIT);
            }
            catch (final RuntimeException ex)
            {
                // the record stays queued and the reason is published; go on trying, as under back pressure
                LOGGER.log(System.Logger.Level.WARNING, "log " + log.directory() + ": drain failed: " + ex, ex);
            }
            if (appended == 0 && drain.refused)
            {
                // each try of a log that refuses makes it try a segment again, and log why: try less and less often
                refusedParkNs = nextRefusedParkNs(refusedParkNs);
                LockSupport.parkNanos(refusedParkNs);
            }
            else
            {
                refusedParkNs = 0;
                idleStrategy.idle(appended);
            }
        }
    }

    private static long nextRefusedParkNs(final long parkNs)
    {
        return Math.min(Math.max(2 * parkNs, MIN_REFUSED_PARK_NS), MAX_REFUSED_PARK_NS);
    }

    private LogException leftInQueue(final long head, final long tail, final long timeoutMs,
        final RuntimeException failure)
    {
        int committed = 0;
        int open = 0;
        long position = head;
        while (position < tail)
        {
            final int index = (int)position & mask;
            final int length = queueBuffer.getIntVolatile(index + QUEUE_LENGTH_OFFSET);
            if (length == 0)
            {
                // claimed, its header not written yet: nothing after it can be walked
                open++;
                break;
            }
            if (length < 0)
            {
                open++;
            }
            else if (queueBuffer.getInt(index + QUEUE_TYPE_OFFSET) != RingBuffer.PADDING_MSG_TYPE_ID)
            {
                committed++;
            }
            position += BitUtil.align(Math.abs(length), QUEUE_ALIGNMENT);
        }
        final LogException reason = failure instanceof LogException ? (LogException)failure : backPressureReason;
        final Throwable cause = failure != null ? failure : reason;
        return new LogException("closed with up to " + committed + " queued records not appended to the log " +
            log.directory() + " (queue positions " + head + ".." + tail + ")" +
            (open > 0 ? " and " + open + " claims neither committed nor aborted" : "") + " after " + timeoutMs +
            " ms: " + (reason != null ? reason.getMessage() : open > 0 ? "a claim held the queue back" :
            String.valueOf(failure)) + "; appends that returned a queue position above " + head + " are not in the" +
            " log, those that returned CLOSED were never accepted", cause);
    }

    /**
     * Copies one record from the queue into the log; back pressure or a failure leaves it queued (ABORT).
     */
    private final class Drain implements ControlledMessageHandler
    {
        RuntimeException failure;
        /** The log refused the last record tried (back pressure or a failure), and said why. */
        boolean refused;

        public Action onMessage(
            final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            final long position;
            try
            {
                position = appender.append(buffer, index, length);
            }
            catch (final RuntimeException ex)
            {
                failure = ex;
                publishReason(ex instanceof LogException ? (LogException)ex :
                    new LogException("appending a queued record to " + log.directory() + " failed: " + ex, ex));
                return Action.ABORT;
            }
            if (position >= 0)
            {
                if (refused)
                {
                    refused = false;
                    backPressureReason = null;
                }
                return Action.CONTINUE;
            }
            if (position == LogAppender.CLOSED)
            {
                publishReason(new LogException("the appender of the log " + log.directory() + " was closed with" +
                    " records queued for it"));
            }
            else
            {
                final LogException rollFailure = appender.rollFailure();
                publishReason(rollFailure != null ? rollFailure :
                    new LogException("the log " + log.directory() + " is back pressured"));
            }
            return Action.ABORT;
        }

        private void publishReason(final LogException reason)
        {
            refused = true;
            backPressureReason = reason;
        }
    }
}

package dev.sluice.core.internal.parallel;

import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.core.function.Codec;
import dev.sluice.core.function.Emitter;
import dev.sluice.core.function.EventTimeFunction;
import dev.sluice.core.function.KeyFunction;
import dev.sluice.core.function.RecordErrorHandler;
import dev.sluice.core.function.Transform;
import dev.sluice.core.internal.KeyDictionary;
import dev.sluice.core.internal.KeyedWindowOperator;
import dev.sluice.core.internal.Stages;
import dev.sluice.core.internal.WatermarkTracker;
import dev.sluice.core.source.SourceReader;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.log.KeyGroups;
import dev.sluice.log.RecordDescriptor;
import dev.sluice.log.RecordHandler;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.sluice.core.internal.parallel.ExchangeDescriptor.*;

/**
 * One worker of a parallel job: the single writer of the window state of its key groups, and the reader of some of
 * the job's inputs. Per duty cycle, on its own thread:
 * <pre>
 *   checkpoint asked for (by the sink thread or a barrier)? take this worker's part (below)
 *   drain the queues from the other workers: records of this worker's keys, watermarks, barriers
 *   read this worker's inputs: decode, stages, then per event
 *       its input's watermark tracker is fed (every event: the watermark is the input's)
 *       its key's owner: this worker -> into the window operator
 *                        another     -> the record goes to that worker's queue (once per record and worker)
 *   tell the others each input's new watermark, idleness or end; fire what the combined watermark passed
 * </pre>
 * Each record is judged late against the watermark of its input before it (carried with it to the owner), so
 * lateness depends on the input alone and is the same at any parallelism; windows fire at the minimum over the
 * inputs ({@link InputWatermarks}). The receiving worker decodes a record again and keeps the events of its keys.
 * <p>
 * Back pressure: a full queue to another worker makes this one wait, draining its own queues meanwhile (so two
 * workers sending to each other always make progress), and its reading stops: memory stays at the queues' capacity.
 * <p>
 * A checkpoint, aligned: this worker tells every other its inputs' watermarks and sends each a barrier, then drains
 * the other queues, each up to its barrier, so that everything sent before the barriers is in its state, fires what
 * the (now agreed) watermark passed, writes its part (its inputs' positions and trackers, its operator and keys) into
 * its snapshot buffer, marks its result queue, and waits until every worker's part is in before it reads on.
 * <p>
 * Not thread-safe: everything here belongs to the worker's thread, but {@link #requestReport()} and the published
 * values ({@link #publishedReport()}, {@link #recordsInPublished()}, {@link #snapshot()} after its marker).
 */
public final class ParallelWorker implements Runnable
{
    public static final int BATCH = 0;
    public static final int MICRO_BATCH = 1;
    public static final int STREAMING = 2;

    /** Most messages read from one other worker's queue per drain. */
    private static final int INBOUND_LIMIT = 1024;
    /** Records read per input between two drains of the queues, in BATCH. */
    private static final int BATCH_CHUNK = 4096;

    /**
     * This worker's own instances of the pipeline's parts (codecs and user functions are not thread-safe).
     *
     * @param codec        decodes records.
     * @param transforms   the stages between the codec and the key.
     * @param routingKey   the key id of an event (the operator's key function).
     * @param eventTime    the event time of an event.
     * @param strategy     the watermark strategy, for the trackers of this worker's inputs.
     * @param errorHandler decides about records that fail to decode or process.
     * @param operator     the window operator, planned with {@link ResultChannelSink} as its sink.
     * @param keys         the key dictionary of a pipeline keyed by a value type, or null.
     * @param latencyNs    the histogram the operator records result latency into.
     */
    public record Parts(
        Codec<Object> codec,
        List<Transform> transforms,
        KeyFunction<Object> routingKey,
        EventTimeFunction<Object> eventTime,
        WatermarkStrategy<Object> strategy,
        RecordErrorHandler errorHandler,
        KeyedWindowOperator<Object> operator,
        KeyDictionary<Object> keys,
        Histogram latencyNs)
    {
    }

    /**
     * How the job runs.
     *
     * @param mode               {@link #BATCH}, {@link #MICRO_BATCH} or {@link #STREAMING}.
     * @param pollLimit          most records per input and duty cycle in STREAMING.
     * @param batchLimit         most records per input and micro-batch.
     * @param triggerIntervalNs  processing time between micro-batches (0: as soon as one is done).
     * @param perRecordWatermark true when STREAMING publishes the watermark after every record.
     * @param earlyResultsTimed  true when early results are due by processing time.
     * @param clock              processing time.
     */
    public record Settings(
        int mode,
        int pollLimit,
        int batchLimit,
        long triggerIntervalNs,
        boolean perRecordWatermark,
        boolean earlyResultsTimed,
        NanoClock clock)
    {
    }

    /**
     * What a worker did, published for other threads.
     */
    public record Report(
        long recordsIn,
        long recordsSkipped,
        long lastErrorPosition,
        long batches,
        long eventsIn,
        long eventsLate,
        long eventsLateAccepted,
        long windowsFired,
        long resultsEmitted,
        long updatesEmitted,
        long watermark,
        long lagRecords,
        long lagBytes,
        long position,
        int openWindows,
        long recordsSent,
        long blockedSends,
        long blockedResultWrites,
        Histogram latencyNs)
    {
    }

    private final int index;
    private final int workers;
    private final int keyGroups;
    /** The worker of each key group: a lookup per event where {@link KeyGroups#ownerOf} divides. */
    private final int[] ownerOfKeyGroup;
    private final int mode;
    private final ParallelControl control;
    private final IdleStrategy idle;
    private final NanoClock clock;

    private final Codec<Object> codec;
    private final KeyFunction<Object> routingKey;
    private final EventTimeFunction<Object> eventTime;
    private final WatermarkStrategy<Object> strategy;
    private final RecordErrorHandler errorHandler;
    private final KeyedWindowOperator<Object> operator;
    private final KeyDictionary<Object> keys;
    private final Histogram latencyNs;
    private final Emitter<Object> readerHead;
    private final Emitter<Object> receiverHead;
    private final boolean perRecordWatermark;
    private final boolean earlyResultsTimed;
    private final int pollLimit;
    private final int batchLimit;
    private final long triggerIntervalNs;

    private final List<InputSplit> ownInputs = new ArrayList<>();
    private InputSplit[] inputs = new InputSplit[0];
    private final InputWatermarks watermarks;

    private final OneToOneRingBuffer[] outbound;
    private final OneToOneRingBuffer[] inbound;
    private final ResultChannelSink results;
    private final ReaderHandler readerHandler = new ReaderHandler();
    private final InboundHandler inboundHandler = new InboundHandler();
    private final boolean[] barrierSeen;
    private int barriersSeen;
    private long barrierId;
    private long lastCheckpointId;
    /** This worker's part of the checkpoint asked for last; rewritten only when the next one is asked for. */
    private final StateOutput snapshot = new StateOutput(1 << 16);
    /** This worker's part of the final checkpoint, written once when it is done (a checkpoint may be read meanwhile). */
    private final StateOutput finalPart = new StateOutput(1 << 16);

    /** The input being read, and the other workers the current record goes to (a bit each). */
    private InputSplit current;
    private long routeMask;
    /**
     * What the operator feeds event times to while it takes records another worker read: nothing reads it (their
     * input's watermark is that worker's to keep).
     */
    private final WatermarkTracker<Object> receivedTimes;

    private long recordsIn;
    private long recordsSkipped;
    private long lastErrorPosition = -1;
    private long batches;
    private long recordsSent;
    private long blockedSends;
    private boolean done;
    private boolean triggered;
    private long lastTriggerNs;

    private volatile long recordsInPublished;
    private volatile boolean reportRequested;
    private volatile Report published;
    private volatile boolean drainRequested;

    /**
     * @param index       this worker, 0 .. workers - 1.
     * @param workers     the job's parallelism.
     * @param keyGroups   the key groups the workers' key ranges are cut from.
     * @param inputCount  the job's inputs.
     * @param parts       this worker's instances of the pipeline's parts.
     * @param settings    how the job runs.
     * @param control     the job's control.
     * @param idle        what this worker does when it finds no work, or waits.
     * @param outbound    queues to the other workers, by worker (null at this worker's index).
     * @param inbound     queues from the other workers, by worker (null at this worker's index).
     * @param results     the sink of {@code parts.operator()}: this worker's result queue.
     */
    public ParallelWorker(
        final int index,
        final int workers,
        final int keyGroups,
        final int inputCount,
        final Parts parts,
        final Settings settings,
        final ParallelControl control,
        final IdleStrategy idle,
        final OneToOneRingBuffer[] outbound,
        final OneToOneRingBuffer[] inbound,
        final ResultChannelSink results)
    {
        if (workers > Long.SIZE)
        {
            throw new IllegalArgumentException("parallelism " + workers + " is over " + Long.SIZE);
        }
        this.index = index;
        this.workers = workers;
        this.keyGroups = keyGroups;
        this.ownerOfKeyGroup = new int[keyGroups];
        for (int group = 0; group < keyGroups; group++)
        {
            ownerOfKeyGroup[group] = KeyGroups.ownerOf(group, keyGroups, workers);
        }
        this.mode = settings.mode();
        this.control = control;
        this.idle = idle;
        this.clock = settings.clock();
        this.codec = parts.codec();
        this.routingKey = parts.routingKey();
        this.eventTime = parts.eventTime();
        this.strategy = parts.strategy();
        this.errorHandler = parts.errorHandler();
        this.operator = parts.operator();
        this.keys = parts.keys();
        this.latencyNs = parts.latencyNs();
        this.perRecordWatermark = settings.perRecordWatermark();
        this.earlyResultsTimed = settings.earlyResultsTimed();
        this.pollLimit = settings.pollLimit();
        this.batchLimit = settings.batchLimit();
        this.triggerIntervalNs = settings.triggerIntervalNs();
        this.watermarks = new InputWatermarks(inputCount);
        this.receivedTimes = new WatermarkTracker<>(strategy, clock);
        this.outbound = outbound;
        this.inbound = inbound;
        this.results = results;
        this.barrierSeen = new boolean[workers];
        // one worker owns every key: the chain ends in the operator itself, as a job on one thread's does
        Emitter<Object> toRouter = workers == 1 ? parts.operator() : new Router();
        Emitter<Object> toOwner = new OwnerFilter();
        final List<Transform> transforms = parts.transforms();
        for (int i = transforms.size() - 1; i >= 0; i--)
        {
            toRouter = Stages.link(transforms.get(i), toRouter);
            toOwner = Stages.link(transforms.get(i), toOwner);
        }
        this.readerHead = toRouter;
        this.receiverHead = toOwner;
    }

    /**
     * Makes {@code input} one of this worker's to read. Before the worker starts.
     */
    public void addInput(final int input, final SourceReader reader)
    {
        final InputSplit split = new InputSplit(input, reader, new WatermarkTracker<>(strategy, clock),
            strategy.idleTimeoutNs(), clock.nanoTime());
        ownInputs.add(split);
        inputs = ownInputs.toArray(new InputSplit[0]);
    }

    /**
     * @return the reader of one of this worker's inputs, or null when another worker reads it.
     */
    public SourceReader reader(final int input)
    {
        final InputSplit split = split(input);
        return null == split ? null : split.reader;
    }

    /**
     * Restores one of this worker's inputs from a checkpoint (position, record number, tracker, flags), and what
     * every worker knows of its watermark. Before the workers start.
     *
     * @param in positioned after the input's index, at what {@link InputSplit#snapshot} wrote next.
     */
    public void restoreInput(final int input, final dev.sluice.core.checkpoint.StateInput in)
    {
        split(input).restore(in);
    }

    /**
     * Sets what this worker knows of an input's watermark from a restored checkpoint. Before the workers start.
     */
    public void restoreInputWatermark(final int input, final long watermark, final boolean idle, final boolean ended)
    {
        watermarks.onWatermark(input, watermark,
            (idle ? FLAG_IDLE : 0) | (ended ? FLAG_ENDED : 0));
        final InputSplit split = split(input);
        if (null != split)
        {
            split.sentWatermark = split.watermark();
            split.sentFlags = split.flags();
        }
    }

    /**
     * Tells every worker (this one included) the watermark and flags of one of this worker's inputs as restored.
     * Before the workers start.
     */
    public void shareInputWatermark(final int input, final ParallelWorker[] all)
    {
        final InputSplit split = split(input);
        for (final ParallelWorker worker : all)
        {
            worker.restoreInputWatermark(input, split.watermark(), split.idle, split.ended);
        }
    }

    /**
     * Marks this worker finished: restored from a checkpoint of a job that was done.
     */
    public void restoreDone()
    {
        done = true;
    }

    public KeyedWindowOperator<Object> operator()
    {
        return operator;
    }

    public KeyDictionary<Object> keys()
    {
        return keys;
    }

    public int index()
    {
        return index;
    }

    public void run()
    {
        try
        {
            while (!control.isStopRequested())
            {
                idle.idle(doWork());
            }
        }
        catch (final ParallelControl.StoppedException ex)
        {
            // stopped while waiting for a queue or a checkpoint: end quietly
        }
        catch (final Throwable ex)
        {
            control.fail(ex);
        }
        finally
        {
            published = report();
        }
    }

    /**
     * One duty cycle.
     *
     * @return work done: messages and records handled.
     */
    public int doWork()
    {
        final long requested = Math.max(control.requestedCheckpointId(), barrierId);
        if (requested > lastCheckpointId)
        {
            takeCheckpoint(requested);
        }
        int work = drainInbound();
        if (!done)
        {
            switch (mode)
            {
                case BATCH:
                    work += readBatch();
                    break;
                case MICRO_BATCH:
                    work += readMicroBatch();
                    break;
                default:
                    work += readStreaming();
                    break;
            }
            if (mode != BATCH)
            {
                advanceOperator();
                operator.flushUpdates();
                if (earlyResultsTimed)
                {
                    operator.emitEarlyResultsIfDue(clock.nanoTime());
                }
            }
            if (watermarks.allEnded())
            {
                finish();
            }
        }
        recordsInPublished = recordsIn;
        if (reportRequested)
        {
            reportRequested = false;
            published = report();
        }
        return work;
    }

    /**
     * End of input for inputs that have none (a log's tail): at its next duty cycle this worker takes its inputs as
     * ended where they are, as a bounded input ends. Any thread.
     */
    public void requestDrain()
    {
        drainRequested = true;
    }

    /**
     * Asks for a fresh {@link #publishedReport()} after the current duty cycle. Any thread.
     */
    public void requestReport()
    {
        reportRequested = true;
    }

    /**
     * @return the report published last (after a requested duty cycle, and when the thread ends). Any thread.
     */
    public Report publishedReport()
    {
        return published;
    }

    /**
     * @return records read so far, as of the last duty cycle. Any thread.
     */
    public long recordsInPublished()
    {
        return recordsInPublished;
    }

    /**
     * @return this worker's part of the checkpoint asked for last: read by the sink thread after the marker that
     * announced it, until it asks for the next one.
     */
    public StateOutput snapshot()
    {
        return snapshot;
    }

    /**
     * @return this worker's part of the final checkpoint: read by the sink thread after the DONE marker.
     */
    public StateOutput finalPart()
    {
        return finalPart;
    }

    /**
     * @return true once every input ended and every window fired (worker thread, or after it ended).
     */
    public boolean isDone()
    {
        return done;
    }

    /**
     * @return what this worker did; its thread (or after it ended).
     */
    public Report report()
    {
        long lagRecords = 0;
        long lagBytes = 0;
        for (final InputSplit split : inputs)
        {
            lagRecords += split.reader.lagRecords();
            lagBytes += split.reader.lagBytes();
        }
        return new Report(recordsIn, recordsSkipped, lastErrorPosition, batches, operator.eventsIn(),
            operator.eventsLate(), operator.eventsLateAccepted(), operator.windowsFired(), operator.resultsEmitted(),
            operator.updatesEmitted(), operator.watermark(), lagRecords, lagBytes,
            inputs.length == 0 ? -1 : inputs[0].reader.position(), operator.openWindows(),
            recordsSent, blockedSends, results.blockedWrites(), latencyNs.copy());
    }

    /**
     * Closes the readers of this worker's inputs.
     */
    public void closeInputs()
    {
        for (final InputSplit split : inputs)
        {
            split.reader.close();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // reading this worker's inputs

    private int readStreaming()
    {
        int total = 0;
        for (final InputSplit split : inputs)
        {
            if (select(split))
            {
                final int n = split.reader.poll(readerHandler, pollLimit);
                total += n;
                afterRead(split, n, clock.nanoTime(), false);
            }
        }
        return total;
    }

    private int readMicroBatch()
    {
        final long now = clock.nanoTime();
        if (triggered && triggerIntervalNs > 0 && now - lastTriggerNs < triggerIntervalNs)
        {
            return 0;
        }
        triggered = true;
        lastTriggerNs = now;
        int total = 0;
        for (final InputSplit split : inputs)
        {
            if (select(split))
            {
                int taken = 0;
                int n;
                // everything new, up to the batch limit; every record is judged against the watermark of the batch
                // start
                while (taken < batchLimit && (n = split.reader.poll(readerHandler, batchLimit - taken)) > 0)
                {
                    taken += n;
                }
                total += taken;
                afterRead(split, taken, now, true);
            }
        }
        if (total > 0)
        {
            batches++;
        }
        return total;
    }

    private int readBatch()
    {
        int total = 0;
        for (final InputSplit split : inputs)
        {
            if (select(split))
            {
                total += split.reader.poll(readerHandler, BATCH_CHUNK);
                endIfDone(split);
                publishInput(split);
            }
        }
        return total;
    }

    /**
     * Makes {@code split} the input being read, unless it ended.
     *
     * @return false when it ended.
     */
    private boolean select(final InputSplit split)
    {
        if (split.ended)
        {
            return false;
        }
        current = split;
        operator.feedEventTimesTo(split.tracker);
        return true;
    }

    /**
     * After reading an input: its activity or idleness, its watermark (at once after a micro-batch, else as its
     * strategy emits), its end, and what the other workers are told of it.
     */
    private void afterRead(final InputSplit split, final int records, final long nowNs, final boolean microBatch)
    {
        if (records > 0)
        {
            split.tracker.onActivity();
            split.onActivity(nowNs);
            if (microBatch)
            {
                split.tracker.advance();
            }
            else if (!perRecordWatermark)
            {
                split.tracker.tryAdvance();
            }
        }
        else
        {
            split.tracker.onIdle();
            split.onNothingNew(nowNs);
        }
        endIfDone(split);
        publishInput(split);
    }

    private void endIfDone(final InputSplit split)
    {
        if (split.reader.isEndOfInput() || drainRequested)
        {
            split.ended = true;
        }
    }

    /**
     * Tells every worker, this one included, an input's watermark and flags when they changed.
     */
    private void publishInput(final InputSplit split)
    {
        final long watermark = split.watermark();
        final int flags = split.flags();
        if (watermark == split.sentWatermark && flags == split.sentFlags)
        {
            return;
        }
        split.sentWatermark = watermark;
        split.sentFlags = flags;
        for (int w = 0; w < workers; w++)
        {
            if (w != index)
            {
                final OneToOneRingBuffer out = outbound[w];
                final int at = claim(out, WATERMARK, WATERMARK_LENGTH);
                final MutableDirectBuffer buffer = out.buffer();
                buffer.putInt(at + WATERMARK_INPUT_OFFSET, split.index);
                buffer.putInt(at + WATERMARK_FLAGS_OFFSET, flags);
                buffer.putLong(at + WATERMARK_VALUE_OFFSET, watermark);
                out.commit(at);
            }
        }
        if (watermarks.onWatermark(split.index, watermark, flags))
        {
            advanceOperator();
        }
    }

    private void finish()
    {
        operator.fireAll();
        done = true;
        writeSnapshot(finalPart);
        results.writeMarker(DONE, 0);
    }

    // ---------------------------------------------------------------------------------------------
    // records, in and out

    /**
     * Before the events of a record of {@code input}: its watermark is at least the one the record is judged
     * against, so windows may fire first; then the operator judges the record's events against it.
     */
    private void beginRecord(final int input, final long judgeWatermark, final long position, final long appendNs)
    {
        if (watermarks.onRecord(input, judgeWatermark))
        {
            advanceOperator();
        }
        operator.onRecord(position, appendNs);
        operator.judgeLatenessAgainst(judgeWatermark);
    }

    private void advanceOperator()
    {
        final long combined = watermarks.combined();
        if (mode != BATCH && combined > operator.watermark())
        {
            operator.advanceWatermark(combined);
        }
    }

    private void sendRecord(
        final long mask, final int input, final long judgeWatermark, final long position, final long appendNs,
        final DirectBuffer src, final int offset, final int length)
    {
        long remaining = mask;
        while (remaining != 0)
        {
            final int w = Long.numberOfTrailingZeros(remaining);
            remaining &= remaining - 1;
            final OneToOneRingBuffer out = outbound[w];
            final int at = claim(out, RECORD, RECORD_HEADER_LENGTH + length);
            final MutableDirectBuffer buffer = out.buffer();
            buffer.putInt(at + RECORD_INPUT_OFFSET, input);
            buffer.putInt(at + RECORD_INPUT_OFFSET + 4, 0);
            buffer.putLong(at + RECORD_JUDGE_WATERMARK_OFFSET, judgeWatermark);
            buffer.putLong(at + RECORD_POSITION_OFFSET, position);
            buffer.putLong(at + RECORD_APPEND_NS_OFFSET, appendNs);
            buffer.putBytes(at + RECORD_HEADER_LENGTH, src, offset, length);
            out.commit(at);
            recordsSent++;
        }
    }

    /**
     * Claims room in a queue to another worker, waiting while it is full: the reading stops (back pressure), and
     * this worker drains its own queues meanwhile, so that two workers full of each other's records go on.
     */
    private int claim(final OneToOneRingBuffer out, final int type, final int length)
    {
        if (length > out.maxMsgLength())
        {
            throw new IllegalStateException("a message of " + length + " bytes does not fit the queue between " +
                "workers, whose largest message is " + out.maxMsgLength() + " bytes (an eighth of it); raise " +
                "Parallelism.exchangeQueueBytes to at least " + Integer.highestOneBit(length * 8 - 1) * 2);
        }
        int at = out.tryClaim(type, length);
        if (at == RingBuffer.INSUFFICIENT_CAPACITY)
        {
            blockedSends++;
            do
            {
                if (drainInbound() == 0)
                {
                    control.checkRunning();
                    idle.idle();
                }
                at = out.tryClaim(type, length);
            }
            while (at == RingBuffer.INSUFFICIENT_CAPACITY);
            idle.reset();
        }
        return at;
    }

    private int drainInbound()
    {
        if (workers == 1)
        {
            return 0;
        }
        // the events of other inputs must not move the watermark of the input being read (a drain may come in the
        // middle of reading one, while a queue to another worker is full)
        operator.feedEventTimesTo(receivedTimes);
        int work = 0;
        for (int w = 0; w < workers; w++)
        {
            if (w != index && !barrierSeen[w])
            {
                inboundHandler.sender = w;
                work += inbound[w].controlledRead(inboundHandler, INBOUND_LIMIT);
            }
        }
        if (null != current)
        {
            operator.feedEventTimesTo(current.tracker);
        }
        return work;
    }

    /**
     * Records of this worker's inputs: judged against the input's watermark before them, routed event by event.
     */
    private final class ReaderHandler implements RecordHandler
    {
        public void onRecord(final DirectBuffer buffer, final int offset, final int length, final long position)
        {
            recordsIn++;
            final InputSplit split = current;
            final long appendNs = RecordDescriptor.timestampNs(buffer, offset);
            final long judgeWatermark;
            if (mode == BATCH)
            {
                // nothing is late in BATCH, and windows fire at the end: no watermark to keep
                judgeWatermark = Long.MIN_VALUE;
                operator.onRecord(position, appendNs);
            }
            else
            {
                judgeWatermark = split.tracker.watermark();
                beginRecord(split.index, judgeWatermark, position, appendNs);
            }
            routeMask = 0;
            try
            {
                readerHead.emit(codec.decode(buffer, offset, length));
            }
            catch (final RuntimeException ex)
            {
                lastErrorPosition = position;
                if (errorHandler.onRecordError(position, ex))
                {
                    recordsSkipped++;
                }
            }
            // after the record's events: the owners decode it again and take the events of their keys (those before
            // a failure too, as this worker did)
            if (routeMask != 0)
            {
                sendRecord(routeMask, split.index, judgeWatermark, position, appendNs, buffer, offset, length);
            }
            if (perRecordWatermark)
            {
                split.tracker.tryAdvance();
            }
        }
    }

    /**
     * The end of the reading chain: this worker's keys go into the operator (which feeds their times to the input's
     * tracker), the others feed it here and mark their owner: every event of an input moves its watermark.
     */
    private int ownerOf(final Object event)
    {
        return ownerOfKeyGroup[KeyGroups.keyGroupOf(routingKey.key(event), keyGroups)];
    }

    private final class Router implements Emitter<Object>
    {
        public void emit(final Object event)
        {
            final int owner = ownerOf(event);
            if (owner == index)
            {
                operator.emit(event);
            }
            else
            {
                current.tracker.onEvent(event, eventTime.eventTimeMs(event));
                routeMask |= 1L << owner;
            }
        }
    }

    /**
     * The end of the receiving chain: of a record another worker read, only the events of this worker's keys.
     */
    private final class OwnerFilter implements Emitter<Object>
    {
        public void emit(final Object event)
        {
            if (ownerOf(event) == index)
            {
                operator.emit(event);
            }
        }
    }

    private final class InboundHandler implements ControlledMessageHandler
    {
        int sender;

        public Action onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int at, final int length)
        {
            switch (msgTypeId)
            {
                case RECORD:
                    beginRecord(buffer.getInt(at + RECORD_INPUT_OFFSET),
                        buffer.getLong(at + RECORD_JUDGE_WATERMARK_OFFSET),
                        buffer.getLong(at + RECORD_POSITION_OFFSET),
                        buffer.getLong(at + RECORD_APPEND_NS_OFFSET));
                    try
                    {
                        receiverHead.emit(codec.decode(
                            buffer, at + RECORD_HEADER_LENGTH, length - RECORD_HEADER_LENGTH));
                    }
                    catch (final RuntimeException ex)
                    {
                        // the reading worker reported it to the error handler; the events before it were taken
                    }
                    return Action.CONTINUE;

                case WATERMARK:
                    if (watermarks.onWatermark(buffer.getInt(at + WATERMARK_INPUT_OFFSET),
                        buffer.getLong(at + WATERMARK_VALUE_OFFSET), buffer.getInt(at + WATERMARK_FLAGS_OFFSET)))
                    {
                        advanceOperator();
                    }
                    return Action.CONTINUE;

                case BARRIER:
                    // nothing of this queue is read past its barrier until this worker has taken its own part
                    barrierSeen[sender] = true;
                    barriersSeen++;
                    barrierId = Math.max(barrierId, buffer.getLong(at + BARRIER_ID_OFFSET));
                    return Action.BREAK;

                default:
                    throw new IllegalStateException("unknown message type " + msgTypeId + " from worker " + sender);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // checkpoints

    private void takeCheckpoint(final long id)
    {
        // each input's watermark before the barrier: every worker ends the alignment knowing the same ones
        for (final InputSplit split : inputs)
        {
            publishInput(split);
        }
        for (int w = 0; w < workers; w++)
        {
            if (w != index)
            {
                final OneToOneRingBuffer out = outbound[w];
                final int at = claim(out, BARRIER, BARRIER_LENGTH);
                out.buffer().putLong(at + BARRIER_ID_OFFSET, id);
                out.commit(at);
            }
        }
        while (barriersSeen < workers - 1)
        {
            if (drainInbound() == 0)
            {
                control.checkRunning();
                idle.idle();
            }
        }
        idle.reset();
        if (mode != BATCH)
        {
            // the same watermark at every worker: the same windows fired, so parts merge at any parallelism
            advanceOperator();
            operator.flushUpdates();
        }
        writeSnapshot(snapshot);
        results.writeMarker(SNAPSHOT, id);
        while (control.releasedCheckpointId() < id)
        {
            control.checkRunning();
            idle.idle();
        }
        idle.reset();
        Arrays.fill(barrierSeen, false);
        barriersSeen = 0;
        lastCheckpointId = id;
    }

    /**
     * This worker's part ({@link ParallelState} assembles the parts): its counters, then two sections, its inputs
     * and its state.
     * <pre>
     *   | records in | skipped | last error position | batches | events in | late | late accepted | windows fired |
     *   | results | updates |
     *   | section: own inputs (int), per input: index, position, record number, ended, idle, tracker |
     *   | section: operator state, key dictionary (value keys only) |
     * </pre>
     */
    private void writeSnapshot(final StateOutput snapshot)
    {
        snapshot.reset();
        snapshot.putLong(recordsIn).putLong(recordsSkipped).putLong(lastErrorPosition).putLong(batches)
            .putLong(operator.eventsIn()).putLong(operator.eventsLate()).putLong(operator.eventsLateAccepted())
            .putLong(operator.windowsFired()).putLong(operator.resultsEmitted()).putLong(operator.updatesEmitted());
        final int inputsSection = snapshot.beginSection();
        snapshot.putInt(inputs.length);
        for (final InputSplit split : inputs)
        {
            split.snapshot(snapshot);
        }
        snapshot.endSection(inputsSection);
        final int stateSection = snapshot.beginSection();
        operator.snapshot(snapshot);
        if (null != keys)
        {
            keys.snapshot(snapshot);
        }
        snapshot.endSection(stateSection);
    }

    private InputSplit split(final int input)
    {
        for (final InputSplit split : inputs)
        {
            if (split.index == input)
            {
                return split;
            }
        }
        return null;
    }
}

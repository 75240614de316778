package dev.sluice.core.internal.parallel;

import dev.sluice.core.function.KeyType;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.sink.WindowResult;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.nio.charset.StandardCharsets;

import static dev.sluice.core.internal.parallel.ExchangeDescriptor.*;

/**
 * A worker's results on their way to the job's one sink thread: each result is written in place into the worker's
 * result ring buffer ({@link ExchangeDescriptor#RESULT}), so the sinks, which are not thread-safe, are only ever
 * called by that thread. A full buffer waits for the sink thread (it always drains), never drops.
 * <p>
 * Not thread-safe: the worker's thread.
 */
public final class ResultChannelSink implements ResultSink
{
    private final OneToOneRingBuffer channel;
    private final KeyType<Object> keyType;
    private final ParallelControl control;
    private final IdleStrategy idle;
    private long blockedWrites;

    /**
     * @param keyType the key type of a pipeline keyed by a value type (its text goes with each result), or null.
     */
    public ResultChannelSink(
        final OneToOneRingBuffer channel, final KeyType<Object> keyType, final ParallelControl control,
        final IdleStrategy idle)
    {
        this.channel = channel;
        this.keyType = keyType;
        this.control = control;
        this.idle = idle;
    }

    public void onResult(final WindowResult result)
    {
        // a value key's text goes along: the sink thread has no dictionary of this worker's keys
        final byte[] keyText = null == keyType ? null :
            keyType.format(result.keyValue()).getBytes(StandardCharsets.UTF_8);
        final int fields = result.fieldCount();
        final int length = resultLength(fields, null == keyText ? 0 : keyText.length);
        final int index = claim(RESULT, length);
        final org.agrona.concurrent.AtomicBuffer buffer = channel.buffer();
        buffer.putLong(index + RESULT_WINDOW_START_OFFSET, result.windowStart());
        buffer.putLong(index + RESULT_WINDOW_END_OFFSET, result.windowEnd());
        buffer.putLong(index + RESULT_KEY_OFFSET, result.key());
        buffer.putInt(index + RESULT_FLAGS_OFFSET,
            (result.isUpdate() ? RESULT_FLAG_UPDATE : 0) | (result.isEarly() ? RESULT_FLAG_EARLY : 0));
        buffer.putInt(index + RESULT_KEY_TEXT_LENGTH_OFFSET, null == keyText ? 0 : keyText.length);
        for (int i = 0; i < fields; i++)
        {
            buffer.putLong(index + RESULT_FIELDS_OFFSET + i * 8, result.rawBits(i));
        }
        if (null != keyText)
        {
            buffer.putBytes(index + RESULT_FIELDS_OFFSET + fields * 8, keyText);
        }
        channel.commit(index);
    }

    /**
     * Writes a marker (SNAPSHOT or DONE) after every result before it.
     */
    void writeMarker(final int type, final long id)
    {
        final int index = claim(type, MARKER_LENGTH);
        channel.buffer().putLong(index + MARKER_ID_OFFSET, id);
        channel.commit(index);
    }

    long blockedWrites()
    {
        return blockedWrites;
    }

    private int claim(final int type, final int length)
    {
        if (length > channel.maxMsgLength())
        {
            throw new IllegalStateException("a result of " + length + " bytes does not fit the result queue, whose" +
                " largest message is " + channel.maxMsgLength() + " bytes; raise Parallelism.resultQueueBytes");
        }
        int index = channel.tryClaim(type, length);
        if (index == RingBuffer.INSUFFICIENT_CAPACITY)
        {
            blockedWrites++;
            do
            {
                control.checkRunning();
                idle.idle();
                index = channel.tryClaim(type, length);
            }
            while (index == RingBuffer.INSUFFICIENT_CAPACITY);
            idle.reset();
        }
        return index;
    }
}

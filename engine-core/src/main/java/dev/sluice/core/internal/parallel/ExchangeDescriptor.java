package dev.sluice.core.internal.parallel;

/**
 * Layouts of the messages of a parallel job, in Agrona ring buffers (native byte order; each message is a ring
 * buffer record of its type id, 8-byte aligned).
 * <p>
 * Between workers, one ring buffer per ordered pair (its one producer the reading worker, its one consumer the
 * owner of the keys), in the order the producer sent them:
 * <pre>
 *   RECORD: a record of an input with events of the consumer's keys
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                            Input                              |
 *  +---------------------------------------------------------------+
 *  |                           Reserved                            |
 *  +---------------------------------------------------------------+
 *  |          Judge Watermark (the input's, before the record)     |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                Position (in the input's log)                  |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                    Append Time (epoch ns)                     |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     Record Payload ...                       ...
 *  +---------------------------------------------------------------+
 *
 *   WATERMARK: an input's watermark moved, or it went idle, active again or ended
 *  +---------------------------------------------------------------+
 *  |                            Input                              |
 *  +---------------------------------------------------------------+
 *  |                 Flags (1: idle, 2: ended)                     |
 *  +---------------------------------------------------------------+
 *  |                          Watermark                            |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *
 *   BARRIER: the producer took its part of checkpoint Id; nothing follows until its consumer took its own
 *  +---------------------------------------------------------------+
 *  |                        Checkpoint Id                          |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 * From each worker to the job's sink thread, one ring buffer per worker:
 * <pre>
 *   RESULT: a (window, key) result
 *  +---------------------------------------------------------------+
 *  |                     Window Start (epoch ms)                   |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                      Window End (epoch ms)                    |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                              Key                              |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 Flags (1: update, 2: early)                   |
 *  +---------------------------------------------------------------+
 *  |        Key Text Length (0 for a primitive key)                |
 *  +---------------------------------------------------------------+
 *  |       Field 0 .. Field n-1 (raw 64-bit words, schema order)  ...
 *  +---------------------------------------------------------------+
 *  |                 Key Text (UTF-8) ...                         ...
 *  +---------------------------------------------------------------+
 *
 *   SNAPSHOT: the worker's part of checkpoint Id is in its snapshot buffer; the results before it belong to it
 *   DONE:     every input ended and every window fired; the worker's final part is in its snapshot buffer
 *  +---------------------------------------------------------------+
 *  |                        Checkpoint Id (0 for DONE)             |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class ExchangeDescriptor
{
    public static final int RECORD = 1;
    public static final int WATERMARK = 2;
    public static final int BARRIER = 3;

    public static final int RESULT = 10;
    public static final int SNAPSHOT = 11;
    public static final int DONE = 12;

    public static final int RECORD_INPUT_OFFSET = 0;
    public static final int RECORD_JUDGE_WATERMARK_OFFSET = 8;
    public static final int RECORD_POSITION_OFFSET = 16;
    public static final int RECORD_APPEND_NS_OFFSET = 24;
    public static final int RECORD_HEADER_LENGTH = 32;

    public static final int WATERMARK_INPUT_OFFSET = 0;
    public static final int WATERMARK_FLAGS_OFFSET = 4;
    public static final int WATERMARK_VALUE_OFFSET = 8;
    public static final int WATERMARK_LENGTH = 16;
    public static final int FLAG_IDLE = 1;
    public static final int FLAG_ENDED = 2;

    public static final int BARRIER_ID_OFFSET = 0;
    public static final int BARRIER_LENGTH = 8;

    public static final int RESULT_WINDOW_START_OFFSET = 0;
    public static final int RESULT_WINDOW_END_OFFSET = 8;
    public static final int RESULT_KEY_OFFSET = 16;
    public static final int RESULT_FLAGS_OFFSET = 24;
    public static final int RESULT_KEY_TEXT_LENGTH_OFFSET = 28;
    public static final int RESULT_FIELDS_OFFSET = 32;
    public static final int RESULT_FLAG_UPDATE = 1;
    public static final int RESULT_FLAG_EARLY = 2;

    public static final int MARKER_ID_OFFSET = 0;
    public static final int MARKER_LENGTH = 8;

    private ExchangeDescriptor()
    {
    }

    /**
     * @return bytes of a result message with {@code fields} fields and a key text of {@code keyTextLength} bytes.
     */
    public static int resultLength(final int fields, final int keyTextLength)
    {
        return RESULT_FIELDS_OFFSET + fields * 8 + keyTextLength;
    }
}

package dev.sluice.core.internal.parallel;

import dev.sluice.core.aggregate.AggregateColumn;
import dev.sluice.core.aggregate.Aggregation;
import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.core.function.KeyType;
import dev.sluice.core.sink.ResultSchema;
import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.sink.WindowResult;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.sluice.core.internal.parallel.ExchangeDescriptor.*;

/**
 * The sink thread's side of the workers' result queues: each {@link ExchangeDescriptor#RESULT} message is handed to
 * the pipeline's sinks as a {@link WindowResult} whose values are read in place from the message, so a sink cannot
 * tell a parallel job's results from a job's on one thread. A value key is parsed from its text once per key id and
 * kept (up to a bound, then the cache starts over).
 * <p>
 * Not thread-safe: the sink thread.
 */
public final class ReceivedResults
{
    private static final int MAX_CACHED_KEYS = 1 << 16;

    private final ResultSchema schema;
    private final KeyType<Object> keyType;
    private final ResultSink sink;
    private final WindowResult result;
    private final Long2ObjectHashMap<Object> keysById = new Long2ObjectHashMap<>();
    private DirectBuffer buffer;
    private int fieldsOffset;
    private int keyTextOffset;
    private int keyTextLength;
    private long key;
    private long results;

    /**
     * @param schema       the pipeline's result schema.
     * @param aggregations the pipeline's aggregations, whose outputs are the schema's fields in order.
     * @param keyType      the key type of a pipeline keyed by a value type, or null.
     * @param sink         the pipeline's sinks, as one.
     */
    @SuppressWarnings("unchecked")
    public ReceivedResults(final ResultSchema schema, final List<? extends Aggregation<?>> aggregations,
        final KeyType<Object> keyType, final ResultSink sink)
    {
        this.schema = schema;
        this.keyType = keyType;
        this.sink = sink;
        final int[] firstField = new int[aggregations.size()];
        final AggregateColumn<Object>[] columns = new AggregateColumn[firstField.length];
        int field = 0;
        for (int c = 0; c < columns.length; c++)
        {
            firstField[c] = field;
            columns[c] = new MessageColumn(c, firstField);
            field += aggregations.get(c).outputNames().size();
        }
        this.result = new WindowResult(schema, columns, null == keyType ? null : id -> keyOf());
    }

    /**
     * Hands one RESULT message to the sinks.
     */
    public void onResult(final DirectBuffer buffer, final int index)
    {
        this.buffer = buffer;
        this.fieldsOffset = index + RESULT_FIELDS_OFFSET;
        this.keyTextLength = buffer.getInt(index + RESULT_KEY_TEXT_LENGTH_OFFSET);
        this.keyTextOffset = fieldsOffset + schema.fieldCount() * 8;
        this.key = buffer.getLong(index + RESULT_KEY_OFFSET);
        final int flags = buffer.getInt(index + RESULT_FLAGS_OFFSET);
        final long start = buffer.getLong(index + RESULT_WINDOW_START_OFFSET);
        final long end = buffer.getLong(index + RESULT_WINDOW_END_OFFSET);
        if ((flags & RESULT_FLAG_EARLY) != 0)
        {
            result.wrapEarly(start, end, key, 0);
        }
        else
        {
            result.wrap(start, end, key, 0, (flags & RESULT_FLAG_UPDATE) != 0);
        }
        results++;
        sink.onResult(result);
    }

    /**
     * @return results handed to the sinks.
     */
    public long results()
    {
        return results;
    }

    private Object keyOf()
    {
        Object value = keysById.get(key);
        if (null == value)
        {
            if (keysById.size() >= MAX_CACHED_KEYS)
            {
                keysById.clear();
            }
            final byte[] text = new byte[keyTextLength];
            buffer.getBytes(keyTextOffset, text);
            value = keyType.parse(new String(text, StandardCharsets.UTF_8));
            keysById.put(key, value);
        }
        return value;
    }

    /**
     * One aggregation's outputs, read from the current message: the values were computed by a worker, so only the
     * result methods work.
     */
    private final class MessageColumn implements AggregateColumn<Object>
    {
        private final int column;
        private final int[] firstField;

        MessageColumn(final int column, final int[] firstField)
        {
            this.column = column;
            this.firstField = firstField;
        }

        public long longResult(final int slot, final int output)
        {
            final int field = firstField[column] + output;
            final long raw = buffer.getLong(fieldsOffset + field * 8);
            return schema.isDouble(field) ? (long)Double.longBitsToDouble(raw) : raw;
        }

        public double doubleResult(final int slot, final int output)
        {
            final int field = firstField[column] + output;
            final long raw = buffer.getLong(fieldsOffset + field * 8);
            return schema.isDouble(field) ? Double.longBitsToDouble(raw) : (double)raw;
        }

        public void ensureCapacity(final int slots)
        {
            throw unsupported();
        }

        public void reset(final int slot)
        {
            throw unsupported();
        }

        public long valueOf(final Object event)
        {
            throw unsupported();
        }

        public void add(final int slot, final long value)
        {
            throw unsupported();
        }

        public void merge(final int slot, final AggregateColumn<Object> other, final int otherSlot)
        {
            throw unsupported();
        }

        public void snapshot(final int slot, final StateOutput out)
        {
            throw unsupported();
        }

        public void restore(final int slot, final StateInput in)
        {
            throw unsupported();
        }

        private UnsupportedOperationException unsupported()
        {
            return new UnsupportedOperationException("a received result holds values only");
        }
    }
}

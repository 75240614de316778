package dev.sluice.flink.sink;

import dev.sluice.core.aggregate.AggregateColumn;
import dev.sluice.core.aggregate.Aggregation;
import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.core.sink.ResultSchema;
import dev.sluice.core.sink.WindowResult;
import dev.sluice.flink.SluiceResult;

import java.util.List;

/**
 * A {@link WindowResult} over a {@link SluiceResult}'s values, so that Sluice's own line formats write what Flink
 * computed: one read-only column per aggregation whose slot 0 answers with the result's raw values. Not
 * thread-safe: one per writer, moved from result to result.
 */
final class ResultColumns
{
    private final ResultSchema schema;
    private final ValuesColumn[] columns;
    private final WindowResult view;
    private SluiceResult current;

    ResultColumns(final List<Aggregation<?>> aggregations, final ResultSchema schema)
    {
        this.schema = schema;
        columns = new ValuesColumn[aggregations.size()];
        int field = 0;
        for (int i = 0; i < columns.length; i++)
        {
            columns[i] = new ValuesColumn(field);
            field += aggregations.get(i).outputNames().size();
        }
        view = new WindowResult(schema, columns, id -> schema.keyFormat().keyType().parse(current.keyText));
    }

    /**
     * @param result a result of the pipeline.
     * @return a view of it, valid until the next call.
     */
    WindowResult wrap(final SluiceResult result)
    {
        current = result;
        return result.early ? view.wrapEarly(result.windowStart, result.windowEnd, result.key, 0) :
            view.wrap(result.windowStart, result.windowEnd, result.key, 0, result.update);
    }

    private final class ValuesColumn implements AggregateColumn<Object>
    {
        private final int firstField;

        ValuesColumn(final int firstField)
        {
            this.firstField = firstField;
        }

        public long longResult(final int slot, final int output)
        {
            final long raw = current.values[firstField + output];
            return schema.isDouble(firstField + output) ? (long)Double.longBitsToDouble(raw) : raw;
        }

        public double doubleResult(final int slot, final int output)
        {
            final long raw = current.values[firstField + output];
            return schema.isDouble(firstField + output) ? Double.longBitsToDouble(raw) : raw;
        }

        public void ensureCapacity(final int slots)
        {
        }

        public void reset(final int slot)
        {
            throw readOnly();
        }

        public long valueOf(final Object event)
        {
            throw readOnly();
        }

        public void add(final int slot, final long value)
        {
            throw readOnly();
        }

        public void merge(final int slot, final AggregateColumn<Object> other, final int otherSlot)
        {
            throw readOnly();
        }

        public void snapshot(final int slot, final StateOutput out)
        {
            throw readOnly();
        }

        public void restore(final int slot, final StateInput in)
        {
            throw readOnly();
        }

        private UnsupportedOperationException readOnly()
        {
            return new UnsupportedOperationException("the values of a result written to a file are read-only");
        }
    }
}

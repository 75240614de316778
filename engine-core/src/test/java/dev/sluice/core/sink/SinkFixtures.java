package dev.sluice.core.sink;

import dev.sluice.core.aggregate.AggregateColumn;
import dev.sluice.core.aggregate.Aggregation;
import dev.sluice.core.aggregate.Aggregations;
import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;

import java.util.List;

/**
 * Results made by hand for sink tests: one long field "n", key as one column, result i = (window i / 10,
 * key i % 10, n = i).
 */
final class SinkFixtures
{
    final ResultSchema schema;
    private final AggregateColumn<Long> column;
    private final WindowResult result;

    @SuppressWarnings("unchecked")
    SinkFixtures()
    {
        final Aggregation<Long> sum = Aggregations.sum("n", v -> v);
        schema = new ResultSchema(List.of(sum), KeyFormat.single("key"));
        column = sum.newColumn();
        column.ensureCapacity(1);
        result = new WindowResult(schema, new AggregateColumn<?>[]{ column });
    }

    WindowResult result(final long i)
    {
        return result(i / 10, i % 10, i, false);
    }

    /**
     * @return the result of window {@code window} (starting at window x 100), key {@code key}, n = {@code n}.
     */
    WindowResult result(final long window, final long key, final long n, final boolean update)
    {
        column.reset(0);
        column.accumulate(0, n);
        return result.wrap(window * 100, window * 100 + 100, key, 0, update);
    }

    static StateInput input(final StateOutput out)
    {
        return out.asInput();
    }
}

package dev.sluice.flink.internal;

import dev.sluice.core.Pipeline;
import dev.sluice.core.aggregate.Aggregation;
import dev.sluice.core.sink.KeyFormat;
import org.apache.flink.api.common.functions.AggregateFunction;

import java.util.List;
import java.util.function.Function;

/**
 * The pipeline's aggregations, built-in and the user's own, as one Flink aggregate function over an
 * {@link Accumulator}: each event is folded into one slot of each aggregation's own column, and merging (sessions)
 * is the columns' merge. Flink keeps the accumulator in its keyed window state.
 */
public final class RecipeAggregate implements AggregateFunction<PositionedEvent, Accumulator, Accumulator>
{
    private static final long serialVersionUID = 1L;

    private final PipelineCopy pipeline;
    private transient List<Aggregation<?>> aggregations;
    private transient Function<Object, Object> keyValue;
    private transient KeyFormat keyFormat;

    public RecipeAggregate(final PipelineCopy pipeline)
    {
        this.pipeline = pipeline;
    }

    @SuppressWarnings("unchecked")
    private List<Aggregation<?>> aggregations()
    {
        if (null == aggregations)
        {
            final Pipeline p = pipeline.get();
            aggregations = p.aggregations();
            keyValue = (Function<Object, Object>)p.keyValue();
            keyFormat = p.keyFormat();
        }
        return aggregations;
    }

    public Accumulator createAccumulator()
    {
        return Accumulator.empty(aggregations());
    }

    public Accumulator add(final PositionedEvent value, final Accumulator accumulator)
    {
        aggregations();
        if (null != keyValue && null == accumulator.keyText)
        {
            // the key's text once per (window, key): results carry the user's key, Flink keys by its id
            accumulator.keyText = keyFormat.format(keyValue.apply(value.event));
        }
        accumulator.add(value.event);
        return accumulator;
    }

    public Accumulator getResult(final Accumulator accumulator)
    {
        return accumulator;
    }

    public Accumulator merge(final Accumulator a, final Accumulator b)
    {
        return a.merge(b);
    }
}

package dev.sluice.flink.internal;

import dev.sluice.core.Pipeline;
import dev.sluice.core.function.KeyFunction;
import dev.sluice.core.sink.KeyFormat;
import org.apache.flink.api.java.functions.KeySelector;

import java.util.function.Function;

/**
 * The pipeline's key as Flink's: the long key, or the 64-bit id of a key of the user's own type
 * ({@link dev.sluice.core.function.KeyType#idOf}, the same in every JVM, as Flink's key groups need).
 */
public final class RecipeKey implements KeySelector<PositionedEvent, Long>
{
    private static final long serialVersionUID = 1L;

    private final PipelineCopy pipeline;
    private transient KeyFunction<Object> key;
    private transient Function<Object, Object> keyValue;
    private transient KeyFormat keyFormat;

    public RecipeKey(final PipelineCopy pipeline)
    {
        this.pipeline = pipeline;
    }

    @SuppressWarnings("unchecked")
    public Long getKey(final PositionedEvent value)
    {
        if (null == key && null == keyValue)
        {
            final Pipeline p = pipeline.get();
            key = (KeyFunction<Object>)p.key();
            keyValue = (Function<Object, Object>)p.keyValue();
            keyFormat = p.keyFormat();
        }
        return null != key ? key.key(value.event) : keyFormat.idOf(keyValue.apply(value.event));
    }
}

package dev.sluice.flink.internal;

import dev.sluice.core.sink.ResultSchema;
import dev.sluice.core.sink.WindowResult;
import dev.sluice.flink.SluiceResult;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns a fired (window, key)'s {@link Accumulator} into a {@link SluiceResult}: the values are read through the
 * local runner's own {@link WindowResult} over the accumulator's columns (decimals unscaled, doubles as raw bits), and
 * the result is marked final, update or early as {@link RecipeTrigger} fired it.
 */
public final class ResultWindowFunction extends ProcessWindowFunction<Accumulator, SluiceResult, Long, TimeWindow>
{
    private static final long serialVersionUID = 1L;

    private final PipelineCopy pipeline;
    private final boolean merging;
    private transient ResultSchema schema;

    public ResultWindowFunction(final PipelineCopy pipeline, final boolean merging)
    {
        this.pipeline = pipeline;
        this.merging = merging;
    }

    public void open(final OpenContext openContext)
    {
        schema = pipeline.get().schema();
    }

    public void process(
        final Long key, final Context context, final Iterable<Accumulator> elements, final Collector<SluiceResult> out)
        throws Exception
    {
        final Accumulator accumulator = elements.iterator().next();
        final Integer kind = merging ? null : context.windowState().getState(RecipeTrigger.FIRE_KIND).value();
        final TimeWindow window = context.window();
        final WindowResult view = new WindowResult(schema, accumulator.columns);
        if (null != kind && kind == RecipeTrigger.EARLY)
        {
            view.wrapEarly(window.getStart(), window.getEnd(), key, Accumulator.SLOT);
        }
        else
        {
            view.wrap(window.getStart(), window.getEnd(), key, Accumulator.SLOT,
                null != kind && kind == RecipeTrigger.UPDATE);
        }
        final SluiceResult result = new SluiceResult();
        result.windowStart = view.windowStart();
        result.windowEnd = view.windowEnd();
        result.key = key;
        result.keyText = accumulator.keyText;
        result.update = view.isUpdate();
        result.early = view.isEarly();
        result.values = new long[view.fieldCount()];
        for (int i = 0; i < result.values.length; i++)
        {
            result.values[i] = view.rawBits(i);
        }
        out.collect(result);
    }
}

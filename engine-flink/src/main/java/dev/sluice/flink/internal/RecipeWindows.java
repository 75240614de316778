package dev.sluice.flink.internal;

import dev.sluice.core.window.WindowAssigner;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The pipeline's windows that do not merge (tumbling, hopping, global) as a Flink assigner: each event gets exactly
 * the windows the pipeline's {@link WindowAssigner} gives it, as {@code [start, maxTimestamp(start) + 1)}, so window
 * boundaries, offsets and negative times are the local runner's. The global window is
 * {@code [Long.MIN_VALUE, Long.MAX_VALUE)}: only the end-of-input watermark passes its last timestamp.
 */
public final class RecipeWindows extends org.apache.flink.streaming.api.windowing.assigners.WindowAssigner<Object,
    TimeWindow>
{
    private static final long serialVersionUID = 1L;

    private final PipelineCopy pipeline;
    private final RecipeTrigger trigger;
    private transient WindowAssigner windows;
    private transient long[] starts;

    public RecipeWindows(final PipelineCopy pipeline, final RecipeTrigger trigger)
    {
        this.pipeline = pipeline;
        this.trigger = trigger;
    }

    public Collection<TimeWindow> assignWindows(
        final Object element, final long timestampMs, final WindowAssignerContext context)
    {
        if (null == windows)
        {
            windows = pipeline.get().windows();
            starts = new long[windows.maxWindowsPerEvent()];
        }
        final int count = windows.assignWindows(timestampMs, starts);
        if (count == 1)
        {
            return List.of(new TimeWindow(starts[0], windows.maxTimestamp(starts[0]) + 1));
        }
        final List<TimeWindow> assigned = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            assigned.add(new TimeWindow(starts[i], windows.maxTimestamp(starts[i]) + 1));
        }
        return assigned;
    }

    public Trigger<Object, TimeWindow> getDefaultTrigger()
    {
        return trigger;
    }

    public TypeSerializer<TimeWindow> getWindowSerializer(final ExecutionConfig executionConfig)
    {
        return new TimeWindow.Serializer();
    }

    public boolean isEventTime()
    {
        return true;
    }

    public String toString()
    {
        return "SluiceWindows";
    }
}

package dev.sluice.flink.internal;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.windowing.assigners.MergingWindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.HashSet;
import java.util.Set;

/**
 * {@link dev.sluice.core.window.SessionWindows} as a Flink merging assigner: an event gets {@code [t, t + gap)}, and
 * windows of one key that overlap merge. Unlike Flink's own session windows, windows that only touch
 * ({@code end == start}) stay apart, as in the local runner, so that both find the same sessions.
 */
public final class RecipeSessionWindows extends MergingWindowAssigner<Object, TimeWindow>
{
    private static final long serialVersionUID = 1L;

    private final long gapMs;
    private final RecipeTrigger trigger;

    public RecipeSessionWindows(final long gapMs, final RecipeTrigger trigger)
    {
        this.gapMs = gapMs;
        this.trigger = trigger;
    }

    public Collection<TimeWindow> assignWindows(
        final Object element, final long timestampMs, final WindowAssignerContext context)
    {
        return List.of(new TimeWindow(timestampMs, timestampMs + gapMs));
    }

    public void mergeWindows(final Collection<TimeWindow> windows, final MergeCallback<TimeWindow> callback)
    {
        final List<TimeWindow> sorted = new ArrayList<>(windows);
        sorted.sort((a, b) -> Long.compare(a.getStart(), b.getStart()));
        List<TimeWindow> group = new ArrayList<>();
        TimeWindow cover = null;
        for (final TimeWindow window : sorted)
        {
            // strictly overlapping: a window starting where the other ends stays apart
            if (null != cover && window.getStart() < cover.getEnd())
            {
                group.add(window);
                cover = cover.cover(window);
            }
            else
            {
                mergeGroup(group, cover, callback);
                group = new ArrayList<>();
                group.add(window);
                cover = window;
            }
        }
        mergeGroup(group, cover, callback);
    }

    private static void mergeGroup(
        final List<TimeWindow> group, final TimeWindow cover, final MergeCallback<TimeWindow> callback)
    {
        // a window equal to one the key has (two events at one time) is no merge; Flink takes the merge result out of
        // the collection it is given: a mutable one
        final Set<TimeWindow> distinct = new HashSet<>(group);
        if (distinct.size() > 1)
        {
            callback.merge(distinct, cover);
        }
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
        return "SluiceSessionWindows{gapMs=" + gapMs + '}';
    }
}

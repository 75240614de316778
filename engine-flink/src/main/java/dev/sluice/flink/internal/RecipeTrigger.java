package dev.sluice.flink.internal;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * When a (window, key) emits, as the local runner decides it:
 * <ul>
 *   <li>final: when the watermark passes the window's last timestamp (the end-of-input watermark passes every one);</li>
 *   <li>update: an event within allowed lateness of a window the watermark has passed re-fires it (Flink's window
 *       operator has already dropped the events past allowed lateness, as late);</li>
 *   <li>early ({@link dev.sluice.core.window.EarlyResults}): after every event, or at processing-time ticks aligned to
 *       the interval for the (window, key)s changed since the last tick.</li>
 * </ul>
 * What kind of emission it is goes into the (window, key)'s state {@link #FIRE_KIND}, which the window function reads
 * to mark the result (not for sessions, which fire only finally: Flink keeps no per-window state of merging windows).
 */
public final class RecipeTrigger extends Trigger<Object, TimeWindow>
{
    private static final long serialVersionUID = 1L;

    public static final int FINAL = 0;
    public static final int UPDATE = 1;
    public static final int EARLY = 2;

    /** The kind of the emission the trigger fires, for the window function. */
    public static final ValueStateDescriptor<Integer> FIRE_KIND = new ValueStateDescriptor<>("sluice-fire", Types.INT);
    private static final ValueStateDescriptor<Long> EARLY_TIMER = new ValueStateDescriptor<>("sluice-early", Types.LONG);

    private final boolean merging;
    private final boolean earlyEveryEvent;
    private final long earlyIntervalMs;

    /**
     * @param merging         true for session windows.
     * @param earlyEveryEvent emit the running value after every event.
     * @param earlyIntervalMs emit the changed running values at ticks of this processing time; 0 for none.
     */
    public RecipeTrigger(final boolean merging, final boolean earlyEveryEvent, final long earlyIntervalMs)
    {
        this.merging = merging;
        this.earlyEveryEvent = earlyEveryEvent;
        this.earlyIntervalMs = earlyIntervalMs;
    }

    public TriggerResult onElement(
        final Object element, final long timestamp, final TimeWindow window, final TriggerContext ctx) throws Exception
    {
        if (window.maxTimestamp() <= ctx.getCurrentWatermark())
        {
            fire(ctx, UPDATE);
            return TriggerResult.FIRE;
        }
        ctx.registerEventTimeTimer(window.maxTimestamp());
        if (earlyEveryEvent)
        {
            fire(ctx, EARLY);
            return TriggerResult.FIRE;
        }
        if (earlyIntervalMs > 0)
        {
            final ValueState<Long> timer = ctx.getPartitionedState(EARLY_TIMER);
            if (null == timer.value())
            {
                final long now = ctx.getCurrentProcessingTime();
                final long tick = now - Math.floorMod(now, earlyIntervalMs) + earlyIntervalMs;
                ctx.registerProcessingTimeTimer(tick);
                timer.update(tick);
            }
        }
        return TriggerResult.CONTINUE;
    }

    public TriggerResult onEventTime(final long time, final TimeWindow window, final TriggerContext ctx)
        throws Exception
    {
        if (time == window.maxTimestamp())
        {
            fire(ctx, FINAL);
            return TriggerResult.FIRE;
        }
        return TriggerResult.CONTINUE;
    }

    public TriggerResult onProcessingTime(final long time, final TimeWindow window, final TriggerContext ctx)
        throws Exception
    {
        ctx.getPartitionedState(EARLY_TIMER).clear();
        if (window.maxTimestamp() > ctx.getCurrentWatermark())
        {
            fire(ctx, EARLY);
            return TriggerResult.FIRE;
        }
        return TriggerResult.CONTINUE;
    }

    private void fire(final TriggerContext ctx, final int kind) throws Exception
    {
        if (!merging)
        {
            ctx.getPartitionedState(FIRE_KIND).update(kind);
        }
    }

    public boolean canMerge()
    {
        return true;
    }

    public void onMerge(final TimeWindow window, final OnMergeContext ctx)
    {
        if (window.maxTimestamp() > ctx.getCurrentWatermark())
        {
            ctx.registerEventTimeTimer(window.maxTimestamp());
        }
    }

    public void clear(final TimeWindow window, final TriggerContext ctx) throws Exception
    {
        ctx.deleteEventTimeTimer(window.maxTimestamp());
        if (!merging)
        {
            final ValueState<Long> timer = ctx.getPartitionedState(EARLY_TIMER);
            if (null != timer.value())
            {
                ctx.deleteProcessingTimeTimer(timer.value());
            }
            timer.clear();
            ctx.getPartitionedState(FIRE_KIND).clear();
        }
    }

    public String toString()
    {
        return "SluiceTrigger{earlyEveryEvent=" + earlyEveryEvent + ", earlyIntervalMs=" + earlyIntervalMs + '}';
    }
}

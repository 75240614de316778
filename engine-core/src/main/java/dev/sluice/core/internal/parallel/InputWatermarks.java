package dev.sluice.core.internal.parallel;

/**
 * What one worker knows of every input's watermark, and their combination: the minimum over the inputs that are
 * neither idle nor ended (as Flink and Jet combine theirs). When every input left is idle, the lowest of those that
 * have a watermark (an idle input's own tracker moves it on with the idle time); when every input ended, past every
 * event. A record raises its input's watermark to the one it was judged against, so
 * this worker never fires a window that an on-time record of that input still belongs to.
 * <p>
 * Not thread-safe: one worker's thread.
 */
final class InputWatermarks
{
    private final long[] known;
    private final boolean[] idle;
    private final boolean[] ended;
    private int endedCount;
    /** The input the combination came from (-1 when none holds it back): only it can raise the combination. */
    private int lowest = -1;
    private long combined = Long.MIN_VALUE;

    InputWatermarks(final int inputs)
    {
        known = new long[inputs];
        idle = new boolean[inputs];
        ended = new boolean[inputs];
        java.util.Arrays.fill(known, Long.MIN_VALUE);
        recompute();
    }

    /**
     * A record of {@code input} judged against {@code judgeWatermark}: the input is active, at that watermark or
     * above.
     *
     * @return true when the combination may have moved.
     */
    boolean onRecord(final int input, final long judgeWatermark)
    {
        if (idle[input])
        {
            idle[input] = false;
            raise(input, judgeWatermark);
            return recompute();
        }
        if (judgeWatermark > known[input])
        {
            known[input] = judgeWatermark;
            return input == lowest && recompute();
        }
        return false;
    }

    /**
     * What an input's reader told: its watermark and whether it is idle or ended.
     *
     * @return true when the combination may have moved.
     */
    boolean onWatermark(final int input, final long watermark, final int flags)
    {
        raise(input, watermark);
        idle[input] = (flags & ExchangeDescriptor.FLAG_IDLE) != 0;
        if ((flags & ExchangeDescriptor.FLAG_ENDED) != 0 && !ended[input])
        {
            ended[input] = true;
            endedCount++;
            known[input] = Long.MAX_VALUE;
        }
        return recompute();
    }

    long combined()
    {
        return combined;
    }

    long known(final int input)
    {
        return known[input];
    }

    boolean allEnded()
    {
        return endedCount == known.length;
    }

    int inputCount()
    {
        return known.length;
    }

    private void raise(final int input, final long watermark)
    {
        if (watermark > known[input])
        {
            known[input] = watermark;
        }
    }

    private boolean recompute()
    {
        long min = Long.MAX_VALUE;
        int minInput = -1;
        long idleMin = Long.MAX_VALUE;
        int idleInput = -1;
        for (int i = 0; i < known.length; i++)
        {
            if (ended[i])
            {
                continue;
            }
            if (idle[i])
            {
                // an idle input that never had a record knows no time: it holds nothing back
                if (known[i] != Long.MIN_VALUE && known[i] < idleMin)
                {
                    idleMin = known[i];
                    idleInput = i;
                }
            }
            else if (known[i] < min)
            {
                min = known[i];
                minInput = i;
            }
        }
        final long before = combined;
        if (minInput >= 0)
        {
            lowest = minInput;
            combined = min;
        }
        else if (idleInput >= 0)
        {
            lowest = idleInput;
            combined = idleMin;
        }
        else
        {
            lowest = -1;
            combined = Long.MAX_VALUE;
        }
        return combined != before;
    }
}

package dev.sluice.core.aggregate;

import dev.sluice.core.checkpoint.CorruptCheckpointException;
import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A user's {@link AggregateFunction} in its column: results, merge, a checkpoint round trip, and the errors that
 * name the aggregation when the function breaks its contract.
 */
class AggregateFunctionTest
{
    /** A mean over long values, as a user would write it: { count, sum } in place. */
    static class Mean implements DoubleAggregateFunction<Long, long[]>
    {
        public long[] createAccumulator()
        {
            return new long[2];
        }

        public long[] add(final long[] acc, final Long event)
        {
            acc[0]++;
            acc[1] += event;
            return acc;
        }

        public long[] merge(final long[] acc, final long[] other)
        {
            acc[0] += other[0];
            acc[1] += other[1];
            return acc;
        }

        public double result(final long[] acc)
        {
            return (double)acc[1] / acc[0];
        }

        public void write(final long[] acc, final StateOutput out)
        {
            out.putLong(acc[0]).putLong(acc[1]);
        }

        public long[] read(final StateInput in)
        {
            return new long[]{ in.getLong(), in.getLong() };
        }
    }

    @Test
    void foldsMergesAndRoundTripsThroughACheckpoint()
    {
        final Aggregation<Long> mean = Aggregations.of("mean", new Mean());
        assertTrue(mean.isDoubleOutput(0));
        assertInstanceOf(Mean.class, mean.function());
        final AggregateColumn<Long> column = mean.newColumn();
        assertTrue(column.foldsEvents(), "a user's function needs each event while it is current");
        column.ensureCapacity(3);
        column.reset(0);
        column.reset(1);
        for (long v = 1; v <= 4; v++)
        {
            column.add(v % 2 == 0 ? 0 : 1, column.valueOf(v));
        }
        assertEquals(3.0, column.doubleResult(0, 0));
        assertEquals(2.0, column.doubleResult(1, 0));
        column.merge(0, column, 1);
        assertEquals(2.5, column.doubleResult(0, 0));
        assertEquals(2, column.longResult(0, 0));

        final StateOutput out = new StateOutput(64);
        column.snapshot(0, out);
        final AggregateColumn<Long> restored = mean.newColumn();
        restored.ensureCapacity(1);
        restored.reset(0);
        final StateInput in = out.asInput();
        restored.restore(0, in);
        in.expectEnd();
        assertEquals(2.5, restored.doubleResult(0, 0));
        restored.add(0, restored.valueOf(10L));
        assertEquals(4.0, restored.doubleResult(0, 0));
    }

    @Test
    void aReadThatLeavesBytesIsACorruptCheckpointNamingTheAggregation()
    {
        final Aggregation<Long> broken = Aggregations.of("broken_mean", new Mean()
        {
            public long[] read(final StateInput in)
            {
                return new long[]{ in.getLong(), 0 };
            }
        });
        final AggregateColumn<Long> column = broken.newColumn();
        column.ensureCapacity(1);
        column.reset(0);
        column.add(0, column.valueOf(5L));
        final StateOutput out = new StateOutput(64);
        column.snapshot(0, out);
        final CorruptCheckpointException ex =
            assertThrows(CorruptCheckpointException.class, () -> column.restore(0, out.asInput()));
        assertTrue(ex.getMessage().contains("bytes left over"), ex.getMessage());
    }

    @Test
    void aNullAccumulatorIsRefusedNamingTheAggregationAndMethod()
    {
        final Aggregation<Long> broken = Aggregations.of("nulls", new Mean()
        {
            public long[] add(final long[] acc, final Long event)
            {
                return null;
            }
        });
        final AggregateColumn<Long> column = broken.newColumn();
        column.ensureCapacity(1);
        column.reset(0);
        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> column.add(0, column.valueOf(1L)));
        assertTrue(ex.getMessage().contains("'nulls'") && ex.getMessage().contains(".add returned null"),
            ex.getMessage());
    }
}

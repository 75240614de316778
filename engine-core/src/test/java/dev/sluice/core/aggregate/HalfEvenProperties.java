package dev.sluice.core.aggregate;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

import java.math.BigDecimal;
import java.math.RoundingMode;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A decimal mean rounds as BigDecimal's HALF_EVEN does, for every sum and count, without BigDecimal.
 */
class HalfEvenProperties
{
    @Property(tries = 5000)
    void roundsHalfEvenLikeBigDecimal(
        @ForAll final long sum, @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) final long count)
    {
        final long expected = new BigDecimal(sum).divide(new BigDecimal(count), 0, RoundingMode.HALF_EVEN)
            .longValueExact();
        assertEquals(expected, AvgColumn.halfEvenQuotient(sum, count));
    }

    @Property(tries = 2000)
    void roundsTiesToEven(@ForAll @LongRange(min = -1_000_000, max = 1_000_000) final long half)
    {
        // (2 * half + 1) / 2 is a tie between half and half + 1
        final long expected = (half & 1) == 0 ? half : half + 1;
        assertEquals(expected, AvgColumn.halfEvenQuotient(2 * half + 1, 2));
    }
}

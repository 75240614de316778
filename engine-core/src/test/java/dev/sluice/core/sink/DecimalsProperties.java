package dev.sluice.core.sink;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The text form of decimal fields equals BigDecimal's plain string, and reads back to the same unscaled long.
 */
class DecimalsProperties
{
    @Property(tries = 2000)
    void writesWhatBigDecimalWritesAndReadsItBack(
        @ForAll final long unscaled, @ForAll @IntRange(min = 0, max = 18) final int scale)
    {
        final String text = Decimals.append(new StringBuilder("x"), unscaled, scale).substring(1);
        assertEquals(BigDecimal.valueOf(unscaled, scale).toPlainString(), text);
        assertEquals(unscaled, Decimals.parse(text, scale));
    }
}

package dev.sluice.log;

import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.List;

/**
 * {@link LogCorruptionProperties} at length: 100,000 tries of one to three corruptions each (every kind, from
 * flipped bytes to deleted and renamed segments and a lost or damaged {@code log.start}), about ten minutes on
 * two cores. Not in the default suite (the parent pom excludes {@code *SoakTest}); run it with
 * {@code mvn -Psoak -pl engine-log test -Dtest=LogCorruptionSoakTest}.
 */
class LogCorruptionSoakTest extends LogCorruptionProperties
{
    @Property(tries = 100_000, generation = GenerationMode.RANDOMIZED)
    void shouldSurviveAHundredThousandCorruptions(
        @ForAll @Size(min = 1, max = 40) final List<@IntRange(min = 0, max = MAX_RECORD_LENGTH) Integer> lengths,
        @ForAll("corruptions") final List<Corruption> corruptions)
    {
        check(lengths, corruptions);
    }
}

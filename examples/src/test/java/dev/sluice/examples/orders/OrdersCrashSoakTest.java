package dev.sluice.examples.orders;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A thousand SIGKILLs: rounds of {@link OrdersCrashTest}'s run in STREAMING and MICRO_BATCH, each killed ten
 * times at random points (mid log write, each checkpoint phase, random moments) before it is let finish and its
 * durable output checked. Excluded from the default suite (by name, and by the {@code sluice.soak} property the
 * soak profile sets, so that a {@code -Dtest} filter does not pull it in); run with
 * {@code mvn -o -Psoak -pl examples -am test -Dtest=OrdersCrashSoakTest -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dsluice.soak.kills=N} to change the total, default 1000).
 */
@EnabledIfSystemProperty(named = "sluice.soak", matches = "true",
    disabledReason = "a soak run of minutes: mvn -Psoak sets sluice.soak=true")
class OrdersCrashSoakTest
{
    private static final String[] PHASES = { "SINKS_PRE_COMMITTED", "FILE_WRITTEN", "DURABLE", "COMMITTED" };

    @TempDir
    Path root;

    @Test
    void shouldStayExactlyOnceThroughHundredsOfKills() throws Exception
    {
        soak(root, "soak", Integer.getInteger("sluice.soak.kills", 1000), 6, (harness, random) -> { },
            (harness, random) -> { });
    }

    /**
     * Rounds of kills until {@code totalKills}: per round a fresh directory, a run in STREAMING or MICRO_BATCH (in
     * turn) with random checkpoint spacing, maybe killed mid log write, then up to ten kills at random points, then
     * let finish and its durable output checked.
     *
     * @param maxOccurrence the kills at a checkpoint phase come at its 1st to this many-th occurrence in a child.
     * @param eachRound     sets the harness up for a round (e.g. its partition count).
     * @param eachChild     sets the harness up before each child (e.g. its parallelism).
     */
    static void soak(final Path root, final String name, final int totalKills, final int maxOccurrence,
        final BiConsumer<CrashHarness, Random> eachRound, final BiConsumer<CrashHarness, Random> eachChild)
        throws Exception
    {
        final long seed = Long.getLong("sluice.soak.seed", System.nanoTime());
        final Random random = new Random(seed);
        final long startNs = System.nanoTime();
        int kills = 0;
        int rounds = 0;
        while (kills < totalKills)
        {
            final boolean streaming = rounds % 2 == 0;
            final Path dir = Files.createDirectory(root.resolve("round-" + rounds));
            final CrashHarness harness = new CrashHarness(dir, streaming ? "streaming" : "micro-batch", 1_000_000,
                10_000 + random.nextInt(60_000), streaming ? 0 : 10_000 + random.nextInt(100_000));
            harness.log.add("seed " + seed + " round " + rounds);
            eachRound.accept(harness, random);
            if (random.nextBoolean())
            {
                eachChild.accept(harness, random);
                harness.killAtPause("write:" + random.nextInt(1_000_000));
            }
            for (int k = 0; k < 10; k++)
            {
                eachChild.accept(harness, random);
                final boolean killed = random.nextInt(3) == 0 ?
                    harness.killAfter(200 + random.nextInt(1200)) :
                    harness.killAtPause(
                        PHASES[random.nextInt(PHASES.length)] + ":" + (1 + random.nextInt(maxOccurrence)));
                if (!killed)
                {
                    break; // the job finished: the rest of the round would only rerun a finished job
                }
            }
            eachChild.accept(harness, random);
            final String last = harness.finish();
            assertEquals(harness.log.get(harness.log.size() - 1), last);
            assertTrue(last.endsWith("events=1000000 rows=" + CrashHarness.ROWS_1M + " late=0 sha256=" +
                CrashHarness.SHA_1M), harness.log::toString);
            harness.assertOutput(CrashHarness.ROWS_1M, CrashHarness.SHA_1M);
            kills += harness.kills;
            rounds++;
            System.out.println(name + " round " + rounds + ": " + harness.kills + " kills, total " + kills);
        }
        System.out.println(name + ": " + kills + " kills in " + rounds + " rounds, " +
            (System.nanoTime() - startNs) / 1_000_000_000L + " s, seed " + seed + ", all exactly-once");
    }
}

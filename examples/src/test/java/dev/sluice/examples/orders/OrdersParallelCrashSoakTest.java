package dev.sluice.examples.orders;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hundreds of SIGKILLs of parallel runs: rounds of {@link OrdersParallelCrashTest}'s run over one log or 2 to 4
 * partitions, in STREAMING and MICRO_BATCH, each killed up to ten times at random points (mid log write, each
 * checkpoint phase, random moments), each resume at a random parallelism from 1 to 4, then let finish and its durable
 * output checked. Excluded from the default suite; run with {@code mvn -o -Psoak -pl examples -am test
 * -Dtest=OrdersParallelCrashSoakTest -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dsluice.soak.kills=N},
 * default 300).
 */
@EnabledIfSystemProperty(named = "sluice.soak", matches = "true",
    disabledReason = "a soak run of minutes: mvn -Psoak sets sluice.soak=true")
class OrdersParallelCrashSoakTest
{
    private static final String[] PHASES = { "SINKS_PRE_COMMITTED", "FILE_WRITTEN", "DURABLE", "COMMITTED" };

    @TempDir
    Path root;

    @Test
    void shouldStayExactlyOnceThroughHundredsOfKillsAtEveryParallelism() throws Exception
    {
        final int totalKills = Integer.getInteger("sluice.soak.kills", 300);
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
            harness.partitions = random.nextBoolean() ? 1 : 2 + random.nextInt(3);
            harness.parallelism = 1 + random.nextInt(4);
            harness.log.add("seed " + seed + " round " + rounds);
            if (random.nextBoolean())
            {
                harness.killAtPause("write:" + random.nextInt(1_000_000));
            }
            for (int k = 0; k < 10; k++)
            {
                harness.parallelism = 1 + random.nextInt(4);
                final boolean killed = random.nextInt(3) == 0 ?
                    harness.killAfter(200 + random.nextInt(1200)) :
                    harness.killAtPause(PHASES[random.nextInt(PHASES.length)] + ":" + (1 + random.nextInt(2)));
                if (!killed)
                {
                    break;
                }
            }
            harness.parallelism = 1 + random.nextInt(4);
            final String last = harness.finish();
            assertTrue(last.endsWith("events=1000000 rows=" + CrashHarness.ROWS_1M + " late=0 sha256=" +
                CrashHarness.SHA_1M), harness.log::toString);
            harness.assertOutput(CrashHarness.ROWS_1M, CrashHarness.SHA_1M);
            kills += harness.kills;
            rounds++;
            System.out.println("parallel soak round " + rounds + ": " + harness.kills + " kills, total " + kills);
        }
        System.out.println("parallel soak: " + kills + " kills in " + rounds + " rounds, " +
            (System.nanoTime() - startNs) / 1_000_000_000L + " s, seed " + seed + ", all exactly-once");
    }
}

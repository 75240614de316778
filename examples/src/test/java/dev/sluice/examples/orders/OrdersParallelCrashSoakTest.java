package dev.sluice.examples.orders;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * Hundreds of SIGKILLs of parallel runs: {@link OrdersCrashSoakTest}'s rounds over one log or 2 to 4 partitions, each
 * child (every resume) on a random parallelism from 1 to 4, killed at the first or second occurrence of a checkpoint
 * phase (a parallel job's checkpoints are due every N events or when the one before is done, whichever is later).
 * Excluded from the default suite; run with {@code mvn -o -Psoak -pl examples -am test
 * -Dtest=OrdersParallelCrashSoakTest -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dsluice.soak.kills=N},
 * default 300).
 */
@EnabledIfSystemProperty(named = "sluice.soak", matches = "true",
    disabledReason = "a soak run of minutes: mvn -Psoak sets sluice.soak=true")
class OrdersParallelCrashSoakTest
{
    @TempDir
    Path root;

    @Test
    void shouldStayExactlyOnceThroughHundredsOfKillsAtEveryParallelism() throws Exception
    {
        OrdersCrashSoakTest.soak(root, "parallel soak", Integer.getInteger("sluice.soak.kills", 300), 2,
            (harness, random) -> harness.partitions = random.nextBoolean() ? 1 : 2 + random.nextInt(3),
            (harness, random) -> harness.parallelism = 1 + random.nextInt(4));
    }
}

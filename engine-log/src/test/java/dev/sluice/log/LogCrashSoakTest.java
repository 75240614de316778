package dev.sluice.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The crash test at length: 1,000 kills over one log (fsync on every append, 8 KiB segments, so the log grows to
 * thousands of segments), checking that the time a kill takes stays flat as it grows. Not in the default suite (the parent pom excludes
 * {@code *SoakTest}); run it with {@code mvn -Psoak -pl engine-log test -Dtest=LogCrashSoakTest}.
 */
class LogCrashSoakTest
{
    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryAcknowledgedAppendAcrossManyKills() throws Exception
    {
        final int kills = Integer.getInteger("sluice.crash.kills", 1000);
        LogCrashTest.runKills(dir.resolve("log"), dir.resolve("child.err"), kills, System.nanoTime());
    }
}

package dev.sluice.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The crash test at length: 200 kills over one log. Not in the default suite (the parent pom excludes
 * {@code *SoakTest}); run it with {@code mvn -Psoak -pl engine-log test -Dtest=LogCrashSoakTest}.
 */
class LogCrashSoakTest
{
    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryAcknowledgedAppendAcrossManyKills() throws Exception
    {
        final int kills = Integer.getInteger("sluice.crash.kills", 200);
        LogCrashTest.runKills(dir.resolve("log"), dir.resolve("child.err"), kills, System.nanoTime());
    }
}

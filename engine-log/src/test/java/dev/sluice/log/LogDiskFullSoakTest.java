package dev.sluice.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The disk-full test at length: round after round, a writer process appends until a small real file system
 * ({@link SmallFilesystem}) is full, with a random amount of it taken by another file and segments made ahead or
 * not; every record is checked, the other file is deleted, and the next round resumes the same log. No writer
 * may die (a fault on a mapped write is exit 134 with an hs_err file), nothing acknowledged may be lost.
 * Not in the default suite; run it with
 * {@code mvn -Psoak -pl engine-log test -Dtest=LogDiskFullSoakTest} ({@code -Dsluice.diskfull.rounds=N}, default 40).
 */
class LogDiskFullSoakTest
{
    @TempDir
    Path work;

    @Test
    void shouldNeverLoseAnAcknowledgedRecordAcrossManyFullDisks() throws Exception
    {
        final int rounds = Integer.getInteger("sluice.diskfull.rounds", 40);
        final long seed = Long.getLong("sluice.soak.seed", System.nanoTime());
        final Random random = new Random(seed);
        final int segment = LogDiskFullTest.SEGMENT_LENGTH;
        try (SmallFilesystem fs = SmallFilesystem.mount(work, (6L + 4L * rounds) * segment))
        {
            final Path logDir = fs.root().resolve("log");
            long records = 0;
            for (int round = 0; round < rounds; round++)
            {
                final String context = "round " + round + " of " + rounds + " (seed " + seed + ")";
                // leave room for one to four segments beside what the log holds, and a part of one
                final Path filler = fs.fill("filler", (1L + random.nextInt(4)) * segment + random.nextInt(segment));
                final long now = LogDiskFullTest.appendUntilFull(work, logDir, random.nextBoolean(), Long.MAX_VALUE,
                    records, context);
                assertTrue(now >= records, context + ": the log went back from " + records + " to " + now);
                LogDiskFullTest.checkRecords(logDir, now);
                records = now;
                Files.delete(filler);
            }
            System.out.println("LogDiskFullSoakTest: " + rounds + " full disks, " + records + " records (seed " +
                seed + ")");
        }
    }
}

package dev.sluice.examples.orders;

import dev.sluice.core.CheckpointConfig;
import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.Job;
import dev.sluice.core.Pipeline;
import dev.sluice.core.checkpoint.CheckpointDescriptor;
import dev.sluice.core.checkpoint.CheckpointException;
import dev.sluice.core.checkpoint.CorruptCheckpointException;
import dev.sluice.core.checkpoint.IncompatibleCheckpointException;
import dev.sluice.core.sink.CommittedOutput;
import dev.sluice.core.sink.EpochFileSink;
import dev.sluice.core.source.LogSource;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Bad checkpoint input at the job level: truncated, bit-flipped, foreign and future-version checkpoint files, a
 * checkpoint directory that cannot be made or written. Each gives its own error (or a warning and a fall-back to
 * an older checkpoint) and loses nothing already committed: the committed output files are untouched, and a run
 * that can go on ends with the uninterrupted result.
 */
class CheckpointRecoveryTest
{
    private static final OrdersWorkload WORKLOAD = OrdersWorkload.defaults().withCount(30_000);

    @TempDir
    Path dir;

    private Log log;
    private String expectedSha;
    private long expectedRows;

    @BeforeEach
    void writeLog(@TempDir final Path reference)
    {
        final OrdersRun.Result batch = OrdersRun.writeAndQuery(reference, WORKLOAD, ExecutionConfig.batch());
        expectedSha = batch.sha256();
        expectedRows = batch.rows().size();
        log = Log.open(dir.resolve("log"), LogConfig.defaults());
        OrdersRun.writeLog(log, WORKLOAD);
    }

    @org.junit.jupiter.api.AfterEach
    void closeLog()
    {
        log.close();
    }

    private Path checkpoints()
    {
        return dir.resolve("checkpoints");
    }

    private Path output()
    {
        return dir.resolve("output");
    }

    private Job job(final CheckpointConfig checkpoints, final EpochFileSink sink)
    {
        final Pipeline pipeline = Orders5m.define(LogSource.range(log), WORKLOAD.maxDelayMillis()).sink(sink).build();
        return pipeline.newJob(ExecutionConfig.streaming().checkpointing(checkpoints));
    }

    private CheckpointConfig config()
    {
        return CheckpointConfig.in(checkpoints()).identity("orders-5m", 1).everyRecords(3_000);
    }

    /** Run until {@code records} and abandon the job, as a kill would. */
    private void runAndKill(final long records)
    {
        final EpochFileSink sink = new EpochFileSink(output());
        final Job job = job(config(), sink);
        while (job.recordsIn() < records)
        {
            job.doWork();
        }
        sink.close();
        job.close();
    }

    private void finishAndCheck()
    {
        final EpochFileSink sink = new EpochFileSink(output());
        try (Job job = job(config(), sink))
        {
            job.run();
        }
        sink.close();
        final CommittedOutput out = CommittedOutput.readEpochFiles(output(), schema());
        assertTrue(out.isExactlyOnce(), out.toString());
        assertEquals(expectedRows, out.rows().size());
        assertEquals(expectedSha, Orders5m.checksum(out.rows()));
    }

    private static dev.sluice.core.sink.ResultSchema schema()
    {
        return Orders5m.define(() -> null, 5000).sink(r -> { }).build().schema();
    }

    private Path newest() throws IOException
    {
        // checkpoint file names sort by id: a zero-padded id between prefix and suffix
        try (java.util.stream.Stream<Path> files = Files.list(checkpoints()))
        {
            return files.filter(f -> CheckpointDescriptor.parseId(f.getFileName().toString()) >= 0)
                .max(java.util.Comparator.naturalOrder()).orElseThrow();
        }
    }

    private Map<Path, byte[]> committed() throws IOException
    {
        final Map<Path, byte[]> files = new TreeMap<>();
        for (final Path file : EpochFileSink.committedFiles(output()))
        {
            files.put(file, Files.readAllBytes(file));
        }
        return files;
    }

    private void assertUnchanged(final Map<Path, byte[]> before) throws IOException
    {
        final Map<Path, byte[]> after = committed();
        assertEquals(before.keySet(), after.keySet());
        for (final Map.Entry<Path, byte[]> e : before.entrySet())
        {
            assertArrayEquals(e.getValue(), after.get(e.getKey()), e.getKey().toString());
        }
    }

    @Test
    void shouldFallBackPastATruncatedNewestCheckpointAndStillEndExactlyOnce() throws IOException
    {
        runAndKill(20_000);
        final Path newest = newest();
        final byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        finishAndCheck();
    }

    @Test
    void shouldFallBackPastABitFlippedNewestCheckpointAndStillEndExactlyOnce() throws IOException
    {
        runAndKill(20_000);
        final Path newest = newest();
        final byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 9] ^= 0x04;
        Files.write(newest, bytes);
        final EpochFileSink sink = new EpochFileSink(output());
        try (Job job = job(config(), sink))
        {
            final List<String> warnings = job.checkpointStats().restoreWarnings();
            assertEquals(1, warnings.size(), warnings::toString);
            assertTrue(warnings.get(0).contains(newest.getFileName().toString()) &&
                warnings.get(0).contains("checksum mismatch"), warnings.get(0));
            job.run();
        }
        sink.close();
        finishAndCheck();
    }

    @Test
    void shouldFallBackPastAFutureVersionCheckpointNamingTheRelease() throws IOException
    {
        runAndKill(20_000);
        final Path newest = newest();
        final byte[] bytes = Files.readAllBytes(newest);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(CheckpointDescriptor.FORMAT_VERSION_OFFSET, CheckpointDescriptor.FORMAT_VERSION + 1);
        Files.write(newest, bytes);
        final EpochFileSink sink = new EpochFileSink(output());
        try (Job job = job(config(), sink))
        {
            final String warning = job.checkpointStats().restoreWarnings().get(0);
            assertTrue(warning.contains("newer Sluice"), warning);
        }
        sink.close();
        finishAndCheck();
    }

    @Test
    void shouldRefuseAForeignCheckpointNamingTheWayOutAndTouchNoOutput() throws IOException
    {
        runAndKill(20_000);
        final Map<Path, byte[]> before = committed();
        assertFalse(before.isEmpty());
        // the checkpoints of another pipeline (name, version or layout) in this directory
        final CheckpointConfig other = CheckpointConfig.in(checkpoints()).identity("orders-5m", 2);
        final IncompatibleCheckpointException ex = assertThrows(IncompatibleCheckpointException.class,
            () -> job(other, new EpochFileSink(output())));
        assertTrue(ex.getMessage().contains("version 1") && ex.getMessage().contains("replaying the log"),
            ex.getMessage());
        assertUnchanged(before);
        finishAndCheck();
    }

    @Test
    void shouldRejectADirectoryOfOnlyCorruptCheckpointsTouchingNoOutput() throws IOException
    {
        runAndKill(20_000);
        final Map<Path, byte[]> before = committed();
        try (java.util.stream.Stream<Path> files = Files.list(checkpoints()))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                Files.write(file, new byte[]{ 1, 2, 3 });
            }
        }
        final CorruptCheckpointException ex = assertThrows(CorruptCheckpointException.class,
            () -> job(config(), new EpochFileSink(output())));
        assertTrue(ex.getMessage().contains("none of its") && ex.getMessage().contains("move the directory away"),
            ex.getMessage());
        assertUnchanged(before);
    }

    @Test
    void shouldFailClearlyWhenTheCheckpointDirectoryIsAFile() throws IOException
    {
        Files.writeString(checkpoints(), "not a directory");
        final CheckpointException ex = assertThrows(CheckpointException.class,
            () -> job(config(), new EpochFileSink(output())));
        assertTrue(ex.getMessage().contains("cannot create checkpoint directory"), ex.getMessage());
        assertTrue(EpochFileSink.committedFiles(output()).isEmpty());
    }

    @Test
    void shouldFailAtAnUnwritableCheckpointKeepingThePreviousOneAndTheCommittedOutput() throws IOException
    {
        runAndKill(10_000);
        final Map<Path, byte[]> before = committed();
        final Path newestBefore = newest();
        // the next checkpoint's temporary file name is taken by a directory: its write fails
        final long nextId = CheckpointDescriptor.parseId(newestBefore.getFileName().toString()) + 1;
        final Path blocker = Files.createDirectories(checkpoints().resolve(
            CheckpointDescriptor.PREFIX + String.format("%020d", nextId) + CheckpointDescriptor.TEMP_SUFFIX));
        Files.writeString(blocker.resolve("keep"), "x");
        final EpochFileSink sink = new EpochFileSink(output());
        final CheckpointException ex = assertThrows(CheckpointException.class, () ->
        {
            try (Job job = job(config(), sink))
            {
                job.run();
            }
        });
        sink.close();
        assertTrue(ex.getMessage().contains("the previous checkpoint is still the newest"), ex.getMessage());
        assertEquals(newestBefore, newest());
        assertUnchanged(before);
        // the way out: fix the directory, run again
        Files.delete(blocker.resolve("keep"));
        Files.delete(blocker);
        finishAndCheck();
    }

    @Test
    void shouldRideThroughAToleratedCheckpointFailure() throws IOException
    {
        final Path blocker = Files.createDirectories(checkpoints().resolve(
            CheckpointDescriptor.PREFIX + String.format("%020d", 2) + CheckpointDescriptor.TEMP_SUFFIX));
        Files.writeString(blocker.resolve("keep"), "x");
        final EpochFileSink sink = new EpochFileSink(output());
        try (Job job = job(config().tolerableFailures(1), sink))
        {
            job.run();
            assertEquals(1, job.checkpointStats().failed());
        }
        sink.close();
        final CommittedOutput out = CommittedOutput.readEpochFiles(output(), schema());
        assertTrue(out.isExactlyOnce(), out.toString());
        assertEquals(expectedSha, Orders5m.checksum(out.rows()));
    }

    @Test
    void shouldRefuseANonTransactionalSinkUnderExactlyOnce()
    {
        final Pipeline pipeline = Orders5m.define(LogSource.range(log), 5000).sink(r -> { }).build();
        final dev.sluice.core.function.PipelineDefinitionException ex = assertThrows(
            dev.sluice.core.function.PipelineDefinitionException.class,
            () -> pipeline.newJob(ExecutionConfig.streaming().checkpointing(config())));
        assertTrue(ex.getMessage().contains("AT_LEAST_ONCE"), ex.getMessage());
    }

    @Test
    void shouldRefuseAStateOfAnotherShapeBeforeLoadingAnything()
    {
        runAndKill(10_000);
        // same name and version, another state layout (watermark bound): the fingerprint differs
        final Pipeline other = Orders5m.define(LogSource.range(log), 4000).sink(new EpochFileSink(output())).build();
        assertThrows(IncompatibleCheckpointException.class,
            () -> other.newJob(ExecutionConfig.streaming().checkpointing(config())));
    }
}

package dev.sluice.examples.orders;

import dev.sluice.core.ExecutionConfig;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import dev.sluice.log.RecordDescriptor;
import dev.sluice.log.SegmentDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class OrdersRunDirectoryTest
{
    private static final OrdersWorkload WORKLOAD = OrdersWorkload.defaults().withCount(1000);
    private static final int SEGMENT = LogConfig.DEFAULT_SEGMENT_LENGTH;

    @Test
    void shouldRecordTheWorkloadAndQueryInAManifestAndLeaveNoTemporaryFile(@TempDir final Path dir) throws IOException
    {
        final Path run = dir.resolve("run");
        OrdersRunDirectory.prepare(run, WORKLOAD.withSeed(7));

        final Map<String, String> manifest = OrdersRunDirectory.readManifest(run);
        assertEquals("7", manifest.get("workload.seed"));
        assertEquals("1000", manifest.get("workload.count"));
        assertEquals("100000", manifest.get("workload.customers"));
        assertEquals(Orders5m.NAME, manifest.get("query.name"));
        assertEquals(Integer.toString(Orders5m.VERSION), manifest.get("query.version"));
        assertEquals("40", manifest.get("record.payloadBytes"));
        assertNotNull(manifest.get("created"));
        assertEquals(List.of(OrdersRunDirectory.MANIFEST_FILE), names(run));
    }

    @Test
    void shouldWriteTheManifestOnEveryPathThatTakesADirectory(@TempDir final Path dir)
    {
        OrdersRun.writeAndQuery(dir.resolve("plain"), WORKLOAD, ExecutionConfig.batch());
        OrdersRun.writeWhileQuerying(dir.resolve("concurrent"), WORKLOAD, ExecutionConfig.streaming());

        assertEquals("42", OrdersRunDirectory.readManifest(dir.resolve("plain")).get("workload.seed"));
        assertEquals("42", OrdersRunDirectory.readManifest(dir.resolve("concurrent")).get("workload.seed"));
    }

    @Test
    void shouldRefuseTheRunOfAnotherWorkloadNamingRecordedAndRequestedValues(@TempDir final Path dir)
    {
        OrdersRun.writeAndQuery(dir, WORKLOAD.withSeed(1), ExecutionConfig.batch());

        final RunDirectoryRefusedException ex = assertThrows(RunDirectoryRefusedException.class,
            () -> OrdersRun.writeAndQuery(dir, WORKLOAD.withSeed(42).withLateEvery(5), ExecutionConfig.batch()));
        final String message = ex.getMessage();
        assertTrue(message.contains("recorded workload.seed=1, workload.lateEvery=0"), message);
        assertTrue(message.contains("asks for workload.seed=42, workload.lateEvery=5"), message);
        assertTrue(message.contains("give another --dir, or delete " + dir), message);
        assertEquals("1", OrdersRunDirectory.readManifest(dir).get("workload.seed"));
    }

    @Test
    void shouldResumeTheLogOfTheSameWorkloadWithoutWritingItAgain(@TempDir final Path dir)
    {
        final OrdersRun.Result first = OrdersRun.writeAndQuery(dir, WORKLOAD, ExecutionConfig.batch());
        final OrdersRun.Result again = OrdersRun.writeAndQuery(dir, WORKLOAD, ExecutionConfig.streaming());

        assertEquals(1000, first.eventsWritten());
        assertEquals(0, again.eventsWritten());
        assertEquals(1000, again.report().eventsIn());
        assertEquals(first.sha256(), again.sha256());
    }

    @Test
    void shouldRefuseADirectoryOfForeignFilesAndChangeNothing(@TempDir final Path dir) throws IOException
    {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Files.createDirectory(dir.resolve("photos"));

        final RunDirectoryRefusedException ex = assertThrows(RunDirectoryRefusedException.class,
            () -> OrdersRun.writeAndQuery(dir, WORKLOAD, ExecutionConfig.batch()));
        assertTrue(ex.getMessage().contains("it holds notes.txt, photos"), ex.getMessage());
        assertTrue(ex.getMessage().contains("Sluice did not make it"), ex.getMessage());
        assertEquals(List.of("notes.txt", "photos"), names(dir));
        assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
    }

    @Test
    void shouldRefuseALogWithoutAManifestAsOfUnknownWorkload(@TempDir final Path dir) throws IOException
    {
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            OrdersRun.writeLog(log, WORKLOAD);
        }
        final List<String> before = names(dir);

        final RunDirectoryRefusedException ex = assertThrows(RunDirectoryRefusedException.class,
            () -> OrdersRunDirectory.prepare(dir, WORKLOAD));
        assertTrue(ex.getMessage().contains("which workload its log was written with is unknown"), ex.getMessage());
        assertEquals(before, names(dir));
    }

    @Test
    void shouldTakeADirectoryHoldingOnlyTheTemporaryManifestOfAKilledRun(@TempDir final Path dir) throws IOException
    {
        Files.writeString(dir.resolve(OrdersRunDirectory.MANIFEST_FILE + ".999999.tmp"), "format=1\nworkload.se");

        OrdersRunDirectory.prepare(dir, WORKLOAD);

        assertEquals("42", OrdersRunDirectory.readManifest(dir).get("workload.seed"));
    }

    @Test
    void shouldAdoptTheWorkloadMarkerOfEarlierRunsWhenItMatches(@TempDir final Path dir) throws IOException
    {
        final Path same = Files.createDirectory(dir.resolve("same"));
        Files.writeString(same.resolve(OrdersRunDirectory.LEGACY_WORKLOAD_FILE), WORKLOAD.toString(),
            StandardCharsets.UTF_8);
        OrdersRunDirectory.prepare(same, WORKLOAD);
        assertEquals("1000", OrdersRunDirectory.readManifest(same).get("workload.count"));

        final Path other = Files.createDirectory(dir.resolve("other"));
        Files.writeString(other.resolve(OrdersRunDirectory.LEGACY_WORKLOAD_FILE), WORKLOAD.withSeed(1).toString(),
            StandardCharsets.UTF_8);
        final RunDirectoryRefusedException ex = assertThrows(RunDirectoryRefusedException.class,
            () -> OrdersRunDirectory.prepare(other, WORKLOAD));
        assertTrue(ex.getMessage().contains("seed=1,"), ex.getMessage());
        assertFalse(Files.exists(other.resolve(OrdersRunDirectory.MANIFEST_FILE)));
    }

    @Test
    void shouldRefuseARegularFileSayingSo(@TempDir final Path dir) throws IOException
    {
        final Path file = Files.writeString(dir.resolve("f_file"), "x");

        final RunDirectoryRefusedException ex = assertThrows(RunDirectoryRefusedException.class,
            () -> OrdersRunDirectory.prepare(file, WORKLOAD));
        assertTrue(ex.getMessage().contains("is a regular file"), ex.getMessage());
        final RunDirectoryRefusedException under = assertThrows(RunDirectoryRefusedException.class,
            () -> OrdersRunDirectory.prepare(file.resolve("sub"), WORKLOAD));
        assertTrue(under.getMessage().contains("not a directory"), under.getMessage());
    }

    @Test
    void shouldEstimateTheLogFromTheFrameOfAnOrderInWholeSegments()
    {
        assertEquals(RecordDescriptor.alignedFrameLength(OrderEventCodec.LENGTH), OrdersRunDirectory.FRAME_BYTES);
        assertEquals(56, OrdersRunDirectory.FRAME_BYTES);
        final long perSegment = (SEGMENT - SegmentDescriptor.HEADER_LENGTH) / 56;
        // the first segment, and the one made ahead of the writer
        assertEquals(2L * SEGMENT, OrdersRunDirectory.logBytes(0, SEGMENT));
        assertEquals(2L * SEGMENT, OrdersRunDirectory.logBytes(perSegment, SEGMENT));
        assertEquals(3L * SEGMENT, OrdersRunDirectory.logBytes(perSegment + 1, SEGMENT));
        assertEquals(17L * SEGMENT, OrdersRunDirectory.logBytes(16 * perSegment, SEGMENT));
    }

    @Test
    void shouldRefuseACountPastWhatALogCanAddressWithoutOverflowing()
    {
        final long max = OrdersRunDirectory.maxCount(SEGMENT);
        assertTrue(OrdersRunDirectory.logBytes(max, SEGMENT) > 0);
        for (final long count : new long[]{ max + 1, 9_000_000_000_000_000_000L, Long.MAX_VALUE })
        {
            final RunDirectoryRefusedException ex = assertThrows(RunDirectoryRefusedException.class,
                () -> OrdersRunDirectory.logBytes(count, SEGMENT));
            assertTrue(ex.getMessage().contains("count " + count + " is more than a log can hold"), ex.getMessage());
        }
    }

    @Test
    void shouldRefuseARunThatDoesNotFitTheFileSystemBeforeWriting(@TempDir final Path dir) throws IOException
    {
        final long usable = Files.getFileStore(dir).getUsableSpace();
        final OrdersWorkload tooBig = WORKLOAD.withCount(usable / OrdersRunDirectory.FRAME_BYTES * 2);
        final Path run = dir.resolve("run");

        final RunDirectoryRefusedException ex = assertThrows(RunDirectoryRefusedException.class,
            () -> OrdersRunDirectory.prepare(run, tooBig));
        assertTrue(ex.getMessage().matches("the run needs about [0-9.]+ [MG]iB in " + run +
            ", which has [0-9.]+ [MG]iB free: give a smaller --count or another --dir"), ex.getMessage());
        assertFalse(Files.exists(run));
    }

    @Test
    void shouldStopWritingWhenInterruptedLeavingALogThatCloses(@TempDir final Path dir)
    {
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            final OrdersLogWriter writer = new OrdersLogWriter(log.appender());
            Thread.currentThread().interrupt();
            final CancellationException ex = assertThrows(CancellationException.class,
                () -> writer.write(new OrdersGenerator(WORKLOAD), WORKLOAD.count()));
            assertTrue(ex.getMessage().contains("interrupted after 0 events"), ex.getMessage());
            assertFalse(Thread.currentThread().isInterrupted(), "cleared, so that the log can be closed");
            assertEquals(0, log.recordCount());
        }
        finally
        {
            Thread.interrupted();
        }
    }

    private static List<String> names(final Path dir) throws IOException
    {
        try (Stream<Path> entries = Files.list(dir))
        {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

package dev.sluice.examples.orders;

import dev.sluice.log.LogConfig;
import dev.sluice.log.RecordDescriptor;
import dev.sluice.log.SegmentDescriptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The directory of one orders run: the log, and for a checkpointed run its {@code checkpoints/} and {@code output/}.
 * A directory holds one run, and its {@value #MANIFEST_FILE} says which: the workload with all its parameters, the
 * query's name and version and the record layout, none of which depend on the execution mode or on whether the run
 * checkpoints. So a directory may be used again by the same workload and query in any mode, with or without
 * checkpoints (the log it holds is completed, never written twice), and everything else is refused before a byte is
 * written:
 * <ul>
 *   <li>a manifest of another workload or query: the message names every recorded and requested value;</li>
 *   <li>a directory that is not empty and has no manifest: Sluice did not make it, or cannot tell what its log
 *       holds, and writes no segment and no lock file next to someone's files;</li>
 *   <li>a run that needs more space than the file system has ({@link #requireSpace}).</li>
 * </ul>
 *
 * <p>The manifest is written once, before the log: to a temporary file, forced, then linked to its name, which (unlike
 * a rename) never replaces a manifest another run made in the same moment, and the directory is forced. A directory
 * therefore never holds a log without a manifest, and a manifest never changes under a log. (Where the file system
 * has no hard links it is renamed into place instead.) What the mode and the delivery guarantee of a checkpointed run
 * must agree on is the checkpoints' business: a checkpoint refuses a run of another mode or another sink set.
 *
 * <p>Stateless; safe from any thread, but two runs of one directory are kept apart by the log's writer lock, not here.
 */
public final class OrdersRunDirectory
{
    /** The file in a run directory that records what wrote it. */
    public static final String MANIFEST_FILE = "sluice-run.properties";

    /** Version of the manifest's keys; a manifest of a higher version is refused, not guessed at. */
    public static final int MANIFEST_FORMAT = 1;

    /**
     * Bytes one order takes in the log: its frame, header and 8-byte alignment included
     * ({@code RecordDescriptor.alignedFrameLength}, spelled out so that it is a constant for help texts).
     */
    public static final int FRAME_BYTES = (RecordDescriptor.HEADER_LENGTH + OrderEventCodec.LENGTH +
        RecordDescriptor.ALIGNMENT - 1) & -RecordDescriptor.ALIGNMENT;

    /** The marker of runs before the manifest: {@code OrdersWorkload.toString()}; adopted when it matches. */
    static final String LEGACY_WORKLOAD_FILE = "workload.txt";

    /** The manifest key of a run whose log is not the generated workload: where its events came from. */
    public static final String SOURCE_KEY = "source";
    /** The partitions of a partitioned log; absent for one log. */
    public static final String PARTITIONS_KEY = "log.partitions";

    private static final String TEMP_SUFFIX = ".tmp";
    private static final String CREATED_KEY = "created";
    private static final int NAMES_SHOWN = 5;

    private OrdersRunDirectory()
    {
    }

    /**
     * Make {@code dir} ready for a run of {@code workload}, or refuse it having changed nothing.
     *
     * @param dir      the run's directory: new, empty, or one a run of the same workload and query made.
     * @param workload the workload the run writes and queries.
     * @return {@code dir}, which now exists and holds a manifest of this workload.
     * @throws RunDirectoryRefusedException when {@code dir} is not a directory and cannot be made one, holds another
     *                                      run or files Sluice did not write, or has too little space for the run.
     * @throws UncheckedIOException         when the file system fails, with the reason (e.g. permission denied).
     */
    public static Path prepare(final Path dir, final OrdersWorkload workload)
    {
        return prepare(dir, workload, 1);
    }

    /**
     * Like {@link #prepare(Path, OrdersWorkload)}, for a log of {@code partitions} partitions (a partitioned log
     * routed by (product, region) when more than 1), which the manifest records: a directory is refused to a run
     * asking for another partition count.
     */
    public static Path prepare(final Path dir, final OrdersWorkload workload, final int partitions)
    {
        return prepare(dir, manifestOf(workload, partitions), workload, partitions);
    }

    /**
     * Make {@code dir} ready for a run whose log is not generated (e.g. one that ingests JSON lines), or refuse it
     * having changed nothing: like {@link #prepare(Path, OrdersWorkload)}, without the check of free space.
     *
     * @param dir      the run's directory: new, empty, or one a run with the same manifest made.
     * @param manifest what the run records and a later run in {@code dir} must record alike.
     * @return {@code dir}, which now exists and holds the manifest.
     * @throws RunDirectoryRefusedException when {@code dir} is not a directory and cannot be made one, or holds
     *                                      another run or files Sluice did not write.
     * @throws UncheckedIOException         when the file system fails, with the reason.
     */
    public static Path prepare(final Path dir, final Map<String, String> manifest)
    {
        return prepare(dir, manifest, null, 1);
    }

    /**
     * @param workload the generated workload, or null for a run whose log is not generated.
     */
    private static Path prepare(
        final Path dir, final Map<String, String> requested, final OrdersWorkload workload, final int partitions)
    {
        if (Files.exists(dir) && !Files.isDirectory(dir))
        {
            throw new RunDirectoryRefusedException("run directory " + dir + " is " +
                (Files.isRegularFile(dir) ? "a regular file" : "not a directory") + ": give a directory that is " +
                "new, empty, or holds an earlier run of this " + (null == workload ? "kind" : "workload") +
                " (--dir)");
        }
        boolean hasManifest = false;
        if (Files.isDirectory(dir))
        {
            hasManifest = checkExisting(dir, workload, requested);
        }
        if (null != workload)
        {
            requireSpace(dir, workload, partitions);
        }
        if (!hasManifest)
        {
            createDirectories(dir);
            writeManifest(dir, requested);
        }
        return dir;
    }

    /**
     * @param dir a run directory.
     * @return what its manifest records, in file order; empty when it has none.
     */
    public static Map<String, String> readManifest(final Path dir)
    {
        final Path file = dir.resolve(MANIFEST_FILE);
        final Map<String, String> values = new LinkedHashMap<>();
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final NoSuchFileException ex)
        {
            return values;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file + ": " + reason(ex), ex);
        }
        for (final String line : lines)
        {
            final String trimmed = line.trim();
            final int equals = trimmed.indexOf('=');
            if (trimmed.isEmpty() || trimmed.startsWith("#") || equals < 1)
            {
                continue;
            }
            values.put(trimmed.substring(0, equals).trim(), trimmed.substring(equals + 1).trim());
        }
        return values;
    }

    /**
     * @param workload a workload.
     * @return the manifest a run of it records, without the time it was written.
     */
    public static Map<String, String> manifestOf(final OrdersWorkload workload)
    {
        return manifestOf(workload, 1);
    }

    /**
     * @param partitions the partitions of the run's log: recorded when more than 1 (a partitioned log).
     * @return the manifest a run of {@code workload} over such a log records.
     */
    public static Map<String, String> manifestOf(final OrdersWorkload workload, final int partitions)
    {
        final Map<String, String> m = new LinkedHashMap<>();
        m.put("format", Integer.toString(MANIFEST_FORMAT));
        m.put("query.name", Orders5m.NAME);
        m.put("query.version", Integer.toString(Orders5m.VERSION));
        m.put("record.codec", OrderEventCodec.class.getSimpleName());
        m.put("record.payloadBytes", Integer.toString(OrderEventCodec.LENGTH));
        m.put("workload.seed", Long.toString(workload.seed()));
        m.put("workload.count", Long.toString(workload.count()));
        m.put("workload.startMillis", Long.toString(workload.startMillis()));
        m.put("workload.eventsPerSecond", Long.toString(workload.eventsPerSecond()));
        m.put("workload.maxDelayMillis", Long.toString(workload.maxDelayMillis()));
        m.put("workload.lateEvery", Long.toString(workload.lateEvery()));
        m.put("workload.lateDelayMillis", Long.toString(workload.lateDelayMillis()));
        m.put("workload.products", Long.toString(workload.products()));
        m.put("workload.regions", Long.toString(workload.regions()));
        m.put("workload.customers", Long.toString(workload.customers()));
        if (partitions > 1)
        {
            m.put(PARTITIONS_KEY, Integer.toString(partitions));
        }
        return m;
    }

    /**
     * @param segmentLength bytes of one segment file.
     * @return the most orders a log of such segments can address: its positions are 63-bit byte offsets.
     */
    public static long maxCount(final int segmentLength)
    {
        return (Long.MAX_VALUE / segmentLength - 2) * ordersPerSegment(segmentLength);
    }

    /**
     * The disk space a log of {@code count} orders takes: whole segment files (they are made full size), each a
     * header and as many {@value #FRAME_BYTES}-byte frames as fit, plus the one segment made ahead of the writer.
     *
     * @param count         orders in the log.
     * @param segmentLength bytes of one segment file.
     * @return bytes of segment files.
     * @throws RunDirectoryRefusedException when {@code count} is more than {@link #maxCount(int)}.
     */
    public static long logBytes(final long count, final int segmentLength)
    {
        final long max = maxCount(segmentLength);
        if (count > max)
        {
            throw new RunDirectoryRefusedException("count " + count + " is more than a log can hold: its positions " +
                "are 63-bit byte offsets, so at most " + max + " orders of " + FRAME_BYTES + " bytes: give a " +
                "smaller --count");
        }
        final long perSegment = ordersPerSegment(segmentLength);
        final long segments = (count + perSegment - 1) / perSegment;
        // a log always has its first segment, and the preparer makes the next one ahead of the writer
        return (Math.max(1, segments) + 1) * segmentLength;
    }

    /**
     * Refuse a run whose log would not fit: the space its log needs, less what the segments already in {@code dir}
     * hold, against the usable space of the file system {@code dir} is (or will be) on.
     *
     * @param dir      the run's directory, or where it will be made.
     * @param workload the workload.
     * @throws RunDirectoryRefusedException naming both figures and the way out.
     */
    public static void requireSpace(final Path dir, final OrdersWorkload workload)
    {
        requireSpace(dir, workload, 1);
    }

    /**
     * Like {@link #requireSpace(Path, OrdersWorkload)} for a log of {@code partitions} partitions: each holds about
     * its share of the orders (a tenth more, for keys spread unevenly) in segments of its own.
     */
    public static void requireSpace(final Path dir, final OrdersWorkload workload, final int partitions)
    {
        final long perPartition = partitions == 1 ? workload.count() :
            workload.count() / partitions + workload.count() / partitions / 10 + 1;
        long held = segmentBytes(dir);
        for (int p = 0; p < partitions && partitions > 1; p++)
        {
            held += segmentBytes(dev.sluice.log.PartitionedLog.partitionDirectory(dir, p));
        }
        final long needed = partitions * logBytes(perPartition, LogConfig.DEFAULT_SEGMENT_LENGTH) - held;
        Path existing = dir.toAbsolutePath();
        while (null != existing && !Files.isDirectory(existing))
        {
            existing = existing.getParent();
        }
        if (null == existing || needed <= 0)
        {
            return;
        }
        final long usable;
        try
        {
            usable = Files.getFileStore(existing).getUsableSpace();
        }
        catch (final IOException ex)
        {
            // a file system that cannot say how much space it has: the log reports a full disk when it meets one
            return;
        }
        if (needed > usable)
        {
            throw new RunDirectoryRefusedException("the run needs about " + size(needed) + " in " + dir +
                ", which has " + size(usable) + " free: give a smaller --count or another --dir");
        }
    }

    /**
     * @param ex a file system error.
     * @return why it failed in a few words: "permission denied", "not a directory", ...
     */
    public static String reason(final IOException ex)
    {
        if (ex instanceof AccessDeniedException)
        {
            return "permission denied";
        }
        if (ex instanceof FileAlreadyExistsException)
        {
            return "a file of that name is in the way";
        }
        if (ex instanceof NoSuchFileException)
        {
            return "no such file or directory";
        }
        if (ex instanceof FileSystemException && null != ((FileSystemException)ex).getReason())
        {
            return ((FileSystemException)ex).getReason().toLowerCase(Locale.ROOT);
        }
        return ex.toString();
    }

    private static long ordersPerSegment(final int segmentLength)
    {
        return (segmentLength - SegmentDescriptor.HEADER_LENGTH) / FRAME_BYTES;
    }

    /**
     * @return {@code bytes} in MiB below a GiB, else in GiB: "128 MiB", "41.9 GiB".
     */
    private static String size(final long bytes)
    {
        return bytes < 1L << 30 ? String.format(Locale.ROOT, "%d MiB", (bytes + (1 << 20) - 1) >> 20) :
            String.format(Locale.ROOT, "%.1f GiB", bytes / (double)(1L << 30));
    }

    private static long segmentBytes(final Path dir)
    {
        if (!Files.isDirectory(dir))
        {
            return 0;
        }
        long bytes = 0;
        for (final Path file : list(dir))
        {
            final String name = file.getFileName().toString();
            if (name.endsWith(SegmentDescriptor.SUFFIX) || name.endsWith(SegmentDescriptor.TEMP_SUFFIX))
            {
                try
                {
                    bytes += Files.size(file);
                }
                catch (final IOException ignore)
                {
                    // gone meanwhile: counts as space still needed
                }
            }
        }
        return bytes;
    }

    /**
     * @return true when {@code dir} has a manifest of this run (or a legacy marker that matches, now a manifest).
     */
    private static boolean checkExisting(
        final Path dir, final OrdersWorkload workload, final Map<String, String> requested)
    {
        final Map<String, String> recorded = readManifest(dir);
        if (!recorded.isEmpty())
        {
            requireSameRun(dir, recorded, requested);
            return true;
        }
        final List<String> names = new ArrayList<>();
        for (final Path entry : list(dir))
        {
            final String name = entry.getFileName().toString();
            if (!isManifestTemp(name))
            {
                names.add(name);
            }
        }
        if (names.isEmpty())
        {
            return false;
        }
        names.sort(null);
        if (null != workload && names.contains(LEGACY_WORKLOAD_FILE))
        {
            adoptLegacy(dir, workload, requested);
            return true;
        }
        final boolean holdsLog = names.stream().anyMatch(n -> n.endsWith(SegmentDescriptor.SUFFIX));
        throw new RunDirectoryRefusedException("directory " + dir + " is not empty and has no " + MANIFEST_FILE +
            (holdsLog ?
            ", so which workload its log was written with is unknown (an older sluice, or the library, wrote it)" :
            ", so Sluice did not make it") +
            ": it holds " + shown(names) + ". Give a new or empty directory (--dir)" +
            (holdsLog ? ", or delete " + dir + " to start over" : "") + "; nothing in it was changed");
    }

    private static void requireSameRun(
        final Path dir, final Map<String, String> recorded, final Map<String, String> requested)
    {
        final String format = recorded.getOrDefault("format", "?");
        if (!format.equals(Integer.toString(MANIFEST_FORMAT)))
        {
            throw new RunDirectoryRefusedException("directory " + dir + " was made by another version of Sluice " +
                "(its " + MANIFEST_FILE + " has format " + format + ", this one reads " + MANIFEST_FORMAT + "): " +
                "give another --dir, or delete " + dir + " to start over");
        }
        final String recordedPartitions = recorded.getOrDefault(PARTITIONS_KEY, "1");
        final String requestedPartitions = requested.getOrDefault(PARTITIONS_KEY, "1");
        if (!recordedPartitions.equals(requestedPartitions))
        {
            throw new RunDirectoryRefusedException("directory " + dir + " holds a log of " + recordedPartitions +
                " partition(s), not " + requestedPartitions + " (--partitions): give --partitions " +
                recordedPartitions + ", another --dir, or delete " + dir + " to start over");
        }
        final String recordedSource = recorded.get(SOURCE_KEY);
        final String requestedSource = requested.get(SOURCE_KEY);
        if (!Objects.equals(recordedSource, requestedSource))
        {
            throw new RunDirectoryRefusedException("directory " + dir + " holds " + describeSource(recordedSource) +
                ", not " + describeSource(requestedSource) + ": give another --dir, or delete " + dir +
                " to start over");
        }
        final StringBuilder recordedValues = new StringBuilder();
        final StringBuilder requestedValues = new StringBuilder();
        for (final Map.Entry<String, String> entry : requested.entrySet())
        {
            final String was = recorded.get(entry.getKey());
            if (!entry.getValue().equals(was))
            {
                final String sep = recordedValues.length() == 0 ? "" : ", ";
                recordedValues.append(sep).append(entry.getKey()).append('=').append(null == was ? "(none)" : was);
                requestedValues.append(sep).append(entry.getKey()).append('=').append(entry.getValue());
            }
        }
        if (recordedValues.length() > 0)
        {
            throw new RunDirectoryRefusedException("directory " + dir + " holds the run of another workload or " +
                "query: it recorded " + recordedValues + " but this run asks for " + requestedValues + " (see " +
                dir.resolve(MANIFEST_FILE) + "). Its log and output belong to that run: give another --dir, or " +
                "delete " + dir + " to start over");
        }
    }

    private static String describeSource(final String source)
    {
        return null == source ? "a run of the orders workload" : "a log of " + source;
    }

    private static void adoptLegacy(final Path dir, final OrdersWorkload workload, final Map<String, String> requested)
    {
        final Path marker = dir.resolve(LEGACY_WORKLOAD_FILE);
        final String found;
        try
        {
            found = Files.readString(marker, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + marker + ": " + reason(ex), ex);
        }
        if (!found.equals(workload.toString()))
        {
            throw new RunDirectoryRefusedException("directory " + dir + " holds the run of another workload: it " +
                "recorded " + found + " but this run asks for " + workload + ": give another --dir, or delete " +
                dir + " to start over");
        }
        writeManifest(dir, requested);
    }

    private static String shown(final List<String> names)
    {
        final int shown = Math.min(NAMES_SHOWN, names.size());
        final String list = String.join(", ", names.subList(0, shown));
        return names.size() > shown ? list + " and " + (names.size() - shown) + " more" : list;
    }

    private static boolean isManifestTemp(final String name)
    {
        return name.startsWith(MANIFEST_FILE + ".") && name.endsWith(TEMP_SUFFIX);
    }

    private static List<Path> list(final Path dir)
    {
        try (Stream<Path> entries = Files.list(dir))
        {
            return entries.toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list run directory " + dir + ": " + reason(ex), ex);
        }
    }

    private static void createDirectories(final Path dir)
    {
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            final String at = ex instanceof FileSystemException ? ((FileSystemException)ex).getFile() : null;
            throw new RunDirectoryRefusedException("cannot create run directory " + dir + ": " + reason(ex) +
                (null == at || dir.toAbsolutePath().toString().equals(at) ? "" : " (at " + at + ")") +
                ": give another directory (--dir)");
        }
    }

    private static void writeManifest(final Path dir, final Map<String, String> requested)
    {
        final StringBuilder text = new StringBuilder(640)
            .append("# Written by sluice: the run this directory holds. A run that asks for another workload or\n")
            .append("# query is refused; give it another directory, or delete this one to start over. Do not edit.\n");
        for (final Map.Entry<String, String> entry : requested.entrySet())
        {
            text.append(entry.getKey()).append('=').append(entry.getValue()).append('\n');
        }
        text.append(CREATED_KEY).append('=').append(Instant.now()).append('\n');

        final Path manifest = dir.resolve(MANIFEST_FILE);
        final Path temp = dir.resolve(MANIFEST_FILE + "." + ProcessHandle.current().pid() + TEMP_SUFFIX);
        try
        {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                final ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining())
                {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try
            {
                // a link never replaces: of two runs started in one new directory at once, one manifest wins
                Files.createLink(manifest, temp);
            }
            catch (final FileAlreadyExistsException ex)
            {
                requireSameRun(dir, readManifest(dir), requested);
            }
            catch (final UnsupportedOperationException | FileSystemException ex)
            {
                Files.move(temp, manifest, StandardCopyOption.ATOMIC_MOVE);
            }
            finally
            {
                Files.deleteIfExists(temp);
            }
            forceDirectory(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + manifest + ": " + reason(ex), ex);
        }
    }

    private static void forceDirectory(final Path dir)
    {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ignore)
        {
            // not every platform forces a directory; the manifest itself was forced
        }
    }
}

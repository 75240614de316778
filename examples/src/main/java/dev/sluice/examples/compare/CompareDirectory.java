package dev.sluice.examples.compare;

import dev.sluice.examples.orders.OrdersRunDirectory;
import dev.sluice.examples.orders.RunDirectoryRefusedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The directory of {@code sluice compare}, under the rules of {@link OrdersRunDirectory}: new or empty, or one that
 * compare made (its {@value #MARKER_FILE} says so); anything else is refused before a byte is written, and nothing
 * compare did not make is ever deleted. What it holds:
 * <pre>
 *   D/sluice-compare.properties   made first: the directory is compare's
 *   D/log-N[-seedS][-lateK]/      the orders log of the throughput runs at P = 1 (and of the runs under load), an
 *                                 OrdersRunDirectory: reused when a later run asks for the same workload
 *   D/log-...-partsP/             the same orders in P partitions by (product, region), for the throughput runs at
 *                                 P &gt; 1: each worker reads the partition of its own keys
 *   D/load/                       the logs of the runs under load, each deleted when its run ends
 *   D/report/                     report.md, report.html, the .hgrm files and the charts: rewritten by each run
 * </pre>
 * Stateless.
 */
public final class CompareDirectory
{
    /** The file that makes a directory compare's. */
    public static final String MARKER_FILE = "sluice-compare.properties";
    /** Where the report goes. */
    public static final String REPORT = "report";
    private static final String LOAD = "load";

    private CompareDirectory()
    {
    }

    /**
     * @param dir the directory given with --dir (or the default).
     * @return {@code dir}, now existing and marked as compare's, its scratch logs of an interrupted run deleted.
     * @throws RunDirectoryRefusedException when it is a file, or holds something compare did not make.
     */
    public static Path prepare(final Path dir)
    {
        if (Files.exists(dir) && !Files.isDirectory(dir))
        {
            throw new RunDirectoryRefusedException("--dir " + dir + " is " + (Files.isRegularFile(dir) ?
                "a regular file" : "not a directory") + ": give a directory that is new, empty, or one an earlier " +
                "sluice compare made");
        }
        if (Files.isDirectory(dir) && !Files.exists(dir.resolve(MARKER_FILE)))
        {
            final List<String> names = list(dir).stream().map(p -> p.getFileName().toString()).sorted().toList();
            if (!names.isEmpty())
            {
                final String shown = String.join(", ", names.subList(0, Math.min(5, names.size()))) +
                    (names.size() > 5 ? " and " + (names.size() - 5) + " more" : "");
                throw new RunDirectoryRefusedException("--dir " + dir + " is not empty and has no " + MARKER_FILE +
                    ", so sluice compare did not make it: it holds " + shown + ". Give a new or empty directory " +
                    "(--dir); nothing in it was changed");
            }
        }
        try
        {
            Files.createDirectories(dir);
            if (!Files.exists(dir.resolve(MARKER_FILE)))
            {
                Files.writeString(dir.resolve(MARKER_FILE), "# Written by sluice compare: this directory holds " +
                    "its logs (log-*/, load/) and its report (report/).\nformat=1\ncreated=" + Instant.now() + "\n",
                    StandardCharsets.UTF_8);
            }
        }
        catch (final IOException ex)
        {
            throw new RunDirectoryRefusedException("cannot use --dir " + dir + ": " + OrdersRunDirectory.reason(ex) +
                ": give another directory (--dir)");
        }
        deleteRecursively(dir.resolve(LOAD));
        return dir;
    }

    /**
     * @param dir          a prepared directory.
     * @param name         the run's name, e.g. "streaming" or "sweep-streaming-1000000".
     * @return a new empty directory for the log of a run under load; delete it with {@link #deleteLoad}.
     */
    public static Path newLoadDirectory(final Path dir, final String name)
    {
        final Path load = dir.resolve(LOAD).resolve(name);
        deleteRecursively(load);
        try
        {
            Files.createDirectories(load);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create " + load + ": " + OrdersRunDirectory.reason(ex), ex);
        }
        return load;
    }

    /**
     * @param loadDirectory a directory {@link #newLoadDirectory} made.
     */
    public static void deleteLoad(final Path loadDirectory)
    {
        deleteRecursively(loadDirectory);
    }

    /**
     * @param dir      a prepared directory.
     * @param count    events of the throughput log.
     * @param seed     their seed.
     * @param lateEvery every this many events one is late; 0 for none.
     * @return where that workload's log lives.
     */
    public static Path logDirectory(final Path dir, final long count, final long seed, final long lateEvery)
    {
        return logDirectory(dir, count, seed, lateEvery, 1);
    }

    /**
     * @param partitions 1 for the one log, else the partitions of a partitioned log of the same workload.
     * @return where that workload's log of {@code partitions} partitions lives.
     */
    public static Path logDirectory(
        final Path dir, final long count, final long seed, final long lateEvery, final int partitions)
    {
        return dir.resolve("log-" + count + (seed == 42 ? "" : "-seed" + seed) +
            (lateEvery == 0 ? "" : "-late" + lateEvery) + (partitions == 1 ? "" : "-parts" + partitions));
    }

    private static List<Path> list(final Path dir)
    {
        try (Stream<Path> entries = Files.list(dir))
        {
            return entries.toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + dir + ": " + OrdersRunDirectory.reason(ex), ex);
        }
    }

    private static void deleteRecursively(final Path root)
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete " + root + ": " + OrdersRunDirectory.reason(ex), ex);
        }
    }
}

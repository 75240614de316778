package dev.sluice.bench.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scratch directories for the logs under test, made under {@code sluice.bench.dir} (default
 * {@code java.io.tmpdir}) and deleted with everything in them.
 */
public final class TempDirs
{
    /** System property naming the parent directory of the scratch logs; both logs use the same file system. */
    public static final String DIR_PROPERTY = "sluice.bench.dir";

    /** Made and not yet deleted: a shutdown hook deletes them when the run is interrupted (Ctrl-C). */
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static
    {
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            for (final Path dir : LIVE)
            {
                try
                {
                    delete(dir);
                }
                catch (final RuntimeException ex)
                {
                    System.err.println(ex.getMessage());
                }
            }
        }, "sluice-bench-temp-cleanup"));
    }

    private TempDirs()
    {
    }

    /**
     * @return a new, empty directory whose name starts with {@code prefix}.
     */
    public static Path create(final String prefix)
    {
        try
        {
            final Path parent = Paths.get(System.getProperty(DIR_PROPERTY, System.getProperty("java.io.tmpdir")));
            Files.createDirectories(parent);
            final Path dir = Files.createTempDirectory(parent, prefix);
            LIVE.add(dir);
            return dir;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot make a scratch directory for " + prefix + ": " + ex +
                "; point -D" + DIR_PROPERTY + " (or --dir) at a writable directory", ex);
        }
    }

    /**
     * Deletes {@code dir} and everything under it; a directory already gone is fine.
     */
    public static void delete(final Path dir)
    {
        if (dir == null)
        {
            return;
        }
        LIVE.remove(dir);
        if (!Files.exists(dir))
        {
            return;
        }
        try
        {
            Files.walkFileTree(dir, new SimpleFileVisitor<>()
            {
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException
                {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                public FileVisitResult postVisitDirectory(final Path d, final IOException ex) throws IOException
                {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete scratch directory " + dir + ": " + ex, ex);
        }
    }
}

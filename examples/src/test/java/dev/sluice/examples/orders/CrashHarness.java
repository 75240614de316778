package dev.sluice.examples.orders;

import dev.sluice.core.sink.CommittedOutput;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Starts {@link OrdersCrashChild} JVMs, kills them with SIGKILL ({@code destroyForcibly}) where they pause or at
 * a random moment, and checks the durable output of the final run.
 */
final class CrashHarness
{
    /** orders-5m over the default workload of 1M events (examples/workloads/orders.md). */
    static final String SHA_1M = "62e52988042d6218b1ca3e4be887b288208b9fe11eb9619483f1900bc01a377f";
    static final long ROWS_1M = 34157;
    static final String EOF = "\u0000EOF";
    static final String CLASS_PATH = snapshotClassPath();

    private final Path dir;
    private final String mode;
    private final long count;
    private final long every;
    private final int maxRecordsPerBatch;
    final List<String> log = new ArrayList<>();
    int kills;
    /** Workers of the next child's parallel job, 0 for the job on one thread; may change between children. */
    int parallelism;
    /** Partitions of the run's log (more than 1: a partitioned log, and the parallel runner). */
    int partitions = 1;

    CrashHarness(final Path dir, final String mode, final long count, final long every, final int maxRecordsPerBatch)
    {
        this.dir = dir;
        this.mode = mode;
        this.count = count;
        this.every = every;
        this.maxRecordsPerBatch = maxRecordsPerBatch;
    }

    /**
     * The test class path with its class directories copied aside, so that a build recompiling them while the
     * children run (another Maven run in the same tree) cannot pull classes from under a child.
     */
    private static String snapshotClassPath()
    {
        try
        {
            // under target/ (the module directory is the test's working directory): a copy a halted fork leaves
            // behind goes with the next mvn clean
            final Path targetDir = java.nio.file.Files.createDirectories(Path.of("target"));
            final Path copies = java.nio.file.Files.createTempDirectory(targetDir, "crash-test-classpath-");
            Runtime.getRuntime().addShutdownHook(new Thread(() ->
            {
                try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(copies))
                {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
                catch (final IOException ignore)
                {
                    // a temporary copy left behind
                }
            }, "delete-class-path-copy"));
            final List<String> entries = new ArrayList<>();
            int n = 0;
            for (final String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator))
            {
                final Path path = Path.of(entry);
                if (java.nio.file.Files.isDirectory(path))
                {
                    final Path copy = copies.resolve("cp" + n++);
                    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(path))
                    {
                        for (final Path file : (Iterable<Path>)files::iterator)
                        {
                            final Path target = copy.resolve(path.relativize(file).toString());
                            if (java.nio.file.Files.isDirectory(file))
                            {
                                java.nio.file.Files.createDirectories(target);
                            }
                            else
                            {
                                java.nio.file.Files.copy(file, target);
                            }
                        }
                    }
                    entries.add(copy.toString());
                }
                else
                {
                    entries.add(entry);
                }
            }
            return String.join(java.io.File.pathSeparator, entries);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException("cannot copy the test class path", ex);
        }
    }

    private Process start(final String pause) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-cp", CLASS_PATH,
            OrdersCrashChild.class.getName(),
            dir.toString(), mode, Long.toString(count), Long.toString(every), Integer.toString(maxRecordsPerBatch),
            pause));
        if (parallelism > 0 || partitions > 1)
        {
            command.add(Integer.toString(parallelism));
            command.add(Integer.toString(partitions));
            log.add("parallelism " + parallelism + ", partitions " + partitions);
        }
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    static LinkedBlockingQueue<String> lines(final Process process)
    {
        final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final Thread reader = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = in.readLine()) != null)
                {
                    lines.add(line);
                }
            }
            catch (final IOException ignore)
            {
                // the process was killed
            }
            lines.add(EOF);
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    /**
     * Run a child that pauses at {@code pause} and kill it there. If it finishes before reaching the pause (the
     * point lies beyond what is left to do), that is fine: the output is checked at the end either way.
     *
     * @return true if it was killed at the pause.
     */
    boolean killAtPause(final String pause) throws Exception
    {
        final Process process = start(pause);
        final LinkedBlockingQueue<String> lines = lines(process);
        while (true)
        {
            final String line = lines.poll(120, TimeUnit.SECONDS);
            assertNotNull(line, "child neither paused at " + pause + " nor ended within 120 s; output: " + log);
            if (line.startsWith("PAUSED"))
            {
                process.destroyForcibly().waitFor();
                kills++;
                log.add("killed at " + line.substring(7));
                return true;
            }
            if (line.equals(EOF))
            {
                final int exit = process.waitFor();
                assertEquals(0, exit, "child failed before pausing at " + pause + ": " + log);
                log.add("finished before " + pause);
                return false;
            }
            log.add(line);
        }
    }

    /**
     * Run a child and kill it after {@code delayMs}, wherever it is (writing the log, processing, checkpointing,
     * committing); if it finished before, fine.
     */
    boolean killAfter(final long delayMs) throws Exception
    {
        final Process process = start("none");
        final LinkedBlockingQueue<String> lines = lines(process);
        if (!process.waitFor(delayMs, TimeUnit.MILLISECONDS))
        {
            process.destroyForcibly().waitFor();
            kills++;
            log.add("killed after " + delayMs + " ms");
            return true;
        }
        assertEquals(0, process.exitValue(), "child failed: " + drain(lines));
        log.add("finished within " + delayMs + " ms");
        return false;
    }

    /**
     * Run a child to its end.
     *
     * @return its last line.
     */
    String finish() throws Exception
    {
        final Process process = start("none");
        final LinkedBlockingQueue<String> lines = lines(process);
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "child did not finish within 180 s");
        final List<String> output = drain(lines);
        assertEquals(0, process.exitValue(), "child failed: " + output);
        assertFalse(output.isEmpty());
        log.addAll(output);
        return output.get(output.size() - 1);
    }

    private static List<String> drain(final LinkedBlockingQueue<String> lines) throws InterruptedException
    {
        final List<String> out = new ArrayList<>();
        String line;
        while (!(line = lines.take()).equals(EOF))
        {
            out.add(line);
        }
        return out;
    }

    /**
     * The durable output: each result once (no duplicate seq, no gap), and the rows of an uninterrupted run.
     */
    void assertOutput(final long expectedRows, final String expectedSha)
    {
        final CommittedOutput output = CommittedOutput.readEpochFiles(OrdersRun.outputDirectory(dir),
            Orders5m.define(() -> null, OrdersWorkload.DEFAULT_MAX_DELAY_MILLIS)
                .sink(r -> { }).build().schema());
        assertEquals(0, output.duplicates(), "duplicate seq in the durable output; " + log);
        assertEquals(-1, output.firstGap(), "gap in the durable output; " + log);
        assertEquals(expectedRows, output.rows().size(), "rows; " + log);
        assertEquals(expectedRows, output.results(), "no late events: one result per row; " + log);
        assertEquals(expectedSha, Orders5m.checksum(output.rows()), "checksum; " + log);
    }
}

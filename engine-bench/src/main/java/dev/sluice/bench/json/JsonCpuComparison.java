package dev.sluice.bench.json;

import dev.sluice.bench.BenchFlags;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The four cases of {@link JsonIngestBenchmark} side by side, timed by the thread's CPU time rather than the wall
 * clock: on a machine shared with other work, time spent waiting for a core is not counted against either side.
 * Each run of a case is a fresh JVM (as a JMH fork: one case's code paths do not shape the JIT's compilation of
 * another's) with JMH's flags, running whole invocations (100k lines) for about {@code millis} of wall time after a
 * warm-up of the same length; the cases alternate, {@code rounds} times. The figures are events (lines) and MB per
 * CPU-second, the median over the rounds, and the median of the per-round ratios to databind's iterator. Page
 * faults of the ingest's fresh log are the thread's own system time, so they count. Prints to {@code out}.
 */
public final class JsonCpuComparison
{
    private static final String[] CASES = {"decode", "ingest", "databindStream", "databindLines"};
    private static volatile long consumed;

    private JsonCpuComparison()
    {
    }

    /**
     * @param rounds how many times each case runs, alternating.
     * @param millis wall time of one case's run (and of its warm-up).
     */
    public static void run(final int rounds, final long millis, final PrintStream out)
    {
        final double[][] eventsPerCpuSecond = new double[CASES.length][rounds];
        final double[][] megabytesPerCpuSecond = new double[CASES.length][rounds];
        for (int r = 0; r < rounds; r++)
        {
            for (int c = 0; c < CASES.length; c++)
            {
                final double[] perSecond = runChild(c, millis);
                eventsPerCpuSecond[c][r] = perSecond[0];
                megabytesPerCpuSecond[c][r] = perSecond[1] / 1e6;
            }
            out.printf(Locale.ROOT, "round %d: decode=%.2fM ingest=%.2fM databindStream=%.2fM databindLines=%.2fM " +
                    "events/cpu-s (load average %.2f)%n", r + 1, eventsPerCpuSecond[0][r] / 1e6,
                eventsPerCpuSecond[1][r] / 1e6, eventsPerCpuSecond[2][r] / 1e6, eventsPerCpuSecond[3][r] / 1e6,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        for (int c = 0; c < CASES.length; c++)
        {
            final double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++)
            {
                ratios[r] = eventsPerCpuSecond[c][r] / eventsPerCpuSecond[2][r];
            }
            out.printf(Locale.ROOT, "json-cpu-%s events/cpu-s=%.2fM (%.2fM..%.2fM) MB/cpu-s=%.0f " +
                    "ratio-to-databindStream=%.2f (%.2f..%.2f)%n", CASES[c], median(eventsPerCpuSecond[c]) / 1e6,
                min(eventsPerCpuSecond[c]) / 1e6, max(eventsPerCpuSecond[c]) / 1e6, median(megabytesPerCpuSecond[c]),
                median(ratios), min(ratios), max(ratios));
        }
    }

    /**
     * One run of one case in its own JVM: {@code <case> <millis>}; prints its events and bytes per CPU-second.
     */
    public static void main(final String[] args)
    {
        final int c = Arrays.asList(CASES).indexOf(args[0]);
        final long millis = Long.parseLong(args[1]);
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final JsonIngestBenchmark bench = new JsonIngestBenchmark();
        bench.writeLines();
        measure(bench, c, millis, threads);
        final double[] perSecond = measure(bench, c, millis, threads);
        System.out.println(perSecond[0] + " " + perSecond[1]);
    }

    private static double[] runChild(final int c, final long millis)
    {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = List.of(java, BenchFlags.AGRONA_MISC, BenchFlags.HEAP_MIN, BenchFlags.HEAP_MAX,
            "-cp", System.getProperty("java.class.path"), JsonCpuComparison.class.getName(), CASES[c],
            Long.toString(millis));
        try
        {
            final Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (child.waitFor() != 0)
            {
                throw new IllegalStateException("the " + CASES[c] + " run failed (exit " + child.exitValue() +
                    "): " + output);
            }
            final String[] fields = output.substring(output.lastIndexOf('\n') + 1).split(" ");
            return new double[]{Double.parseDouble(fields[0]), Double.parseDouble(fields[1])};
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("starting " + command + " failed", ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the " + CASES[c] + " run", ex);
        }
    }

    /**
     * @return events and bytes per CPU-second of the case over whole invocations for about {@code millis}.
     */
    private static double[] measure(
        final JsonIngestBenchmark bench, final int c, final long millis, final ThreadMXBean threads)
    {
        final JsonIngestBenchmark.Bytes bytes = new JsonIngestBenchmark.Bytes();
        final JsonIngestBenchmark.IngestLog log = new JsonIngestBenchmark.IngestLog();
        if (c == 1)
        {
            log.open();
        }
        long invocations = 0;
        long sink = 0;
        final long endNs = System.nanoTime() + millis * 1_000_000L;
        final long startCpuNs = threads.getCurrentThreadCpuTime();
        try
        {
            do
            {
                switch (c)
                {
                    case 0 -> sink += bench.decode(bytes);
                    case 1 -> sink += bench.ingest(log, bytes);
                    case 2 -> sink += bench.databindStream(bytes);
                    default -> sink += bench.databindLines(bytes);
                }
                invocations++;
            }
            while (System.nanoTime() < endNs);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final double cpuSeconds = (threads.getCurrentThreadCpuTime() - startCpuNs) / 1e9;
        if (c == 1)
        {
            log.close();
        }
        // keeps the results alive, so that no case can be optimised away
        consumed = sink;
        return new double[]{invocations * JsonIngestBenchmark.EVENTS / cpuSeconds, bytes.bytes / cpuSeconds};
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(final double[] values)
    {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(final double[] values)
    {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}

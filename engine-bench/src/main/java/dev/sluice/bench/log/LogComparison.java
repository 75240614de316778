package dev.sluice.bench.log;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * The quick side-by-side of Sluice and Chronicle Queue, without JMH, in one JVM run of a few seconds: both are
 * warmed up, then append and scan are timed at each payload size in alternating rounds (a fresh log and queue
 * per round, Sluice first in even rounds and Chronicle first in odd ones), and the median round is reported;
 * then, optionally, one-hop latency at a fixed rate. A round times the second of two scans on each side, as the
 * JMH scan benchmark does (Sluice's first scan checks every record's CRC32C; the second trusts what it checked).
 * Prints one line per figure:
 *
 * <pre>
 *   log-append-40B sluice=&lt;msgs/s&gt; chronicle=&lt;msgs/s&gt; ratio=&lt;sluice/chronicle&gt;
 * </pre>
 *
 * For figures with error bars use the JMH benchmarks in this package.
 */
public final class LogComparison
{
    private static final int[] PAYLOADS = {40, 200};
    private static final int LATENCY_PAYLOAD = 40;
    private static final long LATENCY_RATE = 1_000_000;

    private final int messages;
    private final int rounds;
    private static final int LATENCY_ROUNDS = 3;
    private final int latencyMessages;
    private final PrintStream out;

    public LogComparison(final int messages, final int rounds, final int latencyMessages, final PrintStream out)
    {
        if (messages < 1 || rounds < 1 || latencyMessages < 0)
        {
            throw new IllegalArgumentException("messages " + messages + ", rounds " + rounds +
                " and latency messages " + latencyMessages + " must be positive (latency messages may be 0)");
        }
        this.messages = messages;
        this.rounds = rounds;
        this.latencyMessages = latencyMessages;
        this.out = out;
    }

    public void run()
    {
        out.printf("# machine: cores=%d jvm=%s (%s) os=%s %s dir=%s%n", Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.vm.version"), System.getProperty("java.vm.name"), System.getProperty("os.name"),
            System.getProperty("os.arch"), System.getProperty(TempDirs.DIR_PROPERTY,
            System.getProperty("java.io.tmpdir")));
        out.printf("# %d messages per round, median of %d alternating rounds per figure%n", messages, rounds);
        out.flush();

        final int warmupMessages = Math.min(messages, 500_000);
        for (int i = 0; i < 3; i++)
        {
            for (final int payload : PAYLOADS)
            {
                round(payload, warmupMessages, true);
                round(payload, warmupMessages, false);
            }
        }

        final String[] lines = new String[PAYLOADS.length * 2];
        for (int p = 0; p < PAYLOADS.length; p++)
        {
            final int payload = PAYLOADS[p];
            final double[] sluiceAppend = new double[rounds];
            final double[] sluiceScan = new double[rounds];
            final double[] chronicleAppend = new double[rounds];
            final double[] chronicleScan = new double[rounds];
            for (int r = 0; r < rounds; r++)
            {
                final boolean sluiceFirst = (r & 1) == 0;
                final double[] first = round(payload, messages, sluiceFirst);
                final double[] second = round(payload, messages, !sluiceFirst);
                final double[] sluice = sluiceFirst ? first : second;
                final double[] chronicle = sluiceFirst ? second : first;
                sluiceAppend[r] = sluice[0];
                sluiceScan[r] = sluice[1];
                chronicleAppend[r] = chronicle[0];
                chronicleScan[r] = chronicle[1];
            }
            lines[p * 2] = figure("log-append-" + payload + "B", median(sluiceAppend), median(chronicleAppend));
            lines[p * 2 + 1] = figure("log-scan-" + payload + "B", median(sluiceScan), median(chronicleScan));
        }

        if (latencyMessages > 0)
        {
            // alternate which system goes first, as the throughput rounds do: the first run in a JVM pays for
            // compilation on the two cores its spinning threads already take
            final long[][] sluice = new long[LATENCY_ROUNDS][];
            final long[][] chronicle = new long[LATENCY_ROUNDS][];
            for (int r = 0; r < LATENCY_ROUNDS; r++)
            {
                if (r % 2 == 0)
                {
                    sluice[r] = percentiles(sluiceLatency());
                    chronicle[r] = percentiles(chronicleLatency());
                }
                else
                {
                    chronicle[r] = percentiles(chronicleLatency());
                    sluice[r] = percentiles(sluiceLatency());
                }
            }
            out.printf("# one-hop latency, writer thread -> reader thread, %d msgs/s, %dB, %d messages each," +
                " from each message's due time; median of %d alternating rounds%n", LATENCY_RATE, LATENCY_PAYLOAD,
                latencyMessages, LATENCY_ROUNDS);
            final String[] names = {"p50", "p99", "p99.9", "p99.99", "max"};
            for (int i = 0; i < names.length; i++)
            {
                latencyLine(names[i], medianOf(sluice, i), medianOf(chronicle, i));
            }
        }
        for (final String line : lines)
        {
            out.println(line);
        }
        out.flush();
    }

    /**
     * @return {append msgs/s, scan msgs/s} of one system for one round on a fresh log.
     */
    private double[] round(final int payload, final int count, final boolean sluice)
    {
        return sluice ? sluiceRound(payload, count) : chronicleRound(payload, count);
    }

    private static double[] sluiceRound(final int payload, final int count)
    {
        try (SluiceLogDriver driver = new SluiceLogDriver(payload))
        {
            return timeRound(driver, "Sluice", count);
        }
    }

    private static double[] chronicleRound(final int payload, final int count)
    {
        try (ChronicleQueueDriver driver = new ChronicleQueueDriver(payload))
        {
            return timeRound(driver, "Chronicle Queue", count);
        }
    }

    /**
     * @return {append msgs/s, msgs/s of the second of two scans}.
     */
    private static double[] timeRound(final LogDriver driver, final String name, final int count)
    {
        final long t0 = System.nanoTime();
        driver.appendMessages(count);
        final long t1 = System.nanoTime();
        driver.scanAll();
        final long t2 = System.nanoTime();
        driver.scanAll();
        final long t3 = System.nanoTime();
        checkScanned(name, driver.lastScanRecords(), count);
        return new double[]{rate(count, t1 - t0), rate(count, t3 - t2)};
    }

    private static long[] percentiles(final Histogram histogram)
    {
        return new long[]{histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99),
            histogram.getValueAtPercentile(99.9), histogram.getValueAtPercentile(99.99), histogram.getMaxValue()};
    }

    private static long medianOf(final long[][] rounds, final int column)
    {
        final long[] values = new long[rounds.length];
        for (int r = 0; r < rounds.length; r++)
        {
            values[r] = rounds[r][column];
        }
        java.util.Arrays.sort(values);
        return values[values.length / 2];
    }

    private Histogram sluiceLatency()
    {
        final Histogram histogram = OneHopLatency.newHistogram();
        try (SluiceLogDriver driver = new SluiceLogDriver(LATENCY_PAYLOAD))
        {
            OneHopLatency.run(driver::appendStamped, driver::newReceiver, latencyMessages / 5, latencyMessages,
                LATENCY_RATE, histogram);
        }
        return histogram;
    }

    private Histogram chronicleLatency()
    {
        final Histogram histogram = OneHopLatency.newHistogram();
        try (ChronicleQueueDriver driver = new ChronicleQueueDriver(LATENCY_PAYLOAD))
        {
            OneHopLatency.run(driver::appendStamped, driver::newReceiver, latencyMessages / 5, latencyMessages,
                LATENCY_RATE, histogram);
        }
        return histogram;
    }

    private void latencyLine(final String name, final long sluiceNs, final long chronicleNs)
    {
        out.printf(Locale.ROOT, "log-latency-%s-ns sluice=%d chronicle=%d ratio=%.2f%n", name, sluiceNs, chronicleNs,
            chronicleNs == 0 ? 0.0 : (double)sluiceNs / chronicleNs);
    }

    private static String figure(final String name, final double sluice, final double chronicle)
    {
        return String.format(Locale.ROOT, "%s sluice=%d chronicle=%d ratio=%.2f", name, Math.round(sluice),
            Math.round(chronicle), sluice / chronicle);
    }

    private static void checkScanned(final String system, final long scanned, final int appended)
    {
        if (scanned != appended)
        {
            throw new IllegalStateException(system + " scanned " + scanned + " records of the " + appended +
                " appended");
        }
    }

    private static double rate(final int count, final long elapsedNs)
    {
        return count * 1e9 / Math.max(1, elapsedNs);
    }

    static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return (n & 1) == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}

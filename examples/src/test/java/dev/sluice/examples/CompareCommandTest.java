package dev.sluice.examples;

import dev.sluice.examples.compare.CompareDirectory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A short {@code sluice compare} end to end, in this JVM, at parallelism 1 and 2: the report it writes, the
 * checksums its modes and parallelisms agree on, its charts, and its page as a headless Chromium shows it
 * (skipped, saying why, where no chromium is installed: {@code scripts/install-chromium.sh} installs Debian's).
 */
class CompareCommandTest
{
    /** Seconds in all: small log, one second under load a mode and parallelism, one sweep step a mode. */
    static final String[] SHORT_RUN = {
        "--events", "20000", "--rate", "20000", "--duration", "1s", "--window", "100ms", "--trigger", "50ms",
        "--batch-every", "250ms", "--sweep", "20000", "--sweep-step", "500ms", "--checkpoint-every", "300ms",
        "--parallelism", "1,2"};

    @TempDir
    static Path dir;
    private static final CliRun CLI = new CliRun();
    private static int exitCode;

    @BeforeAll
    static void runCompare()
    {
        exitCode = run(CLI, dir);
    }

    /**
     * @return the exit code of a short compare into {@code dir}.
     */
    static int run(final CliRun cli, final Path dir)
    {
        final List<String> args = new java.util.ArrayList<>(List.of("compare", "--dir", dir.toString()));
        args.addAll(Arrays.asList(SHORT_RUN));
        return cli.run(args.toArray(new String[0]));
    }

    @Test
    void shouldWriteEveryReportFileWithNumbersInIt() throws IOException
    {
        assertEquals(0, exitCode, CLI::err);
        final Path report = dir.resolve(CompareDirectory.REPORT);
        final String markdown = Files.readString(report.resolve("report.md"), StandardCharsets.UTF_8);
        for (final String table : List.of("The table the design notes should have had", "Throughput",
            "Event-to-result latency", "Window-final latency", "Crossover", "Rate sweep"))
        {
            assertTrue(markdown.contains("## " + table), table);
        }
        // every mode has a measured latency and throughput: a number and a unit in each of its cells
        for (final String mode : List.of("batch", "micro-batch", "streaming"))
        {
            final Matcher row = Pattern.compile("\\n\\| " + mode + " \\| ([^\\n]*)").matcher(markdown);
            int rows = 0;
            while (row.find())
            {
                rows++;
                assertTrue(row.group(1).matches(".*\\d.*"), mode + ": " + row.group(1));
            }
            assertTrue(rows >= 4, mode + " has a row in each table: " + rows);
            // and a row at P = 2 in the throughput, both latency and the crossover tables
            final Matcher parallel = Pattern.compile("\\n\\| " + mode + " \\| 2 \\| [^\\n]*\\d").matcher(markdown);
            int parallelRows = 0;
            while (parallel.find())
            {
                parallelRows++;
            }
            assertEquals(4, parallelRows, mode + " at P = 2: " + markdown);
            for (final String file : List.of(mode, mode + "-p2"))
            {
                for (final String kind : List.of("event-to-result", "window-final"))
                {
                    final String hgrm = Files.readString(report.resolve(file + "-" + kind + ".hgrm"));
                    assertTrue(hgrm.contains("#[Mean    ="), hgrm);
                    assertFalse(hgrm.contains("Total count    =          0]"), file + " " + kind + " recorded nothing");
                }
            }
        }
        assertTrue(markdown.contains("| dimension | batch | batch P=2 | micro-batch | micro-batch P=2 | streaming | " +
            "streaming P=2 |"), markdown);
        // the streaming modes checkpointed under load at both parallelisms, and the table says what that cost
        final String batchCost = "none: a failed run is run again \\| ";
        final String taken = "[1-9]\\d* taken, longest [^|]+ \\| ";
        assertTrue(Pattern.compile("\\| checkpoint cost \\| " + batchCost + batchCost + taken + taken + taken +
            "[1-9]\\d* taken, longest ")
            .matcher(markdown).find(), markdown);
        assertTrue(markdown.contains("In each mode every P's checksum equals P = 1's: yes."), markdown);
        final String html = Files.readString(report.resolve("report.html"), StandardCharsets.UTF_8);
        assertEquals(6, html.split("<table>", -1).length - 1, "the same six tables in the page");
        assertTrue(html.contains("<img id=\"latency-percentiles\" src=\"latency-percentiles.png\""), html);
    }

    @Test
    void shouldAgreeOnTheChecksumInEveryModeAndParallelismWhenNothingIsLate()
    {
        assertEquals(0, exitCode, CLI::err);
        final Matcher throughput = Pattern.compile("throughput (\\S+) +P=(\\d+) .* rows=(\\d+) sha256=([0-9a-f]{64})")
            .matcher(CLI.err());
        int runs = 0;
        int parallel = 0;
        String checksum = null;
        while (throughput.find())
        {
            runs++;
            parallel += "2".equals(throughput.group(2)) ? 1 : 0;
            checksum = null == checksum ? throughput.group(4) : checksum;
            assertEquals(checksum, throughput.group(4), throughput.group(1) + " P=" + throughput.group(2));
        }
        assertEquals(6, runs, CLI.err());
        assertEquals(3, parallel, CLI.err());
        // P = 2 read the same orders from two partitions by key, written once beside the one log
        assertTrue(CLI.err().contains("20,000 events to " + dir.resolve("log-20000-parts2") + " in "), CLI.err());
        assertTrue(java.nio.file.Files.isDirectory(dir.resolve("log-20000-parts2")));
        // under load too: each mode's view at the end equals a batch recount of its log, at each parallelism
        assertEquals(6, CLI.out().split("identical", -1).length - 1, CLI.out());
    }

    @Test
    void shouldDrawEveryChartAsAValidPng() throws IOException
    {
        assertEquals(0, exitCode, CLI::err);
        for (final String chart : List.of("latency-percentiles.png", "throughput.png", "latency-over-time.png"))
        {
            final Path file = dir.resolve(CompareDirectory.REPORT).resolve(chart);
            final byte[] bytes = Files.readAllBytes(file);
            assertArrayEquals(new byte[] {(byte)0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                Arrays.copyOf(bytes, 8), chart);
            final BufferedImage image = ImageIO.read(file.toFile());
            assertNotNull(image, chart);
            assertEquals(960, image.getWidth(), chart);
            assertEquals(540, image.getHeight(), chart);
        }
    }

    @Test
    void shouldRenderTheTablesAndLoadEveryChartInAHeadlessBrowser() throws IOException, InterruptedException
    {
        assertEquals(0, exitCode, CLI::err);
        final Path chromium = Chromium.find();
        Assumptions.assumeTrue(null != chromium, "no chromium on the PATH: scripts/install-chromium.sh installs " +
            "Debian's (as .ci/run does), then this test opens the report in it");

        final Path page = dir.resolve(CompareDirectory.REPORT).resolve("report.html");
        final String dom = Chromium.dumpDom(chromium, page, dir.resolve("chromium-profile"));
        // the page's own check, run by the browser on load: every <img> has a decoded picture (naturalWidth > 0)
        assertTrue(dom.contains("data-loaded=\"3\" data-total=\"3\""), dom);
        assertEquals(6, dom.split("<table>", -1).length - 1, dom);
        final Matcher cells = Pattern.compile("<td>streaming</td><td>[^<]*\\d[^<]*</td>").matcher(dom);
        assertTrue(cells.find(), "a streaming row with a number in the rendered page: " + dom);
    }

    /**
     * Debian's headless Chromium, as root: no sandbox, no GPU, nothing fetched from the network, a fresh profile.
     */
    static final class Chromium
    {
        private static final long TIMEOUT_S = 90;

        static Path find()
        {
            for (final String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
            {
                final Path candidate = Path.of(dir, "chromium");
                if (Files.isExecutable(candidate))
                {
                    return candidate;
                }
            }
            return null;
        }

        static String dumpDom(final Path chromium, final Path page, final Path profile)
            throws IOException, InterruptedException
        {
            Files.createDirectories(profile);
            final Path dom = profile.resolve("dom.html");
            final Process process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--virtual-time-budget=10000", "--dump-dom", page.toUri().toString())
                .redirectOutput(dom.toFile())
                .redirectError(profile.resolve("stderr.txt").toFile())
                .start();
            if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor();
                fail("chromium did not end within " + TIMEOUT_S + " s: " + Files.readString(
                    profile.resolve("stderr.txt")));
            }
            assertEquals(0, process.exitValue(), () -> "chromium failed: " + readQuietly(profile.resolve(
                "stderr.txt")));
            return Files.readString(dom, StandardCharsets.UTF_8);
        }

        private static String readQuietly(final Path file)
        {
            try
            {
                return Files.readString(file);
            }
            catch (final IOException ex)
            {
                return ex.toString();
            }
        }
    }
}

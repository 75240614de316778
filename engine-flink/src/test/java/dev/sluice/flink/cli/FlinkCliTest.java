package dev.sluice.flink.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sluice flink orders} prints the last line {@code sluice orders} prints, on its own MiniCluster; a usage
 * error exits with 2 and names the option.
 */
class FlinkCliTest
{
    @Test
    void shouldPrintTheLastLineOfSluiceOrders()
    {
        final StringWriter out = new StringWriter();
        final CommandLine cli = FlinkCli.commandLine();
        cli.setOut(new PrintWriter(out));
        final int exit = cli.execute("orders", "--count", "1000", "--mode", "streaming", "--parallelism", "2");
        assertEquals(0, exit, out.toString());
        final String[] lines = out.toString().strip().split("\n");
        assertEquals("mode=streaming events=1000 rows=945 late=0 " +
            "sha256=2e0d5994c0e9c22e3f645f9424c8c9ad3cb43541d03d87268b08c556b4ff9073", lines[lines.length - 1]);
    }

    @Test
    void shouldRefuseMicroBatchAsAUsageError()
    {
        final StringWriter err = new StringWriter();
        final CommandLine cli = FlinkCli.commandLine();
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("orders", "--count", "10", "--mode", "micro-batch"));
        assertTrue(err.toString().contains("no micro-batch"), err.toString());
    }
}

package dev.sluice.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sluice bench ...}: the side-by-side comparisons. They run in a child JVM from the engine-bench
 * jar, because the peers they compare against (Chronicle Queue) need JVM flags of their own that stay
 * inside that module.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Side-by-side comparisons with peer systems, measured in one run.",
    subcommands = {BenchCommand.LogBench.class, BenchCommand.Jmh.class})
final class BenchCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a comparison, e.g. 'sluice bench log'");
    }

    @Command(
        name = "log",
        mixinStandardHelpOptions = true,
        description = {
            "Sluice log vs Chronicle Queue: append and scan throughput at 40 and 200-byte payloads, in one run.",
            "Prints one line per figure, e.g. 'log-append-40B sluice=<msgs/s> chronicle=<msgs/s> ratio=<s/c>'."})
    static final class LogBench implements Callable<Integer>
    {
        @Option(names = "--messages", paramLabel = "N", defaultValue = "2000000",
            description = "Messages per measured pass (default: ${DEFAULT-VALUE}).")
        long messages;

        @Option(names = "--dir", paramLabel = "D",
            description = "Directory for the logs and queues (default: a fresh temporary directory).")
        Path dir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        public Integer call() throws Exception
        {
            if (messages < 1)
            {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "--messages " + messages + " must be at least 1, e.g. --messages 1000000");
            }
            final List<String> args = new ArrayList<>(List.of("log", "--messages", Long.toString(messages)));
            if (dir != null)
            {
                args.add("--dir");
                args.add(dir.toString());
            }
            return runBenchJar(args);
        }
    }

    @Command(
        name = "jmh",
        mixinStandardHelpOptions = false,
        description = "Runs the JMH suite; the arguments go to JMH (e.g. 'sluice bench jmh -h', or a benchmark regex).")
    static final class Jmh implements Callable<Integer>
    {
        @CommandLine.Parameters(paramLabel = "JMH-ARGS", description = "Arguments for JMH.")
        List<String> jmhArgs = new ArrayList<>();

        public Integer call() throws Exception
        {
            final List<String> args = new ArrayList<>();
            args.add("jmh");
            args.addAll(jmhArgs);
            return runBenchJar(args);
        }
    }

    static int runBenchJar(final List<String> args) throws IOException, InterruptedException
    {
        final Path jar = benchJar();
        if (!Files.isRegularFile(jar))
        {
            throw new IllegalStateException("the benchmark jar " + jar + " is missing: build it with" +
                " 'mvn -q -DskipTests package -pl engine-bench -am' in the Sluice directory (./sluice does this itself)");
        }
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        final Process process = new ProcessBuilder(command).inheritIO().start();
        return process.waitFor();
    }

    static Path benchJar()
    {
        final String home = System.getProperty("sluice.home", ".");
        return Paths.get(home, "engine-bench", "target", "sluice-bench.jar").toAbsolutePath().normalize();
    }
}

package dev.sluice.flink.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code sluice flink}: the commands that run Sluice pipelines on Apache Flink, in a jar of their own
 * (engine-flink's shaded jar), so that the {@code sluice} jar carries no Flink. Exit codes: 0 success, 1 a failed
 * run, 2 a usage error.
 */
@Command(
    name = "sluice flink",
    mixinStandardHelpOptions = true,
    version = "sluice flink 0.1.0",
    description = "Run Sluice pipelines on Apache Flink: an embedded MiniCluster here, or a real cluster " +
        "(see the README: the job jar and 'flink run').",
    subcommands = {
        FlinkOrdersCommand.class,
        CommandLine.HelpCommand.class
    })
public final class FlinkCli implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'sluice flink orders'");
    }

    /**
     * @return a command line whose errors print a short message, with exit code 1 for a failed run.
     */
    public static CommandLine commandLine()
    {
        return new CommandLine(new FlinkCli()).setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        {
            commandLine.getErr().println(commandLine.getColorScheme().errorText("sluice flink: " + ex.getMessage()));
            return 1;
        });
    }

    public static void main(final String[] args)
    {
        System.exit(commandLine().execute(args));
    }
}

package dev.sluice.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sluice} command line. Exit codes: 0 success, 1 a failed run, 2 a usage error.
 */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    version = "sluice 0.1.0",
    description = "Sluice: an embedded stream and batch engine over a memory-mapped event log.",
    subcommands = {
        CompareCommand.class,
        OrdersCommand.class,
        IngestCommand.class,
        LambdaCommand.class, KappaCommand.class,
        ExampleCommand.class,
        BenchCommand.class,
        CommandLine.HelpCommand.class
    })
public final class SluiceCli implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'sluice bench log'");
    }

    /**
     * @return a command line whose errors print a short message and the usage, with exit code 2.
     */
    public static CommandLine commandLine()
    {
        final CommandLine root = new CommandLine(new SluiceCli());
        // everything after an example's name is the program's own: its options are not sluice's
        root.getSubcommands().get("example").setStopAtPositional(true);
        return root
            .setExecutionExceptionHandler((ex, commandLine, parseResult) ->
            {
                commandLine.getErr().println(commandLine.getColorScheme().errorText("sluice: " + ex.getMessage()));
                return 1;
            });
    }

    public static void main(final String[] args)
    {
        System.exit(commandLine().execute(args));
    }
}

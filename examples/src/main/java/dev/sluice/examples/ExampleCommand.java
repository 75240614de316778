package dev.sluice.examples;

import dev.sluice.examples.programs.CustomAggregation;
import dev.sluice.examples.programs.JsonOrders;
import dev.sluice.examples.programs.Quickstart;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sluice example NAME [ARGS...]}: runs one of the example programs of {@code dev.sluice.examples.programs},
 * small mains that use only the public API.
 */
@Command(
    name = "example",
    description = "Run an example program: quickstart, custom-aggregation, json-orders. Each is a small main in " +
        "examples/src/main/java/dev/sluice/examples/programs that uses only the public API.")
public final class ExampleCommand implements Callable<Integer>
{
    /** A program's main. */
    @FunctionalInterface
    interface Program
    {
        void main(String[] args) throws Exception;
    }

    static final Map<String, Program> PROGRAMS = new LinkedHashMap<>();

    static
    {
        PROGRAMS.put("quickstart", Quickstart::main);
        PROGRAMS.put("custom-aggregation", CustomAggregation::main);
        PROGRAMS.put("json-orders", JsonOrders::main);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "quickstart | custom-aggregation | json-orders")
    String name;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "passed to the program")
    List<String> args = List.of();

    public Integer call() throws Exception
    {
        final Program program = PROGRAMS.get(name);
        if (null == program)
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "no example '" + name + "'; the examples are " + String.join(", ", PROGRAMS.keySet()));
        }
        program.main(args.toArray(new String[0]));
        return 0;
    }
}

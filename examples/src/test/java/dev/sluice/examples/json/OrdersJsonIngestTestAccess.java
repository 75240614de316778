package dev.sluice.examples.json;

import java.nio.file.Path;
import java.util.List;

/**
 * The log reading of the JSON tests, for the command-line tests in the package above.
 */
public final class OrdersJsonIngestTestAccess
{
    private OrdersJsonIngestTestAccess()
    {
    }

    /**
     * @return the events of the log in {@code dir}, in order, each as its {@code toString()}.
     */
    public static List<String> readLog(final Path dir)
    {
        return OrdersJsonIngestTest.strings(OrdersJsonIngestTest.readLog(dir));
    }
}

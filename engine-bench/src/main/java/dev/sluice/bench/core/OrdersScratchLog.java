package dev.sluice.bench.core;

import dev.sluice.bench.log.TempDirs;
import dev.sluice.examples.orders.OrdersRun;
import dev.sluice.examples.orders.OrdersWorkload;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;

import java.nio.file.Path;

/**
 * A log of generated orders in a scratch directory (page cache), written once per trial by this process and deleted
 * at its end: the input of the steady-state orders benchmarks. Not thread-safe: the trial's thread.
 */
final class OrdersScratchLog implements AutoCloseable
{
    private final Path dir;
    private final Log log;
    private final OrdersWorkload workload;

    /**
     * @param events orders to write.
     * @param prefix prefix of the scratch directory's name.
     */
    OrdersScratchLog(final int events, final String prefix)
    {
        workload = OrdersWorkload.defaults().withCount(events);
        dir = TempDirs.create(prefix);
        log = Log.open(dir, LogConfig.defaults());
        final long written = OrdersRun.writeLog(log, workload);
        if (written != events)
        {
            close();
            throw new IllegalStateException("wrote " + written + " orders of " + events);
        }
    }

    Log log()
    {
        return log;
    }

    OrdersWorkload workload()
    {
        return workload;
    }

    public void close()
    {
        log.close();
        TempDirs.delete(dir);
    }
}

package dev.sluice.examples.orders;

import dev.sluice.core.CheckpointConfig;
import dev.sluice.core.CheckpointListener;
import dev.sluice.core.ExecutionConfig;
import dev.sluice.core.ExecutionMode;
import dev.sluice.log.Log;
import dev.sluice.log.PartitionedLog;
import dev.sluice.log.LogConfig;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of the crash tests: one durable orders-5m run (as {@code sluice orders --dir D
 * --checkpoint-every N}), which a test kills with SIGKILL. To make a kill land at a chosen point it can pause
 * there, printing {@code PAUSED <where>} and sleeping until killed:
 * <ul>
 *   <li>{@code write:<events>}: after the log holds that many events, before the rest is written;</li>
 *   <li>{@code <phase>:<n>}: at the n-th checkpoint (of this process) reaching that
 *       {@link CheckpointListener.Phase} (FILE_WRITTEN: temp file forced, not renamed; DURABLE: checkpoint in
 *       place, sinks not committed; ...).</li>
 * </ul>
 * Args: dir mode count everyRecords maxRecordsPerBatch pause ("none" for none) [parallelism partitions]: with
 * parallelism (or partitions more than 1), the run is {@link OrdersParallelRun}'s. Prints the summary line last.
 */
public final class OrdersCrashChild
{
    private OrdersCrashChild()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dir = Path.of(args[0]);
        final ExecutionMode mode = OrdersRun.parseMode(args[1]);
        final OrdersWorkload workload = OrdersWorkload.defaults().withCount(Long.parseLong(args[2]));
        final long every = Long.parseLong(args[3]);
        final int maxRecordsPerBatch = Integer.parseInt(args[4]);
        final String pause = args[5];
        final int parallelism = args.length > 6 ? Integer.parseInt(args[6]) : 0;
        final int partitions = args.length > 7 ? Integer.parseInt(args[7]) : 1;

        String phaseName = null;
        long occurrence = 0;
        if (pause.startsWith("write:"))
        {
            prewrite(dir, workload, Long.parseLong(pause.substring("write:".length())), partitions);
            pauseHere(pause);
        }
        else if (!pause.equals("none"))
        {
            phaseName = pause.substring(0, pause.indexOf(':'));
            occurrence = Long.parseLong(pause.substring(pause.indexOf(':') + 1));
        }
        final CheckpointListener.Phase pausePhase = null == phaseName ? null :
            CheckpointListener.Phase.valueOf(phaseName);
        final long pauseAt = occurrence;
        final long[] seen = new long[1];
        final CheckpointConfig checkpoints = CheckpointConfig.in(OrdersRun.checkpointDirectory(dir))
            .identity(Orders5m.NAME, Orders5m.VERSION)
            .everyRecords(every)
            .listener((phase, id) ->
            {
                if (phase == pausePhase && ++seen[0] == pauseAt)
                {
                    pauseHere(phase + " of checkpoint " + id);
                }
            });
        final ExecutionConfig config = ExecutionConfig.of(mode)
            .maxRecordsPerBatch(maxRecordsPerBatch)
            .checkpointing(checkpoints);
        final OrdersRun.DurableResult result = parallelism > 0 || partitions > 1 ?
            OrdersParallelRun.writeAndQueryDurably(dir, workload, config, partitions, Math.max(1, parallelism)) :
            OrdersRun.writeAndQueryDurably(dir, workload, config);
        System.out.println(result.checkpoints());
        System.out.println(result.result().summaryLine());
        System.out.flush();
    }

    private static void prewrite(final Path dir, final OrdersWorkload workload, final long events,
        final int partitions)
    {
        // as a run does: the directory records its workload before the log is written
        OrdersRunDirectory.prepare(dir, workload, partitions);
        if (partitions > 1)
        {
            // the first events of the workload, each in its partition: what the writers leave when killed there
            try (PartitionedLog log = PartitionedLog.open(dir, partitions, LogConfig.defaults()))
            {
                final OrdersGenerator generator = new OrdersGenerator(workload);
                final OrderEvent event = new OrderEvent();
                final OrdersLogWriter[] writers = new OrdersLogWriter[partitions];
                for (int p = 0; p < partitions; p++)
                {
                    writers[p] = new OrdersLogWriter(log.appender(p));
                }
                for (long i = 0; i < events; i++)
                {
                    generator.next(event);
                    writers[log.partitionOfKeyHash(Orders5m.key(event))].append(event);
                }
            }
            return;
        }
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            final OrdersGenerator generator = new OrdersGenerator(workload);
            final OrderEvent event = new OrderEvent();
            final long before = log.recordCount();
            for (long i = 0; i < before; i++)
            {
                generator.next(event);
            }
            if (events > before)
            {
                new OrdersLogWriter(log.appender()).write(generator, events - before);
            }
        }
    }

    private static void pauseHere(final String where)
    {
        System.out.println("PAUSED " + where);
        System.out.flush();
        try
        {
            TimeUnit.MINUTES.sleep(10);
        }
        catch (final InterruptedException ignore)
        {
            Thread.currentThread().interrupt();
        }
        // never reached in a test: the parent kills us
        Runtime.getRuntime().halt(3);
    }
}

package dev.sluice.examples.compare;

import dev.sluice.core.ExecutionMode;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a {@code sluice compare} run was asked for. Immutable.
 *
 * @param dir            the run's directory.
 * @param events         events of the throughput log.
 * @param seed           the orders' seed.
 * @param lateEvery      every this many events one is late; 0 for none.
 * @param modes          the modes, in the order they run.
 * @param load           the run under load (its mode is each of {@code modes} in turn).
 * @param earlyName      the early-result policy as given, for the report.
 * @param budgetNs       the latency budget of the crossover table.
 * @param sweepRates     the offered rates of the sweep, ascending; empty for none.
 * @param sweepStepNs    how long each rate of the sweep is offered (at least two periods of the mode).
 * @param parallelisms   the parallelisms P each mode runs at in the throughput and load phases, ascending, distinct:
 *                       1 is the job on one thread, P &gt; 1 a {@code ParallelJob} of P workers over the one log.
 */
public record CompareSettings(
    Path dir,
    long events,
    long seed,
    long lateEvery,
    List<ExecutionMode> modes,
    LoadSpec load,
    String earlyName,
    long budgetNs,
    List<Long> sweepRates,
    long sweepStepNs,
    List<Integer> parallelisms)
{
    public CompareSettings
    {
        parallelisms = List.copyOf(parallelisms);
        if (parallelisms.isEmpty())
        {
            throw new IllegalArgumentException("at least one parallelism");
        }
    }

    /**
     * @param mode a mode.
     * @return how long each rate of its sweep is offered: the step, and at least two of its periods and a second.
     */
    public long sweepStepNs(final ExecutionMode mode)
    {
        return Math.max(sweepStepNs, 2 * load.with(mode, 1, 1).periodNs() + 1_000_000_000L);
    }
}

package dev.sluice.core;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How a {@link KappaDeployment} runs its versions: how often each checkpoints, how long a new version's lag must stay
 * at zero before it counts as caught up, whether it then takes over by itself, and what becomes of a retired
 * version's output. Mutable builder; a deployment copies what it needs when opened.
 */
public final class KappaConfig
{
    /** What a cut-over does with the output of the version it retires. */
    public enum RetiredOutput
    {
        /** Leave its output directory as it is, for readers still on it or for comparison. */
        KEEP,
        /** Delete its output directory and its checkpoints once it has stopped. */
        DELETE
    }

    private long checkpointIntervalNs = TimeUnit.SECONDS.toNanos(1);
    private long caughtUpForNs = TimeUnit.MILLISECONDS.toNanos(200);
    private boolean autoCutOver = true;
    private RetiredOutput retiredOutput = RetiredOutput.KEEP;
    private int pollLimit = 256;
    private Supplier<IdleStrategy> idleStrategy = BackoffIdleStrategy::new;

    private KappaConfig()
    {
    }

    /**
     * @return checkpoints every second, caught up after 200 ms of zero lag, automatic cut-over, retired output kept.
     */
    public static KappaConfig defaults()
    {
        return new KappaConfig();
    }

    /**
     * @param interval processing time between two checkpoints of each version; &gt; 0.
     * @param unit     its unit.
     * @return this.
     */
    public KappaConfig checkpointEvery(final long interval, final TimeUnit unit)
    {
        if (interval <= 0)
        {
            throw new IllegalArgumentException("checkpoint interval " + interval + " " + unit + " must be > 0: a " +
                "version resumes from its checkpoints, e.g. every 1 s");
        }
        this.checkpointIntervalNs = unit.toNanos(interval);
        return this;
    }

    /**
     * @param time how long a version's lag must stay at zero (each duty cycle reads up to the head it started from)
     *             before it counts as caught up; &gt;= 0.
     * @param unit its unit.
     * @return this.
     */
    public KappaConfig caughtUpFor(final long time, final TimeUnit unit)
    {
        if (time < 0)
        {
            throw new IllegalArgumentException("caughtUpFor " + time + " " + unit + " must be >= 0");
        }
        this.caughtUpForNs = unit.toNanos(time);
        return this;
    }

    /**
     * @param auto true (the default): the newest version takes over by itself once caught up; false: only on
     *             {@link KappaDeployment#cutOver()}.
     * @return this.
     */
    public KappaConfig autoCutOver(final boolean auto)
    {
        this.autoCutOver = auto;
        return this;
    }

    /**
     * @param retiredOutput what a cut-over does with the retired version's output (default KEEP).
     * @return this.
     */
    public KappaConfig retiredOutput(final RetiredOutput retiredOutput)
    {
        this.retiredOutput = Objects.requireNonNull(retiredOutput, "retiredOutput");
        return this;
    }

    /**
     * @param pollLimit most records a version reads per duty cycle; &gt; 0.
     * @return this.
     */
    public KappaConfig pollLimit(final int pollLimit)
    {
        if (pollLimit <= 0)
        {
            throw new IllegalArgumentException("pollLimit=" + pollLimit + " must be > 0");
        }
        this.pollLimit = pollLimit;
        return this;
    }

    /**
     * @param idleStrategy makes what each version's thread does when it found nothing to read (one per version;
     *                     default Agrona's BackoffIdleStrategy).
     * @return this.
     */
    public KappaConfig idleStrategy(final Supplier<IdleStrategy> idleStrategy)
    {
        this.idleStrategy = Objects.requireNonNull(idleStrategy, "idleStrategy");
        return this;
    }

    public long checkpointIntervalNs()
    {
        return checkpointIntervalNs;
    }

    public long caughtUpForNs()
    {
        return caughtUpForNs;
    }

    public boolean autoCutOver()
    {
        return autoCutOver;
    }

    public RetiredOutput retiredOutput()
    {
        return retiredOutput;
    }

    public int pollLimit()
    {
        return pollLimit;
    }

    /**
     * @return a fresh idle strategy of the configured kind, for one version's thread.
     */
    IdleStrategy newIdleStrategy()
    {
        return Objects.requireNonNull(idleStrategy.get(), "the idle strategy supplier returned null");
    }

    public String toString()
    {
        return "KappaConfig{checkpoint every " + TimeUnit.NANOSECONDS.toMillis(checkpointIntervalNs) + " ms, caught " +
            "up after " + TimeUnit.NANOSECONDS.toMillis(caughtUpForNs) + " ms at zero lag, " +
            (autoCutOver ? "automatic" : "manual") + " cut-over, retired output " + retiredOutput + ", pollLimit " +
            pollLimit + '}';
    }
}

package dev.sluice.core.source;

/**
 * Where a pipeline's records come from: a definition that opens a fresh {@link SourceReader} for each job.
 * Implementations: {@link LogSource} (a log range or its tail) and {@link InMemoryLog} (tests).
 */
@FunctionalInterface
public interface Source
{
    /**
     * @return a reader positioned at this source's start; the job closes it.
     */
    SourceReader open();
}

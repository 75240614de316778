/**
 * Sluice's public API: define a pipeline once ({@link dev.sluice.core.Pipeline}), run it as
 * {@link dev.sluice.core.ExecutionMode#BATCH BATCH}, {@link dev.sluice.core.ExecutionMode#MICRO_BATCH MICRO_BATCH}
 * or {@link dev.sluice.core.ExecutionMode#STREAMING STREAMING}, and read what it did in a {@link dev.sluice.core.JobReport}.
 */
package dev.sluice.core;

/**
 * Sluice's entry points: describe a pipeline once ({@link dev.sluice.core.Pipeline}, built by
 * {@link dev.sluice.core.PipelineBuilder}), run it on the local runner as a {@link dev.sluice.core.Job} in
 * {@link dev.sluice.core.ExecutionMode#BATCH BATCH}, {@link dev.sluice.core.ExecutionMode#MICRO_BATCH MICRO_BATCH}
 * or {@link dev.sluice.core.ExecutionMode#STREAMING STREAMING} ({@link dev.sluice.core.ExecutionConfig},
 * {@link dev.sluice.core.CheckpointConfig}), or on P worker threads as a {@link dev.sluice.core.ParallelJob}
 * ({@link dev.sluice.core.Parallelism}), and read what it did in a {@link dev.sluice.core.JobReport}. The same
 * definition also runs as a Lambda architecture ({@link dev.sluice.core.LambdaJob}: a batch layer up to a
 * {@link dev.sluice.core.Cutoff}, a speed layer after it, served merged) or in versions replaying one log, Kappa
 * style ({@link dev.sluice.core.KappaDeployment}, {@link dev.sluice.core.KappaConfig}).
 * <p>
 * Packages, from the leaves up (no package depends on one above it):
 * <pre>
 *   function    the user's functions, the codec, the exceptions they and a definition throw
 *   checkpoint  StateInput/StateOutput for state and sink marks; the checkpoint file layout
 *   window      window assigners and early results (function)
 *   source      sources and EventAppender (function)
 *   time        watermark strategies (function)
 *   aggregate   aggregations (checkpoint)
 *   sink        result sinks and the queryable view (function, checkpoint, aggregate)
 *   internal    the local runner: operators, state tables, watermark tracker, checkpoint store (all above)
 *   internal.parallel  the parallel runner's workers, queues and checkpoint parts (internal and all above)
 *   core        pipeline, job and configuration (all of them)
 * </pre>
 * {@code internal} is not an API: its public types are public only for this package and may change in any release.
 */
package dev.sluice.core;

/**
 * What a user hands to a pipeline: the {@link dev.sluice.core.function.Codec} of the events, the functions of the
 * stages ({@link dev.sluice.core.function.Transform}: map, filter, flat-map), of event time, of the key
 * ({@link dev.sluice.core.function.Keys} packs composite keys), of late events and of malformed records, and the
 * exceptions those and a pipeline's definition throw. A leaf: depends on no other Sluice package, so any runner
 * can read a description's functions. Functions are called on the thread that runs the job.
 */
package dev.sluice.core.function;

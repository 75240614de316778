/**
 * The operator runtime: chained push-based stages, the record processor and the three execution loops.
 * Everything here runs on the one job thread; nothing is shared with other threads except the stop flag.
 * Internal: applications use {@link dev.sluice.core.Pipeline} and {@link dev.sluice.core.Job} instead.
 */
package dev.sluice.core.runtime;

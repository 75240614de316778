/**
 * The parallel runner's internals, not an API: P workers, each the single writer of the window state of its key
 * groups, exchanging records through bounded single-producer, single-consumer ring buffers (one per ordered pair of
 * workers) and handing results to the job's one sink thread through one more per worker. Every class states which
 * thread owns it; nothing on the data path takes a lock. {@code dev.sluice.core.ParallelJob} wires them.
 */
package dev.sluice.core.internal.parallel;

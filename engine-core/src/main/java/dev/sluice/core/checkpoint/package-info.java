/**
 * Checkpoints: a versioned, checksummed binary file per snapshot of a job (source position, watermark,
 * operator state, sink commit marks), written to a temporary file, forced and atomically renamed;
 * restore takes the newest valid one. Single-threaded: used by the job thread.
 */
package dev.sluice.core.checkpoint;

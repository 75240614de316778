/**
 * Event-time windows. Public: the window kinds a pipeline's description names ({@link
 * dev.sluice.core.window.WindowAssigner}: tumbling, hopping, global) and {@link dev.sluice.core.window.EarlyResults}.
 * Runtime: the keyed window operator that detects late events, fires on the watermark, re-fires within allowed
 * lateness and emits running values. Single-threaded: one operator per job.
 */
package dev.sluice.core.window;

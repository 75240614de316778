/**
 * Event-time windows. Public: the window kinds a pipeline's description names ({@link
 * dev.sluice.core.window.WindowAssigner}: tumbling, hopping, session, global) and {@link
 * dev.sluice.core.window.EarlyResults}. Runtime: the keyed window operators that detect late events, fire on the
 * watermark, re-fire within allowed lateness, emit running values and merge sessions. Single-threaded: one operator
 * per job.
 */
package dev.sluice.core.window;

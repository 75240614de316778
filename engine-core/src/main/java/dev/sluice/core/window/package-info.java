/**
 * Tumbling event-time windows: assignment of timestamps to windows, the keyed window operator that
 * detects late events, fires on the watermark and re-fires within allowed lateness, and the result flyweight.
 * Single-threaded: one operator per job.
 */
package dev.sluice.core.window;

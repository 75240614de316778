/**
 * Event time: watermark strategies (bounded out-of-orderness, punctuated, periodic emission, idle timeout)
 * and the per-job watermark tracker. Processing time comes from an injectable Agrona NanoClock,
 * so tests move time by hand instead of sleeping. Single-threaded.
 */
package dev.sluice.core.time;

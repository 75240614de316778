/**
 * Event time: watermark strategies (bounded out-of-orderness, punctuated, periodic emission, idle timeout), as
 * part of a pipeline's description. The local runner's tracker that applies them is internal. Processing time
 * comes from an injectable Agrona NanoClock, so tests move time by hand instead of sleeping.
 */
package dev.sluice.core.time;

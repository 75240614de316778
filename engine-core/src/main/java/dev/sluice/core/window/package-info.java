/**
 * Event-time windows as a pipeline's description names them: {@link dev.sluice.core.window.WindowAssigner}
 * (tumbling, hopping, session, global) and {@link dev.sluice.core.window.EarlyResults} (running values before a
 * window closes). Immutable values; the operators that run them are internal to each runner.
 */
package dev.sluice.core.window;

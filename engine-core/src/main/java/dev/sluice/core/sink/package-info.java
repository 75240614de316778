/**
 * Result sinks: a collector for tests, another log, CSV and JSON-lines files, and the queryable
 * latest-result view (the serving layer), plus the result row copy they share.
 * Sinks are called on the job thread; the view alone may also be queried from other threads.
 */
package dev.sluice.core.sink;

/**
 * Result sinks: a collector for tests, another log, CSV and JSON-lines files, the queryable latest-result view, and
 * the mergeable view that keeps each result's accumulators, so that views over parts of a log merge into one answer
 * ({@link dev.sluice.core.sink.MergedResultView}: the serving layer); plus the result row copy they share.
 * Exactly-once sinks implement {@link dev.sluice.core.sink.TransactionalSink} (the contract for users' own sinks,
 * with a worked example): {@link dev.sluice.core.sink.EpochFileSink}, {@link dev.sluice.core.sink.IdempotentLogSink}
 * and the views; {@link dev.sluice.core.sink.CommittedOutput} reads durable output back and checks it.
 * Sinks are called on the job thread; the views alone may also be queried from other threads.
 */
package dev.sluice.core.sink;

/**
 * Aggregations (count, sum, min, max, avg, exact distinct count, approximate quantiles) as a pipeline names them,
 * and their columnar, slot-indexed accumulators (package-private behind {@link
 * dev.sluice.core.aggregate.AggregateColumn}). Every accumulator merges with another of its kind, so partial
 * results combine. Not thread-safe: a column belongs to one window operator.
 */
package dev.sluice.core.aggregate;

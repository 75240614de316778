/**
 * Aggregations (count, sum, min, max, avg, exact distinct count, approximate quantiles) and their columnar,
 * slot-indexed accumulators. Every accumulator merges with another of its kind, so partial results combine.
 * Not thread-safe: a column belongs to one window operator.
 */
package dev.sluice.core.aggregate;

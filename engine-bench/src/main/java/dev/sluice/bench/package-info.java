/**
 * The benchmark jar's front end: {@link dev.sluice.bench.BenchMain} runs the quick log side-by-side or JMH, and
 * {@link dev.sluice.bench.BenchFlags} holds the JVM flags every benchmark JVM needs (Agrona, Chronicle Queue).
 * Chronicle Queue is a dependency of this module only; nothing outside engine-bench sees it.
 */
package dev.sluice.bench;

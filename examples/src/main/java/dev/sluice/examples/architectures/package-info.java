/**
 * The design notes' two architectures over JSON orders, each with one Sluice pipeline definition: Lambda (a batch
 * layer, a speed layer and a serving layer that merges them per key with each aggregation's merge) and Kappa (a new
 * version replayed beside the serving one, cut over when its lag stays at zero). A writer thread ingests the JSON
 * lines meanwhile. Each run is one static method that the {@code sluice lambda} and {@code sluice kappa} commands
 * call; the public API of engine-core only.
 */
package dev.sluice.examples.architectures;

/**
 * The pieces a pipeline description is translated into: Flink functions, assigners, a trigger and serializers that
 * each read their part of the description from the recipe on their task. Public only because Flink instantiates
 * them; not an API.
 */
package dev.sluice.flink.internal;

/**
 * The benchmark main of the neural path ({@link io.whyrec.neural.bench.NeuralBench}): training time per epoch,
 * latency of top-10 with a gradient explanation, peak memory.
 */
package io.whyrec.neural.bench;

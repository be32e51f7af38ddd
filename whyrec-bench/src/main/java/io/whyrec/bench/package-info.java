/**
 * The benchmarks, kept out of the libraries they measure: the EASE fit beside an EJML baseline and the
 * in-process recommend latency ({@link io.whyrec.bench.ModelBench}), the dense-solve limit of the machine beside
 * the EASE fit at several catalogue sizes ({@link io.whyrec.bench.ScaleBench}), explanation latency per method
 * ({@link io.whyrec.bench.ExplainBench}) and the transformer's training and explanation costs
 * ({@link io.whyrec.bench.NeuralBench}, which needs whyrec-neural on the class path). {@code whyrec bench} runs
 * them; speed targets live here, never in unit tests.
 */
package io.whyrec.bench;

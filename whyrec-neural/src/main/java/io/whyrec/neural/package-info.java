/**
 * The neural path of whyrec: a SASRec-class sequential transformer trained with DJL on the PyTorch engine, fully
 * offline, and gradient explanations of it. This is the only module that loads PyTorch; the rest of whyrec sees
 * the model only as an {@link io.whyrec.api.Recommender} (ids in, scores out) registered under the name "sasrec"
 * by {@link io.whyrec.neural.NeuralModels#register()}.
 */
package io.whyrec.neural;

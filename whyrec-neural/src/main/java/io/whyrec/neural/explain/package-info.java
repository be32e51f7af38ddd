/**
 * Gradient explanations of the SASRec model, returning the same {@link io.whyrec.api.Explanation} as every other
 * explainer: integrated gradients over the history's item embeddings with a completeness check, gradient x input,
 * and a gradient-weighted attention map over positions. Their quality is measured with the same deletion curves as
 * LIME and KernelSHAP ({@link io.whyrec.explain.quality.DeletionCurve}).
 */
package io.whyrec.neural.explain;

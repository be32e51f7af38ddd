/**
 * Explainers for any whyrec model, seen only through the api: a model is an
 * {@link io.whyrec.api.ItemScorer} ("score every item for this masked history"), optionally an
 * {@link io.whyrec.api.AdditiveScorer} with exact contributions. This package holds what every explainer
 * shares: the scoring adapter that masks histories and ranks items, the facet grouping, the explainer base and
 * a small dense solver. The methods live in the sub-packages exact, loo, lime, shap and counterfactual; the
 * sentences in text; the measured quality of explanations in quality.
 */
package io.whyrec.explain;

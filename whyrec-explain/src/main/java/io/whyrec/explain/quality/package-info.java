/**
 * Measured quality of explanations, one class per measure: deletion and insertion curves with their AUC
 * (against a seeded random order), counterfactual necessity, sufficiency and FNS (Tan et al., CIKM 2021),
 * stability across seeds, agreement between methods, and coverage. Every measure re-scores the model itself;
 * none trusts the explainer's own account.
 */
package io.whyrec.explain.quality;

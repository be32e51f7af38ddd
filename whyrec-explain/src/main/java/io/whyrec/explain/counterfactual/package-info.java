/**
 * Counterfactual explanations over the history: the smallest set of events whose removal drops an item out
 * of the top-K (searched greedily in attribution order, every candidate checked by re-ranking, then pruned),
 * and the single new event that would change the top-K most.
 */
package io.whyrec.explain.counterfactual;

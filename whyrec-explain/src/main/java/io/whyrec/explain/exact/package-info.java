/**
 * Exact attributions for additive models (EASE, ItemKNN, the profile model), whose score is a sum over the
 * weighted history, {@code s_j = sum_t w_t * B[item_t, j]}: the contribution of each event is its term, with
 * no approximation.
 */
package io.whyrec.explain.exact;

/**
 * Measured quality of explanations over a model's real recommendations: {@link
 * io.whyrec.eval.explain.ExplanationEvaluation} runs every explainer of the explain module on the top-K lists
 * of the evaluated users and reports deletion and insertion AUCs against seeded random orders (with rank- and
 * margin-based deletion variants beside the plain score curve), counterfactual found rate, set sizes and
 * PN/PS/FNS by independent re-ranking, stability across seeds, agreement between methods and coverage, as a
 * JSON-ready result. Explanation latency per method is measured by the bench module ({@code whyrec bench
 * --explain}).
 */
package io.whyrec.eval.explain;

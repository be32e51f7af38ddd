/**
 * Top-K ranking metrics, one class per metric. Per-user metrics ({@link io.whyrec.api.Metric}: Recall, NDCG,
 * hit rate, MRR, precision) score one user's ranked list against that user's held-out items and are averaged
 * over users; list metrics ({@link io.whyrec.eval.metric.ListMetric}: catalogue coverage, novelty) look at all
 * users' lists together. All use binary relevance.
 */
package io.whyrec.eval.metric;

package io.whyrec.eval.report;

import io.whyrec.eval.protocol.Interval;

/**
 * A paired comparison of a model with a baseline on one metric, over the same users.
 *
 * @param model    the model name
 * @param baseline the baseline's name
 * @param metric   the per-user metric compared
 * @param diff     mean of model minus baseline over users
 * @param ci95     paired bootstrap 95% interval of the difference; excludes 0 when the difference is
 *                 significant at that level
 */
public record Comparison(String model, String baseline, String metric, double diff, Interval ci95) {
}

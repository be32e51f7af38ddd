/**
 * Offline evaluation of whyrec models: the {@link io.whyrec.eval.Evaluator} facade that the command line
 * calls, over the metrics in {@code metric}, the protocols, tuning and bootstrap in {@code protocol}, and the
 * report in {@code report}.
 */
package io.whyrec.eval;

/**
 * Evaluation reports: per-model metrics with bootstrap intervals, the tuning grid and paired comparisons
 * against a baseline, rendered as a text table for a terminal and as JSON with stable keys for scripts.
 */
package io.whyrec.eval.report;

/**
 * Shapley values of history events: KernelSHAP (Lundberg and Lee, "A unified approach to interpreting model
 * predictions", NeurIPS 2017), solved as a constrained weighted least-squares problem so that efficiency
 * holds exactly, and exact Shapley values by enumeration of all coalitions for short histories, used to check
 * KernelSHAP. A removed event is an event taken out of the history (History.keep).
 */
package io.whyrec.explain.shap;

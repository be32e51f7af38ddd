/**
 * LIME over history events (Ribeiro, Singh and Guestrin, "Why should I trust you?", KDD 2016): random masks
 * that remove events, an exponential kernel on the share of removed events, and a weighted ridge surrogate
 * whose coefficients are the attributions and whose R^2 is the reported fidelity.
 */
package io.whyrec.explain.lime;

/**
 * Differential privacy for what leaves the system: the Laplace mechanism over per-item counts whose per-user
 * contribution is bounded ({@link io.whyrec.core.privacy.PrivateCounts}).
 */
package io.whyrec.core.privacy;

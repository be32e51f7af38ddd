/**
 * Offline evaluation protocols (the given train/test split and chronological leave-one-out, both with full
 * ranking and history items masked), validation-only hyper-parameter tuning ({@link
 * io.whyrec.eval.protocol.Tuner}) and paired bootstrap intervals over users ({@link
 * io.whyrec.eval.protocol.Bootstrap}). Per-user metric values are kept aligned with the evaluated user list so
 * models evaluated by the same protocol can be compared user by user.
 */
package io.whyrec.eval.protocol;

/**
 * Fair use of the server's resources, free of HTTP: the typed settings ({@link io.whyrec.server.limits.FairUse}),
 * the cost estimate of an explanation request against its budget ({@link io.whyrec.server.limits.CostBudget}), the
 * per-credential token buckets ({@link io.whyrec.server.limits.TokenBuckets}), the per-address backoff after
 * wrong admin keys ({@link io.whyrec.server.limits.FailureBackoff}) and the bound on concurrent expensive
 * requests ({@link io.whyrec.server.limits.ExpensiveGate}). Every class that reads time takes a nanosecond clock,
 * so tests drive it by hand; the API's {@code Admission} turns their refusals into 400 and 429 answers.
 */
package io.whyrec.server.limits;

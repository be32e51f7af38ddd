/**
 * The live side of the server: every user's events, edits and switch held in memory in step with the store
 * ({@link io.whyrec.server.live.LiveEngine}), the catalogue snapshot swapped atomically when items arrive, and the
 * {@link io.whyrec.server.live.Ranker} that turns a user's weighted history into a ranking with exact
 * explanations, the readable profile and similar items, honouring muted and deleted tags everywhere.
 */
package io.whyrec.server.live;

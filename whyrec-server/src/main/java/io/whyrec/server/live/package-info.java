/**
 * The live side of the server: every user's events, edits and switch held in memory in step with the store
 * ({@link io.whyrec.server.live.LiveEngine}), the catalogue snapshot swapped atomically when items arrive, the
 * served models ({@link io.whyrec.server.live.ModelRegistry}: fitted on the stored events, loaded from model
 * files, or the live profile model) refitted in the background and swapped atomically, and the
 * {@link io.whyrec.server.live.Ranker} that turns a user's history into a ranking of any served model with exact
 * explanations (additive models) or leave-one-out ones (the others), counterfactuals on request and sentences in
 * English or Chinese (whyrec-explain's {@code ExplanationText}), the readable profile and similar items, honouring
 * muted and deleted tags everywhere. Per-user model inputs are cached in the immutable
 * {@link io.whyrec.server.live.UserState}; rendered responses in the {@link io.whyrec.server.live.ResponseCache}.
 * {@link io.whyrec.server.live.ServingConfig} holds every serving default.
 */
package io.whyrec.server.live;

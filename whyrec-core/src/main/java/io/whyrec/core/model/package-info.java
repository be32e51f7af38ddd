/**
 * The recommenders. Each reads the weighted history; the linear ones (EASE, ItemKNN, the profile model) and
 * iALS, whose fold-in score is a sum over the history's events, expose exact per-event contributions through
 * {@link io.whyrec.api.AdditiveScorer}, and so does the blend of EASE and iALS, whose per-history standardisation
 * is a sum over the events too. {@link io.whyrec.core.model.ModelSpec}
 * describes how to configure, tune and fit each one, and {@link io.whyrec.core.model.Models} finds them by name.
 */
package io.whyrec.core.model;

package io.whyrec.server.live;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.api.ItemScorer;

import java.util.BitSet;

/**
 * Everything one served model needs to rank and explain for one user, built once per (user state, catalogue
 * version, model version) and cached in the {@link UserState}, so a request only scores and explains.
 *
 * @param model        the served model's name
 * @param catalog      the catalogue version it was built for
 * @param modelVersion the {@link ServedModel#version()} it was built for
 * @param history      the history the model reads, built by the rule the command line uses
 *                     ({@code ModelHistories.of}): the weighted history for a model that asks for one (the
 *                     profile model), the binary history (each distinct item once, weight 1) otherwise
 * @param eventIndex   for each history position, the index of the user's event in {@link UserState#events()}
 * @param seen         the items the user has events on: never recommended
 * @param scorer       the model as this user sees it (hidden facets muted), over the whole catalogue; an
 *                     {@link AdditiveScorer} when the model is additive
 * @param info         titles and facets with the user's hidden facets left out, for attributions and sentences
 */
public record ModelInput(String model, long catalog, long modelVersion, History history, int[] eventIndex,
                         BitSet seen, ItemScorer scorer, ItemInfo info) {

    /** Whether the scorer is additive, so that its explanations are exact. */
    public boolean additive() {
        return scorer instanceof AdditiveScorer;
    }
}

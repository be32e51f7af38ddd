package io.whyrec.server.live;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.api.ItemScorer;
import io.whyrec.core.data.Dataset;
import io.whyrec.explain.EventFacets;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

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
 * @param eventFacets  the facets of the history's events under {@code info}, looked up once here rather than
 *                     per explained request
 */
public record ModelInput(String model, long catalog, long modelVersion, History history, int[] eventIndex,
                         BitSet seen, ItemScorer scorer, ItemInfo info, EventFacets eventFacets) {

    /** Whether the scorer is additive, so that its explanations are exact. */
    public boolean additive() {
        return scorer instanceof AdditiveScorer;
    }

    /**
     * For each position of a history built from a dataset user's events by {@code ModelHistories.of}, the offset
     * of its event among the user's events ({@code data.userStart(user)} is offset 0): the same event when the
     * history keeps every event (weighted), the item's first event when it keeps each item once (binary).
     */
    public static int[] eventIndex(History history, Dataset data, int user) {
        int start = data.userStart(user);
        int n = data.userEnd(user) - start;
        int[] index = new int[history.size()];
        if (history.size() == n) {
            for (int p = 0; p < n; p++) {
                index[p] = p;
            }
        } else {
            Map<Integer, Integer> first = new HashMap<>();
            for (int p = 0; p < n; p++) {
                first.putIfAbsent(data.item(start + p), p);
            }
            for (int p = 0; p < index.length; p++) {
                index[p] = first.get(history.event(p).item());
            }
        }
        return index;
    }
}

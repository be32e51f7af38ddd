package io.whyrec.server.live;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;

import java.util.BitSet;

/**
 * Everything one model needs to rank and explain for one user, built once per (user state, catalogue version,
 * model version) and cached in the {@link UserState}, so a request only scores and explains.
 *
 * @param model      "profile" or "ease"
 * @param catalog    the catalogue version it was built for
 * @param modelVersion the model version it was built for (the EASE fit; 0 for the profile model)
 * @param history    the history the model reads: the weighted history for the profile model, the binary history
 *                   (each distinct item once, weight 1) for EASE
 * @param eventIndex for each history position, the index of the user's event in {@link UserState#events()}
 * @param seen       the items the user has events on: never recommended
 * @param scorer     the model as this user sees it (hidden facets muted), over the whole catalogue
 * @param info       titles and facets with the user's hidden facets left out, for attributions and sentences
 */
public record ModelInput(String model, long catalog, long modelVersion, History history, int[] eventIndex,
                         BitSet seen, AdditiveScorer scorer, ItemInfo info) {
}

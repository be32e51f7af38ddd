package io.whyrec.core.profile;

import io.whyrec.api.History;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.data.ItemCatalog;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * A user's edits of their own profile, expressed as edits of the weighted history: facets they muted and events
 * they deleted (by history position or by item). The interest profile drops muted facets and the deleted events'
 * terms; the profile model drops the muted facets from its facet matrix
 * ({@code ProfileModel.muting}); models that cannot mute a single facet read {@link #applyTo}, which removes
 * every event of an item carrying a muted facet.
 *
 * @param mutedFacets      facet names to hide; each must exist in the catalogue
 * @param deletedPositions positions in the (unedited) history to remove
 * @param deletedItems     dense items whose events are all removed
 */
public record ProfileEdits(Set<String> mutedFacets, Set<Integer> deletedPositions, Set<Integer> deletedItems) {

    /** No edits. */
    public static final ProfileEdits NONE = new ProfileEdits(Set.of(), Set.of(), Set.of());

    /** Copies the sets so the edits are immutable. */
    public ProfileEdits {
        mutedFacets = Set.copyOf(mutedFacets);
        deletedPositions = Set.copyOf(deletedPositions);
        deletedItems = Set.copyOf(deletedItems);
    }

    /** Edits that only mute facets. */
    public static ProfileEdits muting(String... facets) {
        return new ProfileEdits(Set.of(facets), Set.of(), Set.of());
    }

    /** These edits plus deleted history positions. */
    public ProfileEdits plusDeletedPositions(Integer... positions) {
        Set<Integer> p = new java.util.HashSet<>(deletedPositions);
        p.addAll(List.of(positions));
        return new ProfileEdits(mutedFacets, p, deletedItems);
    }

    /** These edits plus deleted items (every event of each). */
    public ProfileEdits plusDeletedItems(Integer... items) {
        Set<Integer> i = new java.util.HashSet<>(deletedItems);
        i.addAll(List.of(items));
        return new ProfileEdits(mutedFacets, deletedPositions, i);
    }

    /**
     * The dense indices of the muted facets.
     *
     * @throws IllegalArgumentException naming the facet when it is not in the catalogue
     */
    public BitSet mutedFacetIndices(ItemCatalog catalog) {
        BitSet out = new BitSet(catalog.facets().size());
        for (String f : mutedFacets) {
            out.set(catalog.facets().require(f, "facet (muted)"));
        }
        return out;
    }

    /**
     * Which positions of a history survive the deletions.
     *
     * @throws IllegalArgumentException naming the position when it is outside the history
     */
    public boolean[] kept(History history) {
        boolean[] keep = new boolean[history.size()];
        java.util.Arrays.fill(keep, true);
        for (int p : deletedPositions) {
            if (p < 0 || p >= history.size()) {
                throw new IllegalArgumentException("deleted position " + p + " is outside the history of "
                        + history.size() + " events");
            }
            keep[p] = false;
        }
        for (int p = 0; p < keep.length; p++) {
            if (deletedItems.contains(history.event(p).item())) {
                keep[p] = false;
            }
        }
        return keep;
    }

    /**
     * The history for models that cannot mute one facet: the deleted events are removed, and so is every event
     * whose item carries a muted facet.
     */
    public History applyTo(History history, ItemCatalog catalog) {
        boolean[] keep = kept(history);
        BitSet muted = mutedFacetIndices(catalog);
        List<WeightedEvent> out = new ArrayList<>();
        for (int p = 0; p < keep.length; p++) {
            if (!keep[p]) {
                continue;
            }
            boolean hit = false;
            for (int f : catalog.facetsOf(history.event(p).item())) {
                hit |= muted.get(f);
            }
            if (!hit) {
                out.add(history.event(p));
            }
        }
        return new History(history.user(), out);
    }
}

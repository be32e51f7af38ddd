package io.whyrec.explain.text;

import io.whyrec.api.EventAttribution;
import io.whyrec.api.Explanation;
import io.whyrec.api.FacetAttribution;
import io.whyrec.api.ItemInfo;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The guard between an explanation and its sentence: the only way the sentence builder obtains a title or a
 * facet name. An item may be named only when it is the item of an event in the explanation's history evidence;
 * a facet only when the recommended item has it (per {@link ItemInfo}) and the explanation attributes
 * something to it. Anything else throws, so a sentence can never cite what the evidence does not hold.
 */
public final class Evidence {

    private final ItemInfo info;
    private final List<EventAttribution> events;
    private final Set<String> facets = new HashSet<>();
    private final int recommended;

    /** The evidence of one explanation. */
    public Evidence(Explanation explanation, ItemInfo info) {
        this.info = Objects.requireNonNull(info, "info");
        this.recommended = explanation.item();
        this.events = explanation.events();
        Set<String> own = new HashSet<>(info.facets(explanation.item()));
        for (FacetAttribution f : explanation.facets()) {
            if (own.contains(f.facet())) {
                facets.add(f.facet());
            }
        }
    }

    /**
     * The title of a history item that may be named.
     *
     * @throws IllegalArgumentException when the item is not in the explanation's history evidence
     */
    public String title(int item) {
        if (!inHistory(item)) {
            throw new IllegalArgumentException("item " + item + " (" + info.title(item) + ") is not in the history "
                    + "evidence of the explanation of item " + recommended + " and may not be named");
        }
        return info.title(item);
    }

    /**
     * A facet name that may be named.
     *
     * @throws IllegalArgumentException when the recommended item does not have the facet or the explanation
     *                                  attributes nothing to it
     */
    public String facet(String facet) {
        if (!facets.contains(facet)) {
            throw new IllegalArgumentException("facet \"" + facet + "\" is not a facet of item " + recommended
                    + " with evidence in this explanation and may not be named");
        }
        return facet;
    }

    /** Whether an event of the history names the item (a scan: a sentence names only a few items). */
    private boolean inHistory(int item) {
        for (EventAttribution e : events) {
            if (e.item() == item) {
                return true;
            }
        }
        return false;
    }
}

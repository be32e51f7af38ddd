package io.whyrec.core.profile;

import io.whyrec.api.History;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.ItemCatalog;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a weighted history into the readable {@link InterestProfile}. Each event gives its weight w_t in equal
 * parts to the facets of its item ({@code x_i} is the item's facet indicator vector divided by its number of
 * facets, so it sums to 1); the interest in facet f is {@code I_f = sum_t w_t x_{i_t,f}} and its share is
 * {@code I_f / sum_g max(I_g, 0)}. Edits are applied first: deleted events are dropped, and muted facets lose every
 * contribution (an event of a Sci-Fi and Drama item still gives its Drama half when Sci-Fi is muted).
 *
 * <p>An event against its item (negative w_t) lowers I_f of its item's facets by the same rule, and is listed
 * among the facet's events against, never as evidence of interest (an event of weight 0 is in neither list). A
 * facet whose I_f is 0 or below is left out of the profile, so it takes no share.
 */
public final class InterestProfiler {

    private static final Comparator<InterestProfile.Evidence> EVIDENCE_ORDER =
            Comparator.comparingDouble(InterestProfile.Evidence::contribution).reversed()
                    .thenComparing(Comparator.comparingLong(InterestProfile.Evidence::timestamp).reversed())
                    .thenComparingInt(InterestProfile.Evidence::item)
                    .thenComparingInt(InterestProfile.Evidence::position);

    /** Events against: the largest magnitude first, then as {@link #EVIDENCE_ORDER}. */
    private static final Comparator<InterestProfile.Evidence> AGAINST_ORDER =
            Comparator.comparingDouble(InterestProfile.Evidence::contribution)
                    .thenComparing(Comparator.comparingLong(InterestProfile.Evidence::timestamp).reversed())
                    .thenComparingInt(InterestProfile.Evidence::item)
                    .thenComparingInt(InterestProfile.Evidence::position);

    private final ItemCatalog catalog;

    /** A profiler over a catalogue's facets. */
    public InterestProfiler(ItemCatalog catalog) {
        this.catalog = catalog;
    }

    /** The profile of a history with no edits. */
    public InterestProfile profile(History history) {
        return profile(history, ProfileEdits.NONE);
    }

    /** The profile of a user of a dataset, with the history built by {@link HistoryBuilder}. */
    public InterestProfile profile(Dataset data, int user, EventWeighting weighting) {
        return profile(HistoryBuilder.build(data, user, weighting));
    }

    /**
     * The profile of a history after the user's edits.
     *
     * @throws IllegalArgumentException when an edit names an unknown facet or a position outside the history
     */
    public InterestProfile profile(History history, ProfileEdits edits) {
        boolean[] keep = edits.kept(history);
        BitSet muted = edits.mutedFacetIndices(catalog);
        int numFacets = catalog.facets().size();
        double[] interest = new double[numFacets];
        List<List<InterestProfile.Evidence>> evidence = new ArrayList<>(numFacets);
        List<List<InterestProfile.Evidence>> against = new ArrayList<>(numFacets);
        for (int f = 0; f < numFacets; f++) {
            evidence.add(new ArrayList<>());
            against.add(new ArrayList<>());
        }
        double unassigned = 0;
        int kept = 0;
        for (int p = 0; p < history.size(); p++) {
            if (!keep[p]) {
                continue;
            }
            kept++;
            WeightedEvent e = history.event(p);
            int[] facets = catalog.facetsOf(e.item());
            if (facets.length == 0) {
                unassigned += e.weight();
                continue;
            }
            double part = e.weight() / facets.length;
            for (int f : facets) {
                if (muted.get(f)) {
                    continue;
                }
                interest[f] += part;
                InterestProfile.Evidence ev = new InterestProfile.Evidence(p, e.item(), catalog.title(e.item()),
                        e.timestamp(), e.frequency(), e.heat(), e.decay(), e.weight(), part);
                if (e.weight() > 0) {
                    evidence.get(f).add(ev);
                } else if (e.weight() < 0) {
                    against.get(f).add(ev);
                }
            }
        }
        double activity = 0;
        for (int f = 0; f < numFacets; f++) {
            if (interest[f] > 0) {
                activity += interest[f];
            }
        }
        List<InterestProfile.FacetInterest> out = new ArrayList<>();
        for (int f = 0; f < numFacets; f++) {
            if (interest[f] > 0) {
                List<InterestProfile.Evidence> ev = evidence.get(f);
                ev.sort(EVIDENCE_ORDER);
                List<InterestProfile.Evidence> ag = against.get(f);
                ag.sort(AGAINST_ORDER);
                out.add(new InterestProfile.FacetInterest(f, catalog.facets().id(f), interest[f],
                        interest[f] / activity, ev, ag));
            }
        }
        out.sort(Comparator.comparingDouble(InterestProfile.FacetInterest::weight).reversed()
                .thenComparing(InterestProfile.FacetInterest::name));
        return new InterestProfile(history.user(), kept, activity, unassigned, out);
    }

    /**
     * The unnormalised interest vector I over all facets (muted facets 0), as the profile model uses it: signed,
     * so an event against its item lowers its facets, and not clamped at 0.
     */
    public double[] interestVector(History history, BitSet mutedFacets) {
        double[] interest = new double[catalog.facets().size()];
        for (WeightedEvent e : history.events()) {
            int[] facets = catalog.facetsOf(e.item());
            for (int f : facets) {
                if (!mutedFacets.get(f)) {
                    interest[f] += e.weight() / facets.length;
                }
            }
        }
        return interest;
    }
}

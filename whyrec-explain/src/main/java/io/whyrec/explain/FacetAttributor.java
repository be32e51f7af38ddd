package io.whyrec.explain;

import io.whyrec.api.EventAttribution;
import io.whyrec.api.FacetAttribution;
import io.whyrec.api.ItemInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Groups event contributions by interest facet. Each event's contribution is split equally across the facets
 * of the event's item (an event of an item with facets Sci-Fi and Horror gives half to each), and only the
 * facets that the recommended item itself has are kept: an explanation never credits a facet the item lacks.
 * A facet's share is its contribution divided by {@link io.whyrec.api.Explanation#evidenceTotal()}.
 */
public final class FacetAttributor {

    private FacetAttributor() {
    }

    /**
     * Facet attributions for one recommended item, largest contribution first (ties by name).
     *
     * @param events        the event attributions of the explanation
     * @param item          the recommended item
     * @param info          titles and facets of the catalogue
     * @param evidenceTotal the share denominator (sum of positive event contributions)
     */
    public static List<FacetAttribution> attribute(List<EventAttribution> events, int item, ItemInfo info,
                                                   double evidenceTotal) {
        // the item's own facets (duplicates dropped), each with a running sum in event order; a facet gets an
        // entry once some event of an item carrying it is seen, even when the contribution is 0
        List<String> ownList = new ArrayList<>(new LinkedHashSet<>(info.facets(item)));
        int m = ownList.size();
        String[] own = ownList.toArray(new String[0]);
        int[] ownHash = new int[m];
        for (int o = 0; o < m; o++) {
            ownHash[o] = own[o].hashCode();
        }
        double[] sums = new double[m];
        boolean[] seen = new boolean[m];
        if (m > 0) {
            for (int t = 0, size = events.size(); t < size; t++) {
                EventAttribution e = events.get(t);
                List<String> fs = info.facets(e.item());
                int n = fs.size();
                if (n == 0) {
                    continue;
                }
                double part = e.contribution() / n;
                for (int i = 0; i < n; i++) {
                    int o = indexOf(own, ownHash, fs.get(i));
                    if (o >= 0) {
                        // the first part is taken as is (not 0.0 + part), so a lone -0.0 stays -0.0
                        sums[o] = seen[o] ? sums[o] + part : part;
                        seen[o] = true;
                    }
                }
            }
        }
        List<FacetAttribution> out = new ArrayList<>(m);
        for (int o = 0; o < m; o++) {
            if (seen[o]) {
                double c = sums[o];
                out.add(new FacetAttribution(own[o], evidenceTotal > 0 ? c / evidenceTotal : 0.0, c));
            }
        }
        out.sort(Comparator.comparingDouble(FacetAttribution::contribution).reversed()
                .thenComparing(FacetAttribution::facet));
        return out;
    }

    /**
     * The same facet attributions as {@link #attribute(List, int, ItemInfo, double)}, with the events' facets
     * taken from {@code eventFacets} (looked up once for the history the events are positions of) instead of
     * from {@code info} per event.
     *
     * @param eventFacets the facets of the history's events in the same catalogue view as {@code info}
     * @throws IllegalArgumentException when an event position is outside {@code eventFacets}
     */
    public static List<FacetAttribution> attribute(List<EventAttribution> events, int item, ItemInfo info,
                                                   double evidenceTotal, EventFacets eventFacets) {
        List<String> ownList = new ArrayList<>(new LinkedHashSet<>(info.facets(item)));
        int m = ownList.size();
        int[] ownIds = new int[m];
        for (int o = 0; o < m; o++) {
            ownIds[o] = eventFacets.number(ownList.get(o));
        }
        double[] sums = new double[m];
        boolean[] seen = new boolean[m];
        if (m > 0) {
            for (int t = 0, size = events.size(); t < size; t++) {
                EventAttribution e = events.get(t);
                int position = e.position();
                if (position < 0 || position >= eventFacets.size()) {
                    throw new IllegalArgumentException("event position " + position + " outside the "
                            + eventFacets.size() + " events of the facet lookup");
                }
                int[] fs = eventFacets.of(position);
                int n = fs.length;
                if (n == 0) {
                    continue;
                }
                double part = e.contribution() / n;
                for (int i = 0; i < n; i++) {
                    int f = fs[i];
                    for (int o = 0; o < m; o++) {
                        if (ownIds[o] == f) {
                            // as above: the first part is taken as is, so a lone -0.0 stays -0.0
                            sums[o] = seen[o] ? sums[o] + part : part;
                            seen[o] = true;
                            break;
                        }
                    }
                }
            }
        }
        List<FacetAttribution> out = new ArrayList<>(m);
        for (int o = 0; o < m; o++) {
            if (seen[o]) {
                double c = sums[o];
                out.add(new FacetAttribution(ownList.get(o), evidenceTotal > 0 ? c / evidenceTotal : 0.0, c));
            }
        }
        out.sort(Comparator.comparingDouble(FacetAttribution::contribution).reversed()
                .thenComparing(FacetAttribution::facet));
        return out;
    }

    /**
     * Position of a facet among the item's own facets (a handful, so a linear scan), or -1. The strings' cached
     * hash codes are compared first, so most facets that differ are told apart without comparing characters.
     */
    private static int indexOf(String[] own, int[] ownHash, String facet) {
        int h = facet.hashCode();
        for (int o = 0; o < own.length; o++) {
            if (ownHash[o] == h && own[o].equals(facet)) {
                return o;
            }
        }
        return -1;
    }
}

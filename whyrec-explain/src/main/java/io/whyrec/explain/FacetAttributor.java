package io.whyrec.explain;

import io.whyrec.api.EventAttribution;
import io.whyrec.api.FacetAttribution;
import io.whyrec.api.ItemInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        Set<String> own = new LinkedHashSet<>(info.facets(item));
        Map<String, Double> sums = new LinkedHashMap<>();
        for (EventAttribution e : events) {
            List<String> fs = info.facets(e.item());
            if (fs.isEmpty()) {
                continue;
            }
            double part = e.contribution() / fs.size();
            for (String f : fs) {
                if (own.contains(f)) {
                    sums.merge(f, part, Double::sum);
                }
            }
        }
        List<FacetAttribution> out = new ArrayList<>();
        for (Map.Entry<String, Double> en : sums.entrySet()) {
            double c = en.getValue();
            out.add(new FacetAttribution(en.getKey(), evidenceTotal > 0 ? c / evidenceTotal : 0.0, c));
        }
        out.sort(Comparator.comparingDouble(FacetAttribution::contribution).reversed()
                .thenComparing(FacetAttribution::facet));
        return out;
    }
}

package io.whyrec.api;

import java.util.Objects;

/**
 * How much one interest facet of the recommended item contributed: the contributions of the history events
 * whose items carry that facet, each event's contribution split equally across its item's facets. Only facets
 * that the recommended item really has appear.
 *
 * @param facet        facet name (e.g. "Sci-Fi")
 * @param share        contribution divided by the sum of the positive event contributions of the explanation
 *                     (see {@link Explanation#evidenceTotal()}); 0 when that sum is 0
 * @param contribution the facet's contribution, in score units
 */
public record FacetAttribution(String facet, double share, double contribution) {

    /** Checks the facet name. */
    public FacetAttribution {
        Objects.requireNonNull(facet, "facet");
    }
}

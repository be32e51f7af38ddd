package io.whyrec.explain.text;

/**
 * How much a sentence says; {@link #DEFAULT} holds every default.
 *
 * @param maxItems  most history items named as reasons (default 2)
 * @param maxFacets most facets named (default 1)
 * @param maxCounterfactualItems most removed items named in the counterfactual clause; the rest are counted
 *                  (default 2)
 */
public record TextConfig(int maxItems, int maxFacets, int maxCounterfactualItems) {

    /** Two items, one facet, two counterfactual items. */
    public static final TextConfig DEFAULT = new TextConfig(2, 1, 2);

    /** Checks the ranges. */
    public TextConfig {
        if (maxItems < 1 || maxFacets < 0 || maxCounterfactualItems < 1) {
            throw new IllegalArgumentException("TextConfig needs maxItems >= 1, maxFacets >= 0 and "
                    + "maxCounterfactualItems >= 1, got " + maxItems + ", " + maxFacets + ", " + maxCounterfactualItems);
        }
    }
}

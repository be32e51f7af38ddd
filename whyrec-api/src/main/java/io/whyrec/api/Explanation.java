package io.whyrec.api;

import java.util.List;
import java.util.Objects;

/**
 * Why one item was recommended to one user: the single shape every explainer returns. It carries what it
 * explains (user, item, rank, score), how it was obtained (method and fidelity figures), the evidence (one
 * attribution per history event, and per interest facet of the item), an optional counterfactual and the
 * rendered sentence.
 *
 * @param user           dense user index of the explained history (-1 when anonymous)
 * @param item           dense index of the explained item
 * @param rank           the item's 1-based rank among the items not in the history
 * @param score          the model's score of the item for the full history
 * @param baseline       the score the attributions start from: f(empty history) for Shapley and LIME-like
 *                       methods, 0 for exact attributions; score ~ baseline + sum of contributions
 * @param method         how the attributions were obtained ("exact", "loo", "lime", "shap", "shap-exact", ...)
 * @param events         one attribution per history event, in history order
 * @param facets         attributions per facet of the item, largest contribution first
 * @param counterfactual the counterfactual found, or null when none was searched for
 * @param fidelity       faithfulness figures of this explanation
 * @param text           the sentence shown to the user; empty until rendered
 */
public record Explanation(int user, int item, int rank, double score, double baseline, String method,
                          List<EventAttribution> events, List<FacetAttribution> facets,
                          Counterfactual counterfactual, Fidelity fidelity, String text) {

    /** Checks the required fields and copies the lists. */
    public Explanation {
        Objects.requireNonNull(method, "method");
        events = List.copyOf(events);
        facets = facets == null ? List.of() : List.copyOf(facets);
        fidelity = fidelity == null ? Fidelity.none() : fidelity;
        text = text == null ? "" : text;
    }

    /** The contributions as an array in history order. */
    public double[] contributions() {
        double[] out = new double[events.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = events.get(i).contribution();
        }
        return out;
    }

    /**
     * Sum of the positive event contributions: the denominator of every share ("contributes 41%") that is
     * shown to a user, so the shares of the supporting events add up to 100%.
     */
    public double evidenceTotal() {
        double total = 0;
        for (EventAttribution e : events) {
            if (e.contribution() > 0) {
                total += e.contribution();
            }
        }
        return total;
    }

    /** An event's share of {@link #evidenceTotal()}, or 0 when that total is 0. */
    public double share(EventAttribution event) {
        double total = evidenceTotal();
        return total > 0 ? event.contribution() / total : 0.0;
    }

    /** A copy with facet attributions. */
    public Explanation withFacets(List<FacetAttribution> newFacets) {
        return new Explanation(user, item, rank, score, baseline, method, events, newFacets, counterfactual,
                fidelity, text);
    }

    /** A copy with a counterfactual. */
    public Explanation withCounterfactual(Counterfactual cf) {
        return new Explanation(user, item, rank, score, baseline, method, events, facets, cf, fidelity, text);
    }

    /** A copy with other fidelity figures. */
    public Explanation withFidelity(Fidelity newFidelity) {
        return new Explanation(user, item, rank, score, baseline, method, events, facets, counterfactual,
                newFidelity, text);
    }

    /** A copy with the rendered sentence. */
    public Explanation withText(String newText) {
        return new Explanation(user, item, rank, score, baseline, method, events, facets, counterfactual,
                fidelity, newText);
    }
}

package io.whyrec.explain.counterfactual;

import io.whyrec.api.Explainer;
import io.whyrec.api.Explanation;
import io.whyrec.api.History;

import java.util.Objects;

/**
 * An explainer that attaches a counterfactual to another explainer's explanation: the attributions of the
 * wrapped explainer decide the greedy order of {@link CounterfactualSearch}. The explanation's method reads
 * "{@code <wrapped>+counterfactual}" (e.g. "exact+counterfactual"), since its attributions come from the wrapped
 * method. Items outside the top-K get no counterfactual (it would be meaningless).
 */
public final class CounterfactualExplainer implements Explainer {

    private final Explainer attribution;
    private final CounterfactualSearch search;

    /**
     * @param attribution the explainer whose attributions order the search (exact for additive models)
     * @param search      the search, which knows the list length K
     */
    public CounterfactualExplainer(Explainer attribution, CounterfactualSearch search) {
        this.attribution = Objects.requireNonNull(attribution, "attribution");
        this.search = Objects.requireNonNull(search, "search");
    }

    @Override
    public String method() {
        return attribution.method() + "+counterfactual";
    }

    @Override
    public Explanation explain(History history, int item) {
        return attach(attribution.explain(history, item), history);
    }

    @Override
    public Explanation explain(History history, int item, int rank) {
        return attach(attribution.explain(history, item, rank), history);
    }

    private Explanation attach(Explanation x, History history) {
        Explanation out = new Explanation(x.user(), x.item(), x.rank(), x.score(), x.baseline(), method(), x.events(),
                x.facets(), null, x.fidelity(), x.text());
        if (x.rank() > search.k()) {
            return out;
        }
        return out.withCounterfactual(search.find(history, x.item(), x.contributions()));
    }
}

package io.whyrec.explain;

import io.whyrec.api.EventAttribution;
import io.whyrec.api.Explainer;
import io.whyrec.api.Explanation;
import io.whyrec.api.Fidelity;
import io.whyrec.api.FacetAttribution;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.api.WeightedEvent;

import java.util.List;
import java.util.Objects;

/**
 * What every explainer shares: computing the rank when the caller does not know it, turning per-event
 * contributions into {@link EventAttribution}s, grouping them into facets, and assembling the one
 * {@link Explanation} shape. Subclasses implement {@link #attribute}.
 */
public abstract class BaseExplainer implements Explainer {

    /** The scoring view of the model. */
    protected final ScoringAdapter adapter;
    private final ItemInfo info;

    /**
     * @param adapter the model's scoring view
     * @param info    titles and facets for facet attributions; null for none
     */
    protected BaseExplainer(ScoringAdapter adapter, ItemInfo info) {
        this.adapter = Objects.requireNonNull(adapter, "adapter");
        this.info = info;
    }

    /** The result of one attribution: per-event contributions, the full score, the baseline and fidelity. */
    public record Attribution(double[] contributions, double score, double baseline, Fidelity fidelity) {
    }

    /** Computes the per-event contributions of one item for one history. */
    protected abstract Attribution attribute(History history, int item);

    /**
     * Computes the attributions of several items of one history, {@code out[r]} equal to
     * {@code attribute(history, items[r])}; the default calls that once per item, subclasses batch.
     */
    protected Attribution[] attributeAll(History history, int[] items) {
        Attribution[] out = new Attribution[items.length];
        for (int r = 0; r < items.length; r++) {
            out[r] = attribute(history, items[r]);
        }
        return out;
    }

    @Override
    public java.util.List<Explanation> explainAll(History history, int[] items, int[] ranks) {
        Objects.requireNonNull(history, "history");
        if (items.length != ranks.length) {
            throw new IllegalArgumentException(items.length + " items but " + ranks.length + " ranks");
        }
        Attribution[] a = attributeAll(history, items);
        EventFacets facets = info == null ? null : EventFacets.of(history, info);
        java.util.List<Explanation> out = new java.util.ArrayList<>(items.length);
        for (int r = 0; r < items.length; r++) {
            if (ranks[r] < 1) {
                throw new IllegalArgumentException("rank must be >= 1, got " + ranks[r]);
            }
            out.add(assemble(history, items[r], ranks[r], method(), a[r].contributions(), a[r].score(),
                    a[r].baseline(), a[r].fidelity(), info, facets));
        }
        return out;
    }

    @Override
    public Explanation explain(History history, int item) {
        int rank = adapter.rank(history, item, ScoringAdapter.itemsOf(history));
        return explain(history, item, rank);
    }

    @Override
    public Explanation explain(History history, int item, int rank) {
        Objects.requireNonNull(history, "history");
        if (rank < 1) {
            throw new IllegalArgumentException("rank must be >= 1, got " + rank);
        }
        Attribution a = attribute(history, item);
        return assemble(history, item, rank, method(), a.contributions(), a.score(), a.baseline(), a.fidelity(),
                info);
    }

    /** Builds an explanation from per-event contributions (facets grouped when {@code info} is not null). */
    public static Explanation assemble(History history, int item, int rank, String method, double[] contributions,
                                       double score, double baseline, Fidelity fidelity, ItemInfo info) {
        return assemble(history, item, rank, method, contributions, score, baseline, fidelity, info, null);
    }

    /**
     * The same explanation as {@link #assemble(History, int, int, String, double[], double, double, Fidelity,
     * ItemInfo)}, grouping facets with the history's event facets looked up once ({@link EventFacets}, built
     * from {@code history} and {@code info}) when several items of one history are explained.
     *
     * @param eventFacets the facets of {@code history}'s events in {@code info}, or null to look them up here
     */
    public static Explanation assemble(History history, int item, int rank, String method, double[] contributions,
                                       double score, double baseline, Fidelity fidelity, ItemInfo info,
                                       EventFacets eventFacets) {
        if (contributions.length != history.size()) {
            throw new IllegalArgumentException(contributions.length + " contributions for " + history.size() + " events");
        }
        // an array wrapped by List.of, which Explanation's List.copyOf keeps as it is (no further copies)
        EventAttribution[] array = new EventAttribution[contributions.length];
        for (int t = 0; t < contributions.length; t++) {
            WeightedEvent e = history.event(t);
            array[t] = new EventAttribution(t, e.item(), e.timestamp(), e.weight(), contributions[t]);
        }
        List<EventAttribution> events = List.of(array);
        Explanation x = new Explanation(history.user(), item, rank, score, baseline, method, events, List.of(),
                null, fidelity, "");
        if (info != null) {
            List<FacetAttribution> facets = eventFacets == null
                    ? FacetAttributor.attribute(events, item, info, x.evidenceTotal())
                    : FacetAttributor.attribute(events, item, info, x.evidenceTotal(), eventFacets);
            x = x.withFacets(facets);
        }
        return x;
    }
}

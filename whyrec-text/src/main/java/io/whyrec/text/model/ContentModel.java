package io.whyrec.text.model;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.model.WeightedHistoryModel;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.text.index.VectorIndex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The content recommender: the user's interest embedding is the seed formula over item text embeddings,
 * {@code I = sum_t w_t x_t}, and item j scores {@code s_j = <I, x_j> / ||I||}, the cosine of I and j's unit
 * embedding. The score is linear in the weighted history for a given history, so event t's contribution is exactly
 * {@code w_t <x_t, x_j> / ||I||} and the contributions sum to the score. Items need no interaction to be scored:
 * a new item is recommendable and explained by the watched items whose text it resembles.
 *
 * <p>For catalogues of at least {@link ContentConfig#annThreshold()} items, {@link #recommend} retrieves the
 * {@link ContentConfig#annCandidates()} HNSW neighbours of I and re-scores them exactly; it falls back to scoring
 * every item when too few candidates survive the exclusions.
 */
public final class ContentModel implements Recommender, AdditiveScorer, WeightedHistoryModel {

    /** The model name. */
    public static final String NAME = "content";

    private final ItemEmbeddings x;
    private final ContentConfig config;
    private final VectorIndex index;

    /**
     * A model over item embeddings.
     *
     * @param embeddings the catalogue's normalised embeddings
     * @param config     the configuration
     */
    public ContentModel(ItemEmbeddings embeddings, ContentConfig config) {
        this.x = embeddings;
        this.config = config;
        if (embeddings.size() >= config.annThreshold()) {
            List<float[]> vectors = new ArrayList<>(embeddings.size());
            for (int i = 0; i < embeddings.size(); i++) {
                vectors.add(embeddings.vector(i));
            }
            this.index = VectorIndex.build(vectors);
        } else {
            this.index = null;
        }
    }

    /** The item embeddings this model scores with. */
    public ItemEmbeddings embeddings() {
        return x;
    }

    /** True when recommendations retrieve candidates through the HNSW index. */
    public boolean usesIndex() {
        return index != null;
    }

    @Override
    public EventWeighting weighting() {
        return config.weighting();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("encoder", x.model());
        p.put("dimension", x.dimension());
        p.put("weighting", config.weighting().describe());
        p.put("annThreshold", config.annThreshold());
        p.put("annCandidates", config.annCandidates());
        return p;
    }

    @Override
    public int numItems() {
        return x.size();
    }

    /** The interest embedding I = sum_t w_t x_t of a history. */
    public double[] interest(History history) {
        double[] acc = new double[x.dimension()];
        for (WeightedEvent e : history.events()) {
            check(e.item());
            if (e.weight() != 0.0) {
                x.addTo(e.item(), e.weight(), acc);
            }
        }
        return acc;
    }

    @Override
    public void score(History history, double[] out) {
        if (out.length != x.size()) {
            throw new IllegalArgumentException("content: score array has length " + out.length + ", expected " + x.size());
        }
        double[] interest = interest(history);
        double norm = norm(interest);
        if (norm == 0) {
            java.util.Arrays.fill(out, 0.0);
            return;
        }
        for (int j = 0; j < interest.length; j++) {
            interest[j] /= norm;
        }
        x.dotAll(interest, out);
    }

    /** {@inheritDoc} Event t contributes {@code w_t <x_t, x_j> / ||I||}. */
    @Override
    public double[] contributions(History history, int item) {
        check(item);
        double norm = norm(interest(history));
        double[] out = new double[history.size()];
        if (norm == 0) {
            return out;
        }
        for (int t = 0; t < out.length; t++) {
            WeightedEvent e = history.event(t);
            out[t] = e.weight() * x.similarity(e.item(), item) / norm;
        }
        return out;
    }

    @Override
    public List<ScoredItem> recommend(History history, int k, IntPredicate exclude) {
        if (index == null || k <= 0) {
            return Recommender.super.recommend(history, k, exclude);
        }
        double[] interest = interest(history);
        double norm = norm(interest);
        if (norm == 0) {
            return Recommender.super.recommend(history, k, exclude);
        }
        float[] q = new float[interest.length];
        for (int j = 0; j < q.length; j++) {
            interest[j] /= norm;
            q[j] = (float) interest[j];
        }
        List<ScoredItem> kept = new ArrayList<>();
        for (int item : index.search(q, Math.max(k, config.annCandidates()))) {
            if (exclude == null || !exclude.test(item)) {
                kept.add(new ScoredItem(item, x.dot(item, interest)));
            }
        }
        if (kept.size() < k) {
            return Recommender.super.recommend(history, k, exclude);
        }
        Collections.sort(kept);
        return List.copyOf(kept.subList(0, k));
    }

    private void check(int item) {
        if (item < 0 || item >= x.size()) {
            throw new IllegalArgumentException("content: item index " + item + " out of range [0, " + x.size() + ")");
        }
    }

    static double norm(double[] v) {
        double s = 0;
        for (double a : v) {
            s += a * a;
        }
        return Math.sqrt(s);
    }
}

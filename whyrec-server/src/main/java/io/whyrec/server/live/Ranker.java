package io.whyrec.server.live;

import io.whyrec.api.Counterfactual;
import io.whyrec.api.Explanation;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.core.model.ProfileModel;
import io.whyrec.core.profile.InterestProfile;
import io.whyrec.core.profile.InterestProfiler;
import io.whyrec.core.profile.ProfileEdits;
import io.whyrec.explain.exact.ExactExplainer;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers the read requests from a user's state: the ranked list (with exact explanations when asked), the
 * readable interest profile and similar items. A user's muted and deleted tags are applied on every path: the
 * profile model is {@link ProfileModel#muting muted} for them, the profile drops them, and explanations see the
 * catalogue through {@link CatalogSnapshot#infoHiding}, so no facet attribution or sentence cites them.
 * With personalisation off the ranking is the global popularity (events per item over all users), which reads
 * nothing of the user's history, and is labelled as such.
 */
public final class Ranker {

    /** Method name of the personalised ranking. */
    public static final String PROFILE = "profile";
    /** Method name of the non-profiling ranking used when personalisation is off. */
    public static final String POPULARITY = "popularity";
    /** Most removals the counterfactual search tries before giving up. */
    public static final int COUNTERFACTUAL_MAX_REMOVALS = 10;
    /** Most muted-model variants cached (one per distinct set of hidden tags). */
    private static final int MODEL_CACHE_SIZE = 1024;

    private final LiveEngine engine;
    private final ConcurrentHashMap<ModelKey, ProfileModel> muted = new ConcurrentHashMap<>();

    private record ModelKey(long version, Set<String> hidden) {
    }

    /** A ranker over the engine's live state. */
    public Ranker(LiveEngine engine) {
        this.engine = engine;
    }

    /**
     * One recommended item.
     *
     * @param item        dense item index
     * @param rank        1-based rank
     * @param score       the model's score
     * @param explanation exact explanation with facets and counterfactual, or null when not asked or not
     *                    personalised
     */
    public record Ranked(int item, int rank, double score, Explanation explanation) {
    }

    /**
     * A ranked list and how it was made.
     *
     * @param method       "profile" or "popularity"
     * @param personalized whether the user's history was used
     * @param catalog      the catalogue snapshot the indices refer to
     * @param history      the user's weighted history (empty when not personalised)
     * @param items        the list, best first
     */
    public record Ranking(String method, boolean personalized, CatalogSnapshot catalog, History history,
                          List<Ranked> items) {
    }

    /** The user's weighted history under the current catalogue. */
    public History history(UserState s) {
        return s.history(engine.catalog(), engine.config().weighting());
    }

    /** The profile model with the user's hidden tags muted (cached per set of hidden tags). */
    public ProfileModel modelFor(CatalogSnapshot snap, Set<String> hidden) {
        Set<String> known = knownFacets(snap, hidden);
        if (known.isEmpty()) {
            return snap.profile();
        }
        ModelKey key = new ModelKey(snap.version(), known);
        ProfileModel m = muted.get(key);
        if (m == null) {
            if (muted.size() >= MODEL_CACHE_SIZE) {
                muted.clear();
            }
            m = snap.profile().muting(new ProfileEdits(known, Set.of(), Set.of()));
            muted.put(key, m);
        }
        return m;
    }

    private static Set<String> knownFacets(CatalogSnapshot snap, Set<String> tags) {
        Set<String> out = new HashSet<>();
        for (String t : tags) {
            if (snap.catalog().facets().find(t).isPresent()) {
                out.add(t);
            }
        }
        return Set.copyOf(out);
    }

    /**
     * The top-k list for a user.
     *
     * @param s       the user's state
     * @param k       list length, >= 1
     * @param explain whether to attach exact explanations and counterfactuals
     */
    public Ranking recommend(UserState s, int k, boolean explain) {
        CatalogSnapshot snap = engine.catalog();
        if (!s.personalized()) {
            return popularity(snap, k);
        }
        History h = s.history(snap, engine.config().weighting());
        ProfileModel model = modelFor(snap, s.hiddenTags());
        double[] scores = new double[snap.size()];
        model.score(h, scores);
        BitSet seen = new BitSet(snap.size());
        for (int i : h.items()) {
            seen.set(i);
        }
        List<ScoredItem> top = Recommender.topK(scores, k, seen::get);
        List<Ranked> out = new ArrayList<>(top.size());
        ItemInfo info = explain ? snap.infoHiding(s.hiddenTags()) : null;
        ExactExplainer explainer = explain ? new ExactExplainer(model, info) : null;
        for (int r = 0; r < top.size(); r++) {
            ScoredItem si = top.get(r);
            Explanation x = null;
            if (explain) {
                x = explainer.explain(h, si.item(), r + 1);
                x = x.withCounterfactual(counterfactual(model, h, seen, si.item(), r + 1, k, x));
            }
            out.add(new Ranked(si.item(), r + 1, si.score(), x));
        }
        return new Ranking(PROFILE, true, snap, h, out);
    }

    /**
     * The exact explanation of one item for a personalised user, wherever it ranks (its rank among items the
     * user has no event on; the counterfactual asks for it to leave the top k).
     *
     * @return null when personalisation is off
     */
    public Explanation explainOne(UserState s, int item, int k) {
        if (!s.personalized()) {
            return null;
        }
        CatalogSnapshot snap = engine.catalog();
        History h = s.history(snap, engine.config().weighting());
        ProfileModel model = modelFor(snap, s.hiddenTags());
        BitSet seen = new BitSet(snap.size());
        for (int i : h.items()) {
            seen.set(i);
        }
        Explanation x = new ExactExplainer(model, snap.infoHiding(s.hiddenTags())).explain(h, item);
        return x.withCounterfactual(counterfactual(model, h, seen, item, x.rank(), k, x));
    }

    /** The non-profiling ranking: items by number of events over all users, ties by catalogue order. */
    public Ranking popularity(CatalogSnapshot snap, int k) {
        double[] counts = new double[snap.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = engine.itemCount(snap.catalog().items().id(i));
        }
        List<ScoredItem> top = Recommender.topK(counts, k, null);
        List<Ranked> out = new ArrayList<>(top.size());
        for (int r = 0; r < top.size(); r++) {
            out.add(new Ranked(top.get(r).item(), r + 1, top.get(r).score(), null));
        }
        return new Ranking(POPULARITY, false, snap, new History(-1, List.of()), out);
    }

    /**
     * The smallest prefix of the item's supporting events (by contribution, largest first) whose removal puts
     * it beyond rank k, each step checked by re-scoring the reduced history with the model (the original
     * history's items stay excluded). Greedy on exact contributions, so it is an upper bound on the smallest set.
     */
    static Counterfactual counterfactual(ProfileModel model, History h, BitSet seen, int item, int rank, int k,
                                         Explanation x) {
        double[] c = x.contributions();
        List<Integer> order = new ArrayList<>();
        for (int p = 0; p < c.length; p++) {
            if (c[p] > 0) {
                order.add(p);
            }
        }
        order.sort(Comparator.comparingDouble((Integer p) -> -c[p]).thenComparingInt(p -> p));
        boolean[] keep = new boolean[h.size()];
        java.util.Arrays.fill(keep, true);
        double[] scores = new double[model.numItems()];
        List<Integer> removed = new ArrayList<>();
        int newRank = rank;
        for (int i = 0; i < Math.min(order.size(), COUNTERFACTUAL_MAX_REMOVALS); i++) {
            keep[order.get(i)] = false;
            removed.add(order.get(i));
            model.score(h.keep(keep), scores);
            newRank = rankOf(scores, item, seen);
            if (newRank > k) {
                break;
            }
        }
        List<Integer> sortedRemoved = new ArrayList<>(removed);
        sortedRemoved.sort(null);
        List<Integer> items = sortedRemoved.stream().map(p -> h.event(p).item()).toList();
        return new Counterfactual(k, sortedRemoved, items, rank, newRank, List.of(), newRank > k);
    }

    private static int rankOf(double[] scores, int item, BitSet seen) {
        double s = scores[item];
        int rank = 1;
        for (int j = 0; j < scores.length; j++) {
            if (j != item && !seen.get(j) && (scores[j] > s || (scores[j] == s && j < item))) {
                rank++;
            }
        }
        return rank;
    }

    /** The user's readable interest profile with hidden tags removed. */
    public InterestProfile profile(UserState s) {
        CatalogSnapshot snap = engine.catalog();
        History h = s.history(snap, engine.config().weighting());
        Set<String> known = knownFacets(snap, s.hiddenTags());
        return new InterestProfiler(snap.catalog()).profile(h, new ProfileEdits(known, Set.of(), Set.of()));
    }

    /**
     * Items similar to one item: the profile model's scores for a history holding only that item (facet overlap
     * normalised by the candidate's facet count), the item itself excluded.
     */
    public List<ScoredItem> similar(int item, int k) {
        CatalogSnapshot snap = engine.catalog();
        History one = new History(-1, List.of(io.whyrec.api.WeightedEvent.unit(item, 0)));
        double[] scores = new double[snap.size()];
        snap.profile().score(one, scores);
        return Recommender.topK(scores, k, j -> j == item || scores[j] <= 0);
    }
}

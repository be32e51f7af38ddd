package io.whyrec.server.live;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.Explanation;
import io.whyrec.api.Fidelity;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.model.ProfileModel;
import io.whyrec.core.profile.InterestProfile;
import io.whyrec.core.profile.InterestProfiler;
import io.whyrec.core.profile.ProfileEdits;
import io.whyrec.explain.BaseExplainer;
import io.whyrec.explain.EventFacets;
import io.whyrec.explain.exact.ExactExplainer;
import io.whyrec.explain.ScoringAdapter;
import io.whyrec.explain.counterfactual.CounterfactualConfig;
import io.whyrec.explain.counterfactual.CounterfactualSearch;
import io.whyrec.explain.text.ExplanationText;
import io.whyrec.explain.text.TextConfig;
import io.whyrec.server.store.StoredEvent;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers the read requests from a user's state: the ranked list (with exact explanations, and counterfactuals
 * when asked), the readable interest profile and similar items, for either served model.
 *
 * <p><b>Models.</b> {@code profile} reads the user's weighted history (the seed formula); {@code ease} reads the
 * binary history (each distinct item once, weight 1, as {@code ModelHistories.of} gives EASE) and is the
 * {@link LiveEngine#ease() currently fitted} EASE snapshot.
 *
 * <p><b>Scrutability.</b> A user's muted and deleted tags are applied on every path. The profile model is
 * {@link ProfileModel#muting muted} for them (exactly that facet's term leaves every score). EASE has no facet
 * term to remove, so for EASE muting a tag drops the events whose item carries it from the history, the rule of
 * {@link ProfileEdits#applyTo}; the dropped events stay in the history with weight 0, which scores exactly like
 * the shorter history but keeps history positions aligned with the user's events and keeps their items out of
 * the list. Explanations see the catalogue through {@link CatalogSnapshot#infoHiding}, so no facet attribution
 * and no sentence (rendered by {@link ExplanationText}, whose Evidence guard names only facets present in that
 * view) cites a hidden tag. With personalisation off the ranking is the global popularity (events per item over
 * all users), which reads nothing of the user's history, and is labelled as such.
 *
 * <p><b>Cost.</b> The per-user model input (history, seen items, muted model view) is cached in the immutable
 * {@link UserState} per catalogue and model version. A request scores the catalogue once, takes the top k, and
 * computes exact contributions for those k items only (O(history) each for an additive model); the
 * counterfactual search, which re-ranks O(log history) times per item, runs only for {@code method=counterfactual}.
 */
public final class Ranker {

    /** Name of the profile model (and of the personalised ranking method it gives). */
    public static final String PROFILE = "profile";
    /** Name of the EASE model. */
    public static final String EASE = "ease";
    /** Method name of the non-profiling ranking used when personalisation is off. */
    public static final String POPULARITY = "popularity";
    /** Most muted-model variants cached (one per distinct set of hidden tags). */
    private static final int MODEL_CACHE_SIZE = 1024;

    /** The explanation methods a request may ask for. */
    public enum Method {
        /** Exact contributions and facet shares only. */
        EXACT,
        /** Exact contributions plus a verified counterfactual (a set of events whose removal drops the item). */
        COUNTERFACTUAL;

        /** Parses "exact" or "counterfactual"; null for anything else. */
        public static Method parse(String s) {
            return switch (s) {
                case "exact" -> EXACT;
                case "counterfactual" -> COUNTERFACTUAL;
                default -> null;
            };
        }
    }

    /** Thrown when a request names a model the server cannot serve right now. */
    public static final class ModelUnavailableException extends RuntimeException {
        ModelUnavailableException(String message) {
            super(message);
        }
    }

    private final LiveEngine engine;
    private final ServingConfig serving;
    private final ConcurrentHashMap<ModelKey, ProfileModel> muted = new ConcurrentHashMap<>();

    private record ModelKey(long version, Set<String> hidden) {
    }

    /** A ranker over the engine's live state. */
    public Ranker(LiveEngine engine, ServingConfig serving) {
        this.engine = engine;
        this.serving = serving;
    }

    /** The serving settings. */
    public ServingConfig serving() {
        return serving;
    }

    /**
     * One recommended item.
     *
     * @param item        dense item index
     * @param rank        1-based rank
     * @param score       the model's score
     * @param explanation exact explanation (with a counterfactual for method=counterfactual), or null when not
     *                    asked or not personalised
     */
    public record Ranked(int item, int rank, double score, Explanation explanation) {
    }

    /**
     * A ranked list and how it was made.
     *
     * @param method       the model ("profile", "ease") or "popularity"
     * @param personalized whether the user's history was used
     * @param catalog      the catalogue snapshot the indices refer to
     * @param input        the model input (null when not personalised): history, positions, visible facets
     * @param items        the list, best first
     */
    public record Ranking(String method, boolean personalized, CatalogSnapshot catalog, ModelInput input,
                          List<Ranked> items) {
    }

    /** The user's weighted history under the current catalogue (what the profile and timeline show). */
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
     * The model input of a user for a model, from the user's cache when it was built for the current catalogue
     * and model versions.
     *
     * @param model "profile" or "ease"
     * @throws ModelUnavailableException when EASE is asked for and none is fitted
     */
    public ModelInput input(UserState s, String model) {
        CatalogSnapshot snap = engine.catalog();
        if (PROFILE.equals(model)) {
            ModelInput in = s.cachedInput(PROFILE, snap.version(), 0);
            if (in == null) {
                in = profileInput(s, snap);
                s.cacheInput(in);
            }
            return in;
        }
        if (!EASE.equals(model)) {
            throw new IllegalArgumentException("model '" + model + "' is not one of profile, ease");
        }
        EaseSnapshot e = engine.ease();
        if (e == null) {
            throw new ModelUnavailableException("model: ease is not fitted (no events yet, or the catalogue is "
                    + "larger than " + serving.easeMaxItems() + " items); use model=profile");
        }
        ModelInput in = s.cachedInput(EASE, snap.version(), e.version());
        if (in == null) {
            in = easeInput(s, snap, e);
            s.cacheInput(in);
        }
        return in;
    }

    private ModelInput profileInput(UserState s, CatalogSnapshot snap) {
        History h = s.history(snap, engine.config().weighting());
        int[] index = new int[h.size()];
        BitSet seen = new BitSet(snap.size());
        for (int p = 0; p < index.length; p++) {
            index[p] = p;
            seen.set(h.event(p).item());
        }
        return new ModelInput(PROFILE, snap.version(), 0, h, index, seen, modelFor(snap, s.hiddenTags()),
                snap.infoHiding(s.hiddenTags()));
    }

    private ModelInput easeInput(UserState s, CatalogSnapshot snap, EaseSnapshot e) {
        List<StoredEvent> events = s.events();
        List<WeightedEvent> binary = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        BitSet seen = new BitSet(snap.size());
        for (int p = 0; p < events.size(); p++) {
            int item = snap.catalog().items().require(events.get(p).item(), "item");
            if (!seen.get(item)) {
                seen.set(item);
                binary.add(WeightedEvent.unit(item, events.get(p).ts()));
                index.add(p);
            }
        }
        History full = new History(-1, binary);
        Set<String> known = knownFacets(snap, s.hiddenTags());
        // the events ProfileEdits.applyTo keeps for the muted facets; the others get weight 0
        Map<WeightedEvent, Boolean> kept = new IdentityHashMap<>();
        History applied = known.isEmpty() ? full
                : new ProfileEdits(known, Set.of(), Set.of()).applyTo(full, snap.catalog());
        for (WeightedEvent w : applied.events()) {
            kept.put(w, Boolean.TRUE);
        }
        int fitted = e.ease().numItems();
        List<WeightedEvent> out = new ArrayList<>(binary.size());
        for (WeightedEvent w : full.events()) {
            out.add(kept.containsKey(w) && w.item() < fitted ? w : w.withWeight(0.0));
        }
        return new ModelInput(EASE, snap.version(), e.version(), new History(-1, out),
                index.stream().mapToInt(Integer::intValue).toArray(), seen, new CatalogEase(e.ease(), snap.size()),
                snap.infoHiding(s.hiddenTags()));
    }

    /** The model a request names, or the default one when it names none. */
    public String modelName(String requested) {
        return requested == null || requested.isEmpty() ? serving.defaultModel() : requested;
    }

    /**
     * The top-k list for a user.
     *
     * @param s       the user's state
     * @param model   "profile" or "ease"
     * @param k       list length, >= 1
     * @param explain whether to attach exact explanations
     * @param method  EXACT, or COUNTERFACTUAL to attach counterfactuals too
     * @throws ModelUnavailableException when the model is not fitted
     */
    public Ranking recommend(UserState s, String model, int k, boolean explain, Method method) {
        CatalogSnapshot snap = engine.catalog();
        if (!s.personalized()) {
            return popularity(snap, k);
        }
        ModelInput in = input(s, model);
        History h = in.history();
        double[] scores = scratchScores(in.scorer().numItems());
        in.scorer().score(h, scores);
        List<ScoredItem> top = Recommender.topK(scores, k, in.seen()::get);
        List<Ranked> out = new ArrayList<>(top.size());
        CounterfactualSearch search = explain && method == Method.COUNTERFACTUAL ? search(in, k) : null;
        List<Explanation> assembled = new ArrayList<>(top.size());
        // the contributions of the whole list in one pass over the history (both models override the default)
        double[][] contributions = null;
        EventFacets eventFacets = null;
        if (explain) {
            contributions = in.scorer().contributions(h, top.stream().mapToInt(ScoredItem::item).toArray());
            eventFacets = EventFacets.of(h, in.info());
        }
        for (int r = 0; r < top.size(); r++) {
            ScoredItem si = top.get(r);
            Explanation x = null;
            if (explain) {
                double[] c = contributions[r];
                x = exact(in, si.item(), r + 1, scores[si.item()], c, assembled, eventFacets);
                assembled.add(x);
                if (search != null) {
                    x = x.withCounterfactual(search.find(h, si.item(), x.contributions()));
                }
            }
            out.add(new Ranked(si.item(), r + 1, si.score(), x));
        }
        return new Ranking(model, true, snap, in, out);
    }

    /** Per-thread score arrays: a request scores the catalogue once and reads the array only until it returns. */
    private static final ThreadLocal<double[]> SCORES = ThreadLocal.withInitial(() -> new double[0]);

    private static double[] scratchScores(int n) {
        double[] a = SCORES.get();
        if (a.length != n) {
            a = new double[n];
            SCORES.set(a);
        }
        return a;
    }

    private CounterfactualSearch search(ModelInput in, int k) {
        return new CounterfactualSearch(in.scorer(), new CounterfactualConfig(k, serving.counterfactualCandidates()));
    }

    /**
     * The exact explanation of one item from the scores of one full scoring: contributions read from the
     * additive model and assembled as {@code ExactExplainer} does, with the same exactness error, but without
     * scoring the catalogue again per item.
     */
    private static Explanation exact(ModelInput in, int item, int rank, double score) {
        return exact(in, item, rank, score, in.scorer().contributions(in.history(), item), List.of(), null);
    }

    /**
     * The exact explanation of one item, reusing the event and facet attributions of an explanation already
     * assembled in the same request when they are necessarily equal: the same contributions, bit for bit, and
     * the same visible facets of the explained item (the profile model gives every item with the same facets the
     * same contributions). Everything an explanation holds besides item, rank, score and exactness error is a
     * function of those two, so the result equals a fresh assembly. {@code c} are the item's contributions
     * ({@link AdditiveScorer#contributions}).
     */
    private static Explanation exact(ModelInput in, int item, int rank, double score, double[] c,
                                     List<Explanation> assembled, EventFacets eventFacets) {
        Fidelity fidelity = ExactExplainer.exactness(c, score);
        for (Explanation done : assembled) {
            if (done.counterfactual() == null && sameContributions(done.events(), c)
                    && in.info().facets(done.item()).equals(in.info().facets(item))) {
                return new Explanation(in.history().user(), item, rank, score, 0.0, "exact", done.events(),
                        done.facets(), null, fidelity, "");
            }
        }
        return BaseExplainer.assemble(in.history(), item, rank, "exact", c, score, 0.0, fidelity, in.info(),
                eventFacets);
    }

    private static boolean sameContributions(List<io.whyrec.api.EventAttribution> events, double[] c) {
        if (events.size() != c.length) {
            return false;
        }
        for (int t = 0; t < c.length; t++) {
            if (Double.doubleToRawLongBits(events.get(t).contribution()) != Double.doubleToRawLongBits(c[t])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The explanation of one item for a personalised user, wherever it ranks (its rank among items the user has
     * no event on). With COUNTERFACTUAL and the item within the top k, the counterfactual asks for it to leave
     * the top k.
     *
     * @return the explanation and the input it was computed on, or null when personalisation is off
     */
    public Explained explainOne(UserState s, String model, int item, int k, Method method) {
        if (!s.personalized()) {
            return null;
        }
        ModelInput in = input(s, model);
        double[] scores = new double[in.scorer().numItems()];
        in.scorer().score(in.history(), scores);
        int rank = ScoringAdapter.rankOf(scores, item, in.seen()::get);
        Explanation x = exact(in, item, rank, scores[item]);
        if (method == Method.COUNTERFACTUAL && rank <= k && !in.seen().get(item)) {
            x = x.withCounterfactual(search(in, k).find(in.history(), item, x.contributions()));
        }
        return new Explained(x, in);
    }

    /**
     * One explanation with the model input it refers to.
     *
     * @param explanation the explanation
     * @param input       its history, event positions and visible facets
     */
    public record Explained(Explanation explanation, ModelInput input) {
    }

    /** The sentence of an explanation in a language, naming only what its evidence allows. */
    public static String text(Explanation x, ItemInfo info, Lang lang) {
        return new ExplanationText(lang.locale(), info, TextConfig.DEFAULT).render(x);
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
        return new Ranking(POPULARITY, false, snap, null, out);
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
        History one = new History(-1, List.of(WeightedEvent.unit(item, 0)));
        double[] scores = new double[snap.size()];
        snap.profile().score(one, scores);
        return Recommender.topK(scores, k, j -> j == item || scores[j] <= 0);
    }
}

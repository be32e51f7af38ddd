package io.whyrec.server.live;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.Explanation;
import io.whyrec.api.Fidelity;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.explain.narrate.GroundedNarrator;
import io.whyrec.explain.narrate.Narration;
import io.whyrec.explain.narrate.NarratorConfig;
import io.whyrec.explain.narrate.TemplateNarrator;
import io.whyrec.server.feedback.ExplanationArms;
import io.whyrec.explain.narrate.Vocabulary;
import io.whyrec.api.ItemScorer;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.model.ModelHistories;
import io.whyrec.core.model.ProfileModel;
import io.whyrec.core.profile.InterestProfile;
import io.whyrec.core.profile.InterestProfiler;
import io.whyrec.core.profile.ProfileEdits;
import io.whyrec.explain.BaseExplainer;
import io.whyrec.explain.EventFacets;
import io.whyrec.explain.ExplainerRegistry;
import io.whyrec.explain.exact.ExactExplainer;
import io.whyrec.explain.ScoringAdapter;
import io.whyrec.explain.counterfactual.CounterfactualConfig;
import io.whyrec.explain.counterfactual.CounterfactualSearch;
import io.whyrec.explain.text.ExplanationText;
import io.whyrec.explain.text.TextConfig;
import io.whyrec.explain.whynot.WhyNot;
import io.whyrec.explain.whynot.WhyNotAnswer;
import io.whyrec.explain.whynot.WhyNotConfig;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers the read requests from a user's state: the ranked list (with explanations, and counterfactuals when
 * asked), the readable interest profile and similar items, for any model of the {@link ModelRegistry}.
 *
 * <p><b>Models.</b> Every served model reads the history the command line gives it ({@code ModelHistories.of}):
 * the weighted history (the seed formula) for the profile model, the binary history (each distinct item once,
 * weight 1) for the collaborative models. Scores that tie are ordered by popularity (events per item over all
 * users), then by catalogue order, in every list; {@code whyrec recommend} applies the same rule.
 *
 * <p><b>Explanations.</b> An additive model (EASE, ItemKNN, profile) is explained exactly: its per-event
 * contributions sum to the score. Any other model is explained by leave-one-out ({@code method=loo}, the
 * model-agnostic attribution), whose additivity gap is reported with it.
 *
 * <p><b>Scrutability.</b> A user's muted and deleted tags are applied on every path, by one rule per model. The
 * profile model is {@link ProfileModel#muting muted} for them (exactly that facet's term leaves every score). A
 * model without facet terms drops the events whose item carries a muted tag, the rule of
 * {@link ProfileEdits#applyTo}; the dropped events stay in the history with weight 0, which scores exactly like
 * the shorter history but keeps history positions aligned with the user's events and keeps their items out of
 * the list. An event the user excluded is left out of the history every model reads (its item stays seen, so it
 * is still never listed), and so out of every score, explanation and counterfactual. Explanations see the
 * catalogue through {@link CatalogSnapshot#infoHiding}, so no facet attribution and no sentence (rendered by {@link ExplanationText}, whose Evidence guard names only facets present in that
 * view) cites a hidden tag. With personalisation off, and for a user with no events yet, the ranking is the
 * global popularity (events per item over all users), which reads nothing of the user's history, and is
 * labelled as such.
 *
 * <p><b>Cost.</b> The per-user model input (history, seen items, muted model view) is cached in the immutable
 * {@link UserState} per catalogue and model version. A request scores the catalogue once, takes the top k, and
 * computes exact contributions for those k items only (O(history) each for an additive model); the
 * counterfactual search, which re-ranks O(log history) times per item, runs only for {@code method=counterfactual}.
 */
public final class Ranker {

    /** Name of the profile model. */
    public static final String PROFILE = ProfileModel.NAME;
    /** Method name of the non-profiling ranking used when personalisation is off or there is no history. */
    public static final String POPULARITY = "popularity";
    /** Most muted-model variants cached (one per distinct set of hidden tags). */
    private static final int MODEL_CACHE_SIZE = 1024;

    /**
     * Request-time filters of a list: only items carrying one of {@code tags} (all items when empty), never the
     * items of {@code exclude}, and the first {@code offset} items of the filtered list skipped (ranks count
     * from the start, so page two of ten starts at rank 11).
     *
     * @param tags    item tags, any of which admits an item; empty for every item
     * @param exclude dense indices never listed
     * @param offset  items skipped at the head of the list, >= 0
     */
    public record Filter(Set<String> tags, Set<Integer> exclude, int offset) {

        /** No filter. */
        public static final Filter NONE = new Filter(Set.of(), Set.of(), 0);

        /** Copies the sets and checks the offset. */
        public Filter {
            tags = Set.copyOf(tags);
            exclude = Set.copyOf(exclude);
            if (offset < 0) {
                throw new IllegalArgumentException("offset must be >= 0, got " + offset);
            }
        }

        /** Whether the filter keeps every item. */
        boolean keepsAll() {
            return tags.isEmpty() && exclude.isEmpty();
        }

        /** Whether an item is filtered out, given its tags. */
        boolean drops(int item, CatalogSnapshot snap) {
            if (exclude.contains(item)) {
                return true;
            }
            if (tags.isEmpty()) {
                return false;
            }
            for (String t : snap.catalog().item(item).tags()) {
                if (tags.contains(t)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The exact method: the additive model's own per-event contributions. */
    public static final String EXACT = "exact";
    /** The counterfactual method: the model's default attributions plus a verified counterfactual. */
    public static final String COUNTERFACTUAL = "counterfactual";
    /** Seed of the sampling explainers (LIME, KernelSHAP), so a served explanation is reproducible. */
    public static final long EXPLAINER_SEED = 42;

    /**
     * How a request's items are explained: the attribution method and whether a counterfactual is attached.
     *
     * @param attribution    "exact" or a method of the {@link ExplainerRegistry} that applies to the model
     * @param counterfactual whether to search a counterfactual for every listed item
     */
    public record How(String attribution, boolean counterfactual) {
    }

    /**
     * Resolves a requested method for a model input: null gives the model's default ({@code exact} for an
     * additive model, {@code loo} otherwise), {@code counterfactual} that default plus a counterfactual, and any
     * other name must be {@code exact} of an additive model or a registry method that applies to the model.
     *
     * @throws MethodUnavailableException naming the methods the model offers
     */
    public How how(ModelInput in, String method) {
        String dflt = in.additive() ? EXACT : "loo";
        if (method == null || method.isEmpty()) {
            return new How(dflt, false);
        }
        if (method.equals(COUNTERFACTUAL)) {
            return new How(dflt, true);
        }
        if (method.equals(EXACT) ? in.additive() : ExplainerRegistry.methodsFor(in.scorer()).contains(method)) {
            return new How(method, false);
        }
        throw new MethodUnavailableException("method: '" + method + "' cannot explain model " + in.model()
                + (method.equals(EXACT) ? ", which is not additive" : "") + "; its methods: "
                + String.join(", ", methods(in)));
    }

    /** The method names a request may give for a model input: its attribution methods and counterfactual. */
    public static List<String> methods(ModelInput in) {
        List<String> out = new ArrayList<>(ExplainerRegistry.methodsFor(in.scorer()));
        out.add(COUNTERFACTUAL);
        return out;
    }

    /** Thrown when a request asks for an explanation method the model cannot give. */
    public static final class MethodUnavailableException extends RuntimeException {
        MethodUnavailableException(String message) {
            super(message);
        }
    }

    /** Thrown when a request names a model the server cannot serve right now. */
    public static final class ModelUnavailableException extends RuntimeException {
        ModelUnavailableException(String message) {
            super(message);
        }
    }

    private final LiveEngine engine;
    private final ModelRegistry registry;
    private final ServingConfig serving;
    private final ConcurrentHashMap<ModelKey, ProfileModel> muted = new ConcurrentHashMap<>();

    private record ModelKey(String name, long version, Set<String> hidden) {
    }

    private final GroundedNarrator narrator;
    private final ExplanationArms arms;
    /** The vocabulary of the last catalogue a sentence was checked against (rebuilt when the catalogue changes). */
    private volatile Map.Entry<CatalogSnapshot, Vocabulary> vocabulary;

    /** A ranker over the engine's live state and the registry's models, with the template sentences. */
    public Ranker(LiveEngine engine, ModelRegistry registry, ServingConfig serving) {
        this(engine, registry, serving, GroundedNarrator.of(NarratorConfig.TEMPLATE));
    }

    /** A ranker whose single explanations are narrated by {@code narrator} (behind its grounding gate). */
    public Ranker(LiveEngine engine, ModelRegistry registry, ServingConfig serving, GroundedNarrator narrator) {
        this.engine = engine;
        this.registry = registry;
        this.serving = serving;
        this.narrator = java.util.Objects.requireNonNull(narrator, "narrator");
        this.arms = serving.arms() != null ? serving.arms() : ExplanationArms.defaults(!narrator.isTemplate());
    }

    /** The A/B arms of explanation styles (the configured ones, or the defaults for the narrator). */
    public ExplanationArms arms() {
        return arms;
    }

    /** The explanation arm of a user (stable: a seeded hash of the user id, see {@link ExplanationArms}). */
    public ExplanationArms.Arm arm(String user) {
        return arms.assign(user);
    }

    /** The narrator of single explanations. */
    public GroundedNarrator narrator() {
        return narrator;
    }

    /**
     * The sentence of one explanation by the configured narrator, checked against the catalogue {@code snap}
     * (every title and facet of it, hidden ones included, so a hidden facet named is caught); the template when
     * the narrator's sentence is not grounded. An arm that is not narrated gets the template sentence with its
     * number of reasons, whatever narrator is configured.
     */
    public Narration narrate(Explanation x, ItemInfo info, Lang lang, CatalogSnapshot snap, ExplanationArms.Arm arm) {
        if (!arm.narrated()) {
            return new Narration(text(x, info, lang, arm.text()), TemplateNarrator.NAME, TemplateNarrator.NAME, true,
                    List.of(), 0);
        }
        if (narrator.isTemplate()) {
            return narrator.narrate(x, info, lang.locale(), null);
        }
        return narrator.narrate(x, info, lang.locale(), vocabulary(snap));
    }

    /**
     * The interest summary of a profile: the template's, or the configured narrator's behind its grounding gate
     * (checked against every title and facet of the catalogue {@code snap}).
     */
    public ProfileSummary summary(InterestProfile profile, Lang lang, CatalogSnapshot snap) {
        return ProfileSummary.of(profile, lang, narrator, narrator.isTemplate() ? null : vocabulary(snap));
    }

    /** The vocabulary of {@code snap}, built once per catalogue snapshot. */
    private Vocabulary vocabulary(CatalogSnapshot snap) {
        Map.Entry<CatalogSnapshot, Vocabulary> v = vocabulary;
        if (v == null || v.getKey() != snap) {
            v = Map.entry(snap, Vocabulary.of(snap.infoHiding(Set.of()), snap.size()));
            vocabulary = v;
        }
        return v.getValue();
    }

    /** The served models. */
    public ModelRegistry registry() {
        return registry;
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
     * @param method       the model's name, or "popularity"
     * @param personalized whether the user's history was used (false: personalisation off or no history)
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

    /** A profile model with the user's hidden tags muted (cached per model version and set of hidden tags). */
    private ProfileModel modelFor(ServedModel m, ProfileModel model, CatalogSnapshot snap, Set<String> hidden) {
        Set<String> known = knownFacets(snap, hidden);
        if (known.isEmpty()) {
            return model;
        }
        ModelKey key = new ModelKey(m.name(), m.version(), known);
        ProfileModel out = muted.get(key);
        if (out == null) {
            if (muted.size() >= MODEL_CACHE_SIZE) {
                muted.clear();
            }
            out = model.muting(new ProfileEdits(known, Set.of(), Set.of()));
            muted.put(key, out);
        }
        return out;
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

    /** The model served under a name now. */
    public ServedModel served(String model) {
        if (!registry.serves(model)) {
            throw new IllegalArgumentException("model '" + model + "' is not served (served: "
                    + String.join(", ", registry.names()) + ")");
        }
        ServedModel m = registry.current(model);
        if (m == null) {
            String why = registry.whyNotFitted(model);
            throw new ModelUnavailableException("model: " + model + " is not fitted" + (why == null ? " yet"
                    : " (" + why + ")") + "; served models: " + String.join(", ", registry.names()));
        }
        return m;
    }

    /**
     * The model input of a user for a model, from the user's cache when it was built for the current catalogue
     * and model versions.
     *
     * @param model a served model's name
     * @throws ModelUnavailableException when the model is not fitted
     */
    public ModelInput input(UserState s, String model) {
        CatalogSnapshot snap = engine.catalog();
        ServedModel m = served(model);
        ModelInput in = s.cachedInput(model, snap.version(), m.version());
        if (in == null) {
            in = build(s, snap, m);
            s.cacheInput(in);
        }
        return in;
    }

    private ModelInput build(UserState s, CatalogSnapshot snap, ServedModel m) {
        // the models read the events the user did not exclude; an excluded event's item stays seen (never listed)
        Dataset one = s.active().dataset(snap.catalog());
        History built = ModelHistories.of(m.model(), one, 0);
        // position of each history event among the user's events (all of them, excluded ones included)
        int[] index = ModelInput.eventIndex(built, one, 0);
        int[] activePositions = s.activePositions();
        for (int p = 0; p < index.length; p++) {
            index[p] = activePositions[index[p]];
        }
        BitSet seen = consumed(s, snap);
        Set<String> known = knownFacets(snap, s.hiddenTags());
        ItemScorer scorer;
        History history;
        int fitted = m.numItems();
        if (m.model() instanceof ProfileModel profile && fitted == snap.size()) {
            scorer = modelFor(m, profile, snap, s.hiddenTags());
            history = new History(-1, built.events());
        } else {
            // the events ProfileEdits.applyTo keeps for the muted facets, on items the model was fitted on; the
            // others are left out of the history the model reads (and so of every explanation)
            Map<WeightedEvent, Boolean> kept = new IdentityHashMap<>();
            History full = new History(-1, built.events());
            History applied = known.isEmpty() ? full
                    : new ProfileEdits(known, Set.of(), Set.of()).applyTo(full, snap.catalog());
            for (WeightedEvent w : applied.events()) {
                kept.put(w, Boolean.TRUE);
            }
            List<WeightedEvent> out = new ArrayList<>(full.size());
            int[] keptIndex = new int[full.size()];
            for (int p = 0; p < full.size(); p++) {
                WeightedEvent w = full.event(p);
                if (kept.containsKey(w) && w.item() < fitted) {
                    keptIndex[out.size()] = index[p];
                    out.add(w);
                }
            }
            index = java.util.Arrays.copyOf(keptIndex, out.size());
            history = new History(-1, out);
            scorer = CatalogScorer.of(m.model(), snap.size());
        }
        ItemInfo info = snap.infoHiding(s.hiddenTags());
        return new ModelInput(m.name(), snap.version(), m.version(), history, index, seen, scorer, info,
                EventFacets.of(history, info));
    }

    /**
     * The model a request names, or, when it names none, the default model, or the first served model that is
     * fitted while the default is not.
     */
    public String modelName(String requested) {
        if (requested != null && !requested.isEmpty()) {
            return requested;
        }
        String dflt = serving.defaultModel();
        if (registry.current(dflt) != null) {
            return dflt;
        }
        // the default is not fitted yet (a store that started empty): the first served model that is, the live
        // profile model when it is served; the response's "method" names the model that ranked
        for (String name : registry.names()) {
            if (registry.current(name) != null) {
                return name;
            }
        }
        return dflt;
    }

    /**
     * The top-k list for a user.
     *
     * @param s       the user's state
     * @param model   a served model's name
     * @param k       list length, >= 1
     * @param explain whether to attach explanations
     * @param method  an explanation method ({@link #how}); null for the model's default
     * @throws ModelUnavailableException  when the model is not fitted
     * @throws MethodUnavailableException when the method cannot explain the model
     */
    public Ranking recommend(UserState s, String model, int k, boolean explain, String method) {
        return recommend(s, model, k, explain, method, Filter.NONE);
    }

    /**
     * The top-k list for a user under request-time filters (see {@link #recommend(UserState, String, int,
     * boolean, String)}).
     */
    public Ranking recommend(UserState s, String model, int k, boolean explain, String method, Filter filter) {
        CatalogSnapshot snap = engine.catalog();
        if (!s.personalized() || s.active().events().isEmpty()) {
            return popularity(snap, k, filter, consumed(s, snap));
        }
        ModelInput in = input(s, model);
        How how = how(in, method);
        History h = in.history();
        double[] scores = scratchScores(in.scorer().numItems());
        in.scorer().score(h, scores);
        BitSet seen = in.seen();
        java.util.function.IntPredicate out = filter.keepsAll() ? seen::get
                : j -> seen.get(j) || filter.drops(j, snap);
        List<ScoredItem> top = Recommender.topK(scores, k + filter.offset(), out, engine.popularity(snap));
        int first = Math.min(filter.offset(), top.size());
        top = top.subList(first, top.size());
        List<Ranked> listed = new ArrayList<>(top.size());
        CounterfactualSearch search = explain && how.counterfactual() ? search(in, k) : null;
        List<Explanation> assembled = new ArrayList<>(top.size());
        boolean exact = how.attribution().equals(EXACT);
        // the contributions of the whole list in one pass over the history (the additive models override the
        // default)
        double[][] contributions = null;
        EventFacets eventFacets = null;
        if (explain && exact) {
            contributions = ((AdditiveScorer) in.scorer()).contributions(h,
                    top.stream().mapToInt(ScoredItem::item).toArray());
            eventFacets = in.eventFacets();
        }
        io.whyrec.api.Explainer other = explain && !exact ? ExplainerRegistry.require(how.attribution(), in.scorer(),
                model, in.info(), EXPLAINER_SEED) : null;
        List<Explanation> batch = null;
        if (other != null) {
            int[] items = top.stream().mapToInt(ScoredItem::item).toArray();
            int[] ranks = new int[items.length];
            for (int r = 0; r < ranks.length; r++) {
                ranks[r] = first + r + 1;
            }
            batch = other.explainAll(h, items, ranks);
        }
        for (int r = 0; r < top.size(); r++) {
            ScoredItem si = top.get(r);
            Explanation x = null;
            if (explain) {
                if (exact) {
                    x = exact(in, si.item(), first + r + 1, scores[si.item()], contributions[r], assembled,
                            eventFacets);
                    assembled.add(x);
                } else {
                    x = withSampledFidelity(batch.get(r), model);
                }
                if (search != null) {
                    x = withCounterfactual(x, search.find(h, si.item(), x.contributions(), in.seen()::get));
                }
            }
            listed.add(new Ranked(si.item(), first + r + 1, si.score(), x));
        }
        return new Ranking(model, true, snap, in, listed);
    }

    /**
     * The explanation with a counterfactual, named as whyrec-explain's {@code CounterfactualExplainer} names its
     * explanations ("exact+counterfactual"), so the command line and the server write the same method.
     */
    private static Explanation withCounterfactual(Explanation x, io.whyrec.api.Counterfactual cf) {
        return new Explanation(x.user(), x.item(), x.rank(), x.score(), x.baseline(), x.method() + "+counterfactual",
                x.events(), x.facets(), cf, x.fidelity(), x.text());
    }

    /** The explanation with its method's sampled deletion ratio added, when the served model has one. */
    private Explanation withSampledFidelity(Explanation x, String model) {
        ServedModel m = registry.current(model);
        Double ratio = m == null ? null : m.deletionRatios().get(x.method());
        return ratio == null ? x : x.withFidelity(x.fidelity().with(SampledFidelity.DELETION_RATIO, ratio));
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
        return new CounterfactualSearch(in.scorer(), new CounterfactualConfig(k, serving.counterfactualCandidates()),
                engine.popularity(engine.catalog()));
    }

    /**
     * The exact explanation of one item from the scores of one full scoring: contributions read from the
     * additive model and assembled as {@code ExactExplainer} does, with the same exactness error, but without
     * scoring the catalogue again per item.
     */
    private static Explanation exact(ModelInput in, int item, int rank, double score) {
        return exact(in, item, rank, score, ((AdditiveScorer) in.scorer()).contributions(in.history(), item),
                List.of(), null);
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
    public Explained explainOne(UserState s, String model, int item, int k, String method) {
        if (!s.personalized()) {
            return null;
        }
        ModelInput in = input(s, model);
        How how = how(in, method);
        double[] scores = new double[in.scorer().numItems()];
        in.scorer().score(in.history(), scores);
        int rank = ScoringAdapter.rankOf(scores, item, in.seen()::get, engine.popularity(engine.catalog()));
        Explanation x = how.attribution().equals(EXACT) ? exact(in, item, rank, scores[item])
                : withSampledFidelity(ExplainerRegistry.require(how.attribution(), in.scorer(), model, in.info(),
                EXPLAINER_SEED).explain(in.history(), item, rank), model);
        if (how.counterfactual() && rank <= k && !in.seen().get(item)) {
            x = withCounterfactual(x, search(in, k).find(in.history(), item, x.contributions(), in.seen()::get));
        }
        return new Explained(x, in);
    }

    /**
     * "Why don't I see this item?": its rank and score gap to the k-th item, the events that hold it back, and
     * the smallest verified change of the history found (events to remove, items to add, items to mark not
     * interested) that brings it into the top k, re-checked by re-ranking ({@link WhyNot} with
     * {@link WhyNotConfig#DEFAULT}'s bounds).
     *
     * @return the answer and the input it was computed on, or null when personalisation is off
     */
    public WhyNotResult whyNot(UserState s, String model, int item, int k) {
        if (!s.personalized()) {
            return null;
        }
        ModelInput in = input(s, model);
        WhyNotConfig config = WhyNotConfig.DEFAULT.withK(k);
        return new WhyNotResult(new WhyNot(in.scorer(), config, engine.popularity(engine.catalog()))
                .answer(in.history(), item, in.seen()::get), in);
    }

    /**
     * A why-not answer with the model input it refers to.
     *
     * @param answer the answer
     * @param input  its history, event positions and visible facets
     */
    public record WhyNotResult(WhyNotAnswer answer, ModelInput input) {
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
        return text(x, info, lang, TextConfig.DEFAULT);
    }

    /** The sentence of an explanation in a language, saying as much as {@code config} lets it. */
    public static String text(Explanation x, ItemInfo info, Lang lang, TextConfig config) {
        return new ExplanationText(lang.locale(), info, config).render(x);
    }

    /**
     * The non-profiling ranking: items by number of events over all users (or, with
     * {@link ServingConfig#privatePopularity()}, by the differentially private release of distinct users per item),
     * ties by catalogue order.
     */
    public Ranking popularity(CatalogSnapshot snap, int k) {
        return popularity(snap, k, Filter.NONE, new BitSet());
    }

    /**
     * The non-profiling ranking under request-time filters, without the items in {@code consumed} (what the user
     * already has events on: the list reads nothing else of the user).
     */
    public Ranking popularity(CatalogSnapshot snap, int k, Filter filter, BitSet consumed) {
        double[] counts;
        if (serving.privatePopularity() != null) {
            counts = engine.privatePopularity(snap, serving.privatePopularity());
        } else {
            long[] pop = engine.popularity(snap);
            counts = new double[pop.length];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = pop[i];
            }
        }
        java.util.function.IntPredicate out = j -> consumed.get(j) || filter.drops(j, snap);
        List<ScoredItem> top = Recommender.topK(counts, k + filter.offset(), out);
        int first = Math.min(filter.offset(), top.size());
        List<Ranked> listed = new ArrayList<>(top.size());
        for (int r = first; r < top.size(); r++) {
            listed.add(new Ranked(top.get(r).item(), r + 1, top.get(r).score(), null));
        }
        return new Ranking(POPULARITY, false, snap, null, listed);
    }

    /** The items a user has events on, under a catalogue. */
    private static BitSet consumed(UserState s, CatalogSnapshot snap) {
        BitSet out = new BitSet(snap.size());
        for (var e : s.events()) {
            snap.catalog().items().find(e.item()).ifPresent(out::set);
        }
        return out;
    }

    /**
     * The user's readable interest profile with hidden tags removed and excluded events left out (deleted
     * positions of {@link ProfileEdits}, so evidence positions still name the user's events and an excluded
     * event is in no list).
     */
    public InterestProfile profile(UserState s) {
        CatalogSnapshot snap = engine.catalog();
        History h = s.history(snap, engine.config().weighting());
        Set<Integer> excluded = new java.util.HashSet<>();
        for (int p = 0; p < h.size() && !s.excluded().isEmpty(); p++) {
            if (s.isExcluded(s.events().get(p).eventId())) {
                excluded.add(p);
            }
        }
        Set<String> known = knownFacets(snap, s.hiddenTags());
        return new InterestProfiler(snap.catalog()).profile(h, new ProfileEdits(known, excluded, Set.of()));
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

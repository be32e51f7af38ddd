package io.whyrec.cli;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.Counterfactual;
import io.whyrec.api.EventAttribution;
import io.whyrec.api.Explainer;
import io.whyrec.api.Explanation;
import io.whyrec.api.FacetAttribution;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.files.ModelFiles;
import io.whyrec.core.model.CatalogItemInfo;
import io.whyrec.core.model.ModelHistories;
import io.whyrec.core.model.Models;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.core.profile.HistoryBuilder;
import io.whyrec.core.profile.InterestProfile;
import io.whyrec.core.profile.InterestProfiler;
import io.whyrec.explain.ExplainerRegistry;
import io.whyrec.explain.ScoringAdapter;
import io.whyrec.explain.counterfactual.CounterfactualConfig;
import io.whyrec.explain.counterfactual.CounterfactualExplainer;
import io.whyrec.explain.counterfactual.CounterfactualSearch;
import io.whyrec.explain.narrate.GroundedNarrator;
import io.whyrec.explain.narrate.Narration;
import io.whyrec.explain.narrate.Vocabulary;
import io.whyrec.explain.text.ExplanationText;
import io.whyrec.explain.whynot.Blocker;
import io.whyrec.explain.whynot.Change;
import io.whyrec.explain.whynot.WhyNot;
import io.whyrec.explain.whynot.WhyNotAnswer;
import io.whyrec.explain.whynot.WhyNotConfig;
import io.whyrec.explain.whynot.WhyNotText;
import io.whyrec.server.api.EventNames;
import io.whyrec.server.api.Views;
import io.whyrec.server.live.Lang;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntPredicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code whyrec explain}: why each of a user's top-K recommendations (or one item) was recommended, by exact
 * attributions, leave-one-out, LIME, KernelSHAP or a counterfactual, with the sentence in English or Chinese.
 * The model is the saved {@code NAME.model} of {@code --model-dir} (or of {@code DIR/models}), fitted with its
 * defaults when none was saved. Every explanation also carries a counterfactual searched in the order of its own
 * attributions. With {@code --facet NAME} it answers "why do you think I like NAME?" from the interest profile
 * instead. JSON (with {@code --json}): {@code {"user", "model", "params", "lang", "k", "historyEvents",
 * "items": [{"item", "title", "tags", "rank", "score", "explanations": [...]}]}}, one entry per explained item
 * with one explanation per method, each in the one shape of the server's responses ({@link Views#explanation}):
 * {@code {"method", "score", "exactnessError" (exact attributions only), "fidelity": {...}, "nonZeroEvents",
 * "events": [{"eventId", "item", "title", "ts", "type", "weight", "contribution", "share"}], "facets":
 * [{"facet", "contribution", "share"}], "counterfactual" (when searched): {"found", "k", "removedEvents":
 * [eventId], "originalRank", "newRank"}, "text"}}. The events listed are those with a non-zero contribution,
 * largest first ({@code --top} of them). An event is named {@code ds:<n>}, n its index in the training data the
 * command loaded: the id {@code whyrec serve} gives the same event when it seeds its store from the same data
 * directory.
 *
 * <p>With {@code --why-not ITEM} it answers "why is ITEM not in my top-K?" instead ({@link WhyNot}): ITEM's rank
 * among the items {@code whyrec recommend} could list (the user's items excluded, equal scores ordered by
 * popularity, then by item index), its score and gap to the K-th item, the events holding it back, and the
 * smallest change of the history found (events to remove or items to add), re-checked by re-ranking. JSON:
 * {@code {"user", "model", "item", "title", "status", "k", "rank", "score", "kthScore", "gap",
 * "holdingBack": [{"item", "title", "contribution"}], "change": {"kind", "size", "removedItems": [{"item",
 * "title"}], "addedItems": [...], "newRank", "verified"}, "text"}}; {@code rank}, {@code score}, {@code kthScore},
 * {@code gap} are null where they do not apply (an item the user already has; fewer than K recommendable
 * items), {@code change} is null when the item is in the list or nothing could be tried. {@code --why-not}
 * cannot be combined with {@code --item}, {@code --facet} or {@code --method}.
 *
 * <p>With {@code --narrator openai --narrator-url URL --narrator-model M} the sentences of the recommendation
 * explanations are written by an OpenAI-compatible chat endpoint, behind the grounding gate: a sentence that names
 * a title, facet or number the explanation does not hold, or leaves out the top contributor, is replaced by the
 * template, and the line under it (or {@code "narrator"} in the JSON) says so and why; a summary of the gate's
 * counts goes to standard error. The {@code --facet} and {@code --why-not} answers stay template sentences.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explain a user's recommendations (or an interest facet) in English or Chinese.",
                "With --why-not ITEM: why ITEM is not in the user's top-K, and the smallest change of the history "
                        + "that would bring it in."},
        footer = {"", "Examples:",
                "  whyrec explain --data-dir ml100k --model ease --user 1 --method exact --lang en",
                "  whyrec explain --format ml100k --train ../shared/data/ml-100k/ua.base --model ease --user 1 "
                        + "--item 50 --method all --json",
                "  whyrec explain --data-dir ml100k --model-dir ml100k/models --model ease --user 1 --lang zh",
                "  whyrec explain --data-dir ml100k --user 1 --facet Sci-Fi --lang zh",
                "  whyrec explain --data-dir ml100k --model ease --user 1 --why-not 172 --k 10",
                "  whyrec explain --data-dir ml100k --model ease --user 1 --why-not 172 --lang zh --json",
                "  WHYREC_NARRATOR_API_KEY=... whyrec explain --data-dir ml100k --user 1 --narrator openai "
                        + "--narrator-url http://127.0.0.1:8000/v1 --narrator-model qwen2.5-7b-instruct"})
final class ExplainCommand implements Callable<Integer> {


    @Mixin
    DataOptions data;

    @Mixin
    WeightingOptions weightingOptions;

    @Mixin
    NarratorOptions narratorOptions;

    @Option(names = "--model", defaultValue = "ease", description = "Model name (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--model-dir", paramLabel = "DIR",
            description = "Directory of saved models (NAME.model); default: the data directory's models/.")
    Path modelDir;

    @Option(names = "--user", required = true, description = "External user id.")
    String user;

    @Option(names = "--item", description = "External item id to explain (default: each of the top-K).")
    String item;

    @Option(names = "--k", defaultValue = "10", description = "List length (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--method",
            description = "exact (additive models), loo, lime, shap, counterfactual, a module's method (sasrec: ig, "
                    + "gradxinput, attention) or all (default: exact for an additive model, else loo).")
    String method;

    @Mixin
    LangOption langOption;

    @Option(names = "--facet", paramLabel = "NAME",
            description = "Explain the interest profile's facet NAME instead (why do you think I like NAME?).")
    String facet;

    @Option(names = "--why-not", paramLabel = "ITEM",
            description = "Answer why external item ITEM is not in the user's top-K, and what change of the "
                    + "history would bring it in (not with --item, --facet or --method).")
    String whyNot;

    @Option(names = "--top", description = "Events (or evidence events) listed, largest first; 0 = all "
            + "(default: all with --json, 5 otherwise; --json lists those with a non-zero contribution).")
    Integer top;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of LIME and KernelSHAP (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print JSON (stable keys).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String lang = langOption.get();
        narratorOptions.config(); // a bad narrator option fails before the data is loaded
        if (whyNot != null) {
            List<String> clash = new ArrayList<>();
            if (item != null) {
                clash.add("--item");
            }
            if (facet != null) {
                clash.add("--facet");
            }
            if (spec.commandLine().getParseResult().hasMatchedOption("--method")) {
                clash.add("--method");
            }
            if (!clash.isEmpty()) {
                throw new IllegalArgumentException("--why-not cannot be combined with " + String.join(" or ", clash)
                        + " (it answers why one item is not in the top-K, with its own search)");
            }
        }
        Dataset train = data.load(spec.commandLine().getErr()).trainingData();
        int u = data.requireUser(train, user);
        if (facet != null) {
            return explainFacet(train, u);
        }
        if (k < 1) {
            throw new IllegalArgumentException("--k must be >= 1, got " + k);
        }
        if (whyNot != null) {
            // the item is checked before the model is loaded or fitted, so a typo fails fast
            int x = train.items().require(whyNot, "item");
            return explainWhyNot(train, u, x, loadOrFit(train));
        }
        Recommender rec = loadOrFit(train);
        ItemInfo info = new CatalogItemInfo(train.catalog());
        History history = ModelHistories.of(rec, train, u);
        List<String> methods = methods(rec);
        IntPredicate seen = ScoringAdapter.itemsOf(history);
        List<ScoredItem> targets = new ArrayList<>();
        ScoringAdapter adapter = new ScoringAdapter(rec);
        if (item != null) {
            int i = train.items().require(item, "item");
            if (seen.test(i)) {
                throw new IllegalArgumentException("item " + item + " is already in the history of user " + user
                        + " and is never recommended to them");
            }
            double[] scores = new double[rec.numItems()];
            rec.score(history, scores);
            targets.add(new ScoredItem(i, scores[i]));
        } else {
            targets.addAll(adapter.topK(history, k, seen));
        }
        ExplanationText text = ExplanationText.forLanguage(lang, info);
        GroundedNarrator narrator = narratorOptions.create();
        Vocabulary vocabulary = narrator.isTemplate() ? null : Vocabulary.of(info, train.numItems());
        List<Narration> narrations = new ArrayList<>();
        CounterfactualSearch search = new CounterfactualSearch(rec, new CounterfactualConfig(k,
                CounterfactualConfig.DEFAULT.candidates()));
        List<Explanation> out = new ArrayList<>();
        List<Map<String, Object>> items = new ArrayList<>();
        EventNames names = EventNames.of(train, u, history);
        int maxEvents = top == null || top <= 0 ? Integer.MAX_VALUE : top;
        Lang language = Lang.parse(lang);
        for (int t = 0; t < targets.size(); t++) {
            int i = targets.get(t).item();
            int rank = item != null ? adapter.rank(history, i, seen) : t + 1;
            List<Map<String, Object>> explanations = new ArrayList<>();
            for (String m : methods) {
                Explanation x = explainer(m, rec, info, search).explain(history, i, rank);
                if (x.counterfactual() == null && rank <= k) {
                    x = x.withCounterfactual(search.find(history, i, x.contributions()));
                }
                if (narrator.isTemplate()) {
                    out.add(text.apply(x));
                    narrations.add(null);
                    if (json) {
                        explanations.add(Views.explanation(x, info, names, language, maxEvents));
                    }
                } else {
                    Narration n = narrator.narrate(x, info, language.locale(), vocabulary);
                    out.add(x.withText(n.text()));
                    narrations.add(n);
                    if (json) {
                        explanations.add(Views.explanation(x, info, names, n, maxEvents));
                    }
                }
            }
            Map<String, Object> entry = Views.item(info, train.catalog(), i);
            entry.put("rank", rank);
            entry.put("score", targets.get(t).score());
            entry.put("explanations", explanations);
            items.add(entry);
        }
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("user", user);
            root.put("model", rec.name());
            root.put("params", rec.params());
            root.put("lang", lang);
            root.put("k", k);
            root.put("historyEvents", history.size());
            root.put("items", items);
            spec.commandLine().getOut().println(Json.write(root));
        } else {
            spec.commandLine().getOut().print(render(out, narrations, info, top == null ? 5 : top));
        }
        if (!narrator.isTemplate()) {
            spec.commandLine().getErr().println(narrator.summary());
        }
        return 0;
    }

    /**
     * The methods to run: every method of the explainer registry that applies to the model and the
     * counterfactual for "all", else the one asked, checked against the model.
     */
    private List<String> methods(Recommender rec) {
        List<String> available = new ArrayList<>(ExplainerRegistry.methodsFor(rec));
        available.add("counterfactual");
        String method = this.method != null ? this.method : rec instanceof AdditiveScorer ? "exact" : "loo";
        if (method.equals("all")) {
            return available;
        }
        if (!available.contains(method)) {
            throw new IllegalArgumentException("--method '" + method + "' cannot explain model " + rec.name()
                    + " (its methods: " + String.join(", ", available) + ", or all)");
        }
        return List.of(method);
    }

    private Explainer explainer(String m, Recommender rec, ItemInfo info, CounterfactualSearch search) {
        if (m.equals("counterfactual")) {
            return new CounterfactualExplainer(ExplainerRegistry.require(rec instanceof AdditiveScorer ? "exact"
                    : "loo", rec, rec.name(), info, seed), search);
        }
        return ExplainerRegistry.require(m, rec, rec.name(), info, seed);
    }

    private Recommender loadOrFit(Dataset train) throws java.io.IOException {
        Path file = modelDir != null ? modelDir.resolve(model + ".model") : TrainCommand.modelFile(data, model);
        if (Files.exists(file)) {
            ModelFiles.ModelFile loaded = Models.read(file);
            loaded.requireItems(file, train.items().ids());
            return loaded.model();
        }
        if (modelDir != null) {
            throw new IllegalArgumentException("no saved model " + file + " (run 'whyrec train --model " + model
                    + " --out " + file + "' first)");
        }
        spec.commandLine().getErr().println("note: no trained model at " + file + "; fitting " + model
                + " with its defaults");
        return TrainCommand.fitDefaults(Models.require(model), train);
    }

    private static Map<String, Object> ref(Dataset data, ItemInfo info, int item) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("item", data.items().id(item));
        r.put("title", info.title(item));
        return r;
    }

    /** Event attributions by |contribution| descending (ties by position); the first {@code top}, or all if 0. */
    static List<EventAttribution> largestFirst(Explanation x, int top) {
        List<EventAttribution> events = new ArrayList<>(x.events());
        events.sort(Comparator.comparingDouble((EventAttribution e) -> -Math.abs(e.contribution()))
                .thenComparingInt(EventAttribution::position));
        return top <= 0 ? events : events.subList(0, Math.min(top, events.size()));
    }

    private String render(List<Explanation> out, List<Narration> narrations, ItemInfo info, int top) {
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < out.size(); n++) {
            Explanation x = out.get(n);
            sb.append(String.format(Locale.ROOT, "%2d. %s  [%s, score %.4f]%n", x.rank(), info.title(x.item()),
                    x.method(), x.score()));
            sb.append("    ").append(x.text()).append('\n');
            Narration narration = narrations.get(n);
            if (narration != null) {
                sb.append("    (").append(narration.fellBack() ? "template; " + narration.requested()
                        + " rejected: " + String.join("; ", narration.rejections()) : "by " + narration.narrator()
                        + ", grounded").append(")\n");
            }
            Counterfactual cf = x.counterfactual();
            if (x.method().endsWith("+counterfactual") && cf != null) {
                appendRemoved(sb, x, cf, info, top);
            } else {
                for (EventAttribution e : largestFirst(x, top)) {
                    sb.append(String.format(Locale.ROOT, "      %+9.4f  %s (w=%.3f)%n", e.contribution(),
                            info.title(e.item()), e.weight()));
                }
                for (FacetAttribution f : x.facets()) {
                    if (f.contribution() > 0 && 100 * f.share() >= 0.05) {  // what would print as 0.0% is left out
                        sb.append(String.format(Locale.ROOT, "      facet %-12s %5.1f%%%n", f.facet(),
                                100 * f.share()));
                    }
                }
            }
            sb.append(String.format(Locale.ROOT, "    fidelity %s%n", x.fidelity().figures()));
        }
        return sb.toString();
    }

    /** The counterfactual method's lines: the change itself, the events removed and what re-ranking said. */
    private static void appendRemoved(StringBuilder sb, Explanation x, Counterfactual cf, ItemInfo info, int top) {
        sb.append(String.format(Locale.ROOT, "    %s %d of %d events: rank %d -> %d (top-%d, verified by "
                        + "re-ranking)%n", cf.found() ? "removing" : "not found; even removing", cf.size(),
                x.events().size(), cf.originalRank(), cf.newRank(), cf.k()));
        int shown = top <= 0 ? cf.size() : Math.min(top, cf.size());
        for (int r = 0; r < shown; r++) {
            int pos = cf.removedPositions().get(r);
            EventAttribution e = pos < x.events().size() ? x.events().get(pos) : null;
            sb.append(String.format(Locale.ROOT, "      - %s%s%n", info.title(cf.removedItems().get(r)),
                    e == null ? "" : String.format(Locale.ROOT, " (contribution %+.4f)", e.contribution())));
        }
        if (shown < cf.size()) {
            sb.append("      ... ").append(cf.size() - shown).append(" more (--top 0 lists all)\n");
        }
        if (!cf.entering().isEmpty()) {
            sb.append("      would enter the list: ").append(info.title(cf.entering().get(0))).append('\n');
        }
    }

    /**
     * "Why is item x not in my top-K?" for user u, with the history and exclusions of {@code whyrec recommend}
     * (the model's history of the user; the user's items excluded) and its tie rule (popularity, then index).
     */
    private int explainWhyNot(Dataset train, int u, int x, Recommender rec) {
        ItemInfo info = new CatalogItemInfo(train.catalog());
        History history = ModelHistories.of(rec, train, u);
        // the user's items, as recommend excludes them; they are the history's items, so a removed event's item
        // can be listed again, as WhyNot re-ranks a removal
        BitSet seen = train.itemSetOf(u);
        WhyNot search = new WhyNot(rec, WhyNotConfig.DEFAULT.withK(k), popularity(train, rec.numItems()));
        WhyNotAnswer a = search.answer(history, x, seen::get);
        if (a.status() == WhyNotAnswer.Status.EXCLUDED && seen.get(x)) {
            // an item the user has but the model's history leaves out is still one of theirs
            a = new WhyNotAnswer(a.item(), WhyNotAnswer.Status.SEEN, a.k(), a.rank(), a.score(), a.kthItem(),
                    a.kthScore(), a.gap(), a.holdingBack(), a.liftingKth(), a.change());
        }
        String text = WhyNotText.render(a, info, Locale.forLanguageTag(langOption.get()));
        int shown = top == null ? (json ? 0 : 5) : top;
        List<Blocker> holding = shown <= 0 || a.holdingBack().size() <= shown ? a.holdingBack()
                : a.holdingBack().subList(0, shown);
        Change c = a.change();
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("user", user);
            root.put("model", rec.name());
            root.put("item", train.items().id(x));
            root.put("title", info.title(x));
            root.put("status", a.status().name());
            root.put("k", a.k());
            root.put("rank", a.rank() > 0 ? a.rank() : null);
            root.put("score", a.rank() > 0 ? a.score() : null);
            root.put("kthScore", a.kthItem() >= 0 ? a.kthScore() : null);
            root.put("gap", a.kthItem() >= 0 && a.rank() > 0 ? a.gap() : null);
            root.put("holdingBack", holding.stream().map(b -> {
                Map<String, Object> m = ref(train, info, b.item());
                m.put("contribution", b.contribution());
                return m;
            }).toList());
            if (c == null) {
                root.put("change", null);
            } else {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("kind", c.kind().name());
                cm.put("size", c.size());
                cm.put("removedItems", c.removedItems().stream().map(i -> ref(train, info, i)).toList());
                cm.put("addedItems", c.addedItems().stream().map(i -> ref(train, info, i)).toList());
                cm.put("dismissedItems", c.dismissedItems().stream().map(i -> ref(train, info, i)).toList());
                cm.put("newRank", c.newRank());
                cm.put("verified", c.verified());
                root.put("change", cm);
            }
            root.put("text", text);
            spec.commandLine().getOut().println(Json.write(root));
            return 0;
        }
        StringBuilder sb = new StringBuilder(text).append('\n');
        if (a.rank() > 0) {
            sb.append(String.format(Locale.ROOT, "  rank      %d (top %d)%n", a.rank(), a.k()));
            sb.append(String.format(Locale.ROOT, "  score     %.4f%n", a.score()));
            if (a.kthItem() >= 0 && a.status() == WhyNotAnswer.Status.OUTSIDE_LIST) {
                sb.append(String.format(Locale.ROOT, "  gap       %.4f to the item at rank %d (score %.4f)%n",
                        a.gap(), a.k(), a.kthScore()));
            }
        }
        if (!holding.isEmpty()) {
            sb.append("  holding it back:\n");
            for (Blocker b : holding) {
                sb.append(String.format(Locale.ROOT, "    %+9.4f  %s%n", b.contribution(), info.title(b.item())));
            }
            if (holding.size() < a.holdingBack().size()) {
                sb.append(String.format(Locale.ROOT, "    ... %d more (--top 0 lists all)%n",
                        a.holdingBack().size() - holding.size()));
            }
        }
        if (c != null) {
            changeLine(sb, "remove", c.removedItems(), info);
            changeLine(sb, "add", c.addedItems(), info);
            changeLine(sb, "dismiss", c.dismissedItems(), info);
            sb.append(String.format(Locale.ROOT, "  new rank  %d (verified: %s)%n", c.newRank(),
                    c.verified() ? "yes" : "no"));
        } else if (a.status() == WhyNotAnswer.Status.OUTSIDE_LIST) {
            sb.append("  change    none found\n");
        }
        spec.commandLine().getOut().print(sb);
        return 0;
    }

    /** One line of a why-not change: what is done to how many items, and their titles. */
    private static void changeLine(StringBuilder sb, String verb, List<Integer> items, ItemInfo info) {
        if (!items.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "  change    %s %d event%s: %s%n", verb, items.size(),
                    items.size() == 1 ? "" : "s", String.join("; ", items.stream().map(info::title).toList())));
        }
    }

    /** Events per item of the training data: the popularity that orders equal scores in recommend's lists. */
    static long[] popularity(Dataset train, int numItems) {
        int[] counts = train.itemCounts();
        long[] popularity = new long[numItems];
        for (int i = 0; i < Math.min(counts.length, numItems); i++) {
            popularity[i] = counts[i];
        }
        return popularity;
    }

    private int explainFacet(Dataset train, int u) {
        EventWeighting weighting = weightingOptions.weighting();
        InterestProfile profile = new InterestProfiler(train.catalog()).profile(HistoryBuilder.build(train, u, weighting));
        InterestProfile.FacetInterest f = profile.facet(facet).orElseThrow(() -> new IllegalArgumentException(
                "facet '" + facet + "' is not in the interest profile of user " + user + " (its facets: "
                        + String.join(", ", profile.topFacets(Integer.MAX_VALUE)) + ")"));
        int shown = top == null ? (json ? 0 : 5) : top;
        List<String> lines = new FacetEvidenceText(langOption.get()).lines(f, profile, weighting, shown);
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("user", user);
            root.put("facet", f.name());
            root.put("share", f.share());
            root.put("weight", f.weight());
            root.put("activity", profile.activity());
            root.put("weighting", weighting.describe());
            int n = shown <= 0 ? f.evidence().size() : Math.min(shown, f.evidence().size());
            root.put("evidence", f.evidence().subList(0, n).stream()
                    .map(e -> ProfileCommand.evidenceJson(train, e)).toList());
            root.put("text", String.join("\n", lines));
            spec.commandLine().getOut().println(Json.write(root));
        } else {
            spec.commandLine().getOut().println(String.join("\n", lines));
        }
        return 0;
    }

}

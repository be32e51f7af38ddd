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
import io.whyrec.core.model.CatalogItemInfo;
import io.whyrec.core.model.ModelHistories;
import io.whyrec.core.model.Models;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.core.profile.HistoryBuilder;
import io.whyrec.core.profile.InterestProfile;
import io.whyrec.core.profile.InterestProfiler;
import io.whyrec.core.store.ModelStore;
import io.whyrec.explain.ScoringAdapter;
import io.whyrec.explain.counterfactual.CounterfactualConfig;
import io.whyrec.explain.counterfactual.CounterfactualExplainer;
import io.whyrec.explain.counterfactual.CounterfactualSearch;
import io.whyrec.explain.exact.ExactExplainer;
import io.whyrec.explain.lime.LimeConfig;
import io.whyrec.explain.lime.LimeExplainer;
import io.whyrec.explain.loo.LeaveOneOutExplainer;
import io.whyrec.explain.shap.KernelShapConfig;
import io.whyrec.explain.shap.KernelShapExplainer;
import io.whyrec.explain.text.ExplanationText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
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
 * instead. JSON (with {@code --json}) has, per explained item and method,
 * {@code {"item", "title", "rank", "score", "method", "contributions": [{"item", "title", "weight",
 * "contribution", ...}], "facets": [...], "counterfactual": {"removed": [...], "newRank": n, ...},
 * "fidelity": {...}, "text": "..."}}.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explain a user's recommendations (or an interest facet) in English or Chinese.",
        footer = {"", "Examples:",
                "  whyrec explain --data-dir ml100k --model ease --user 1 --method exact --lang en",
                "  whyrec explain --format ml100k --train ../shared/data/ml-100k/ua.base --model ease --user 1 "
                        + "--item 50 --method all --json",
                "  whyrec explain --data-dir ml100k --model-dir ml100k/models --model ease --user 1 --lang zh",
                "  whyrec explain --data-dir ml100k --user 1 --facet Sci-Fi --lang zh"})
final class ExplainCommand implements Callable<Integer> {

    /** The methods --method accepts; "all" runs every one that applies to the model. */
    static final List<String> METHODS = List.of("exact", "loo", "lime", "shap", "counterfactual");

    @Mixin
    DataOptions data;

    @Mixin
    WeightingOptions weightingOptions;

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

    @Option(names = "--method", defaultValue = "exact",
            description = "exact, loo, lime, shap, counterfactual or all (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--lang", defaultValue = "en", description = "en or zh (default: ${DEFAULT-VALUE}).")
    String lang;

    @Option(names = "--facet", paramLabel = "NAME",
            description = "Explain the interest profile's facet NAME instead (why do you think I like NAME?).")
    String facet;

    @Option(names = "--top", description = "Contributions (or evidence events) listed, largest first; 0 = all "
            + "(default: all with --json, 5 otherwise).")
    Integer top;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of LIME and KernelSHAP (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print JSON (stable keys).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!lang.equals("en") && !lang.equals("zh")) {
            throw new IllegalArgumentException("--lang must be en or zh, got '" + lang + "'");
        }
        Dataset train = data.load(spec.commandLine().getErr()).trainingData();
        int u = train.users().require(user, "user");
        if (facet != null) {
            return explainFacet(train, u);
        }
        if (k < 1) {
            throw new IllegalArgumentException("--k must be >= 1, got " + k);
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
        CounterfactualSearch search = new CounterfactualSearch(rec, new CounterfactualConfig(k,
                CounterfactualConfig.DEFAULT.candidates()));
        List<Explanation> out = new ArrayList<>();
        for (int t = 0; t < targets.size(); t++) {
            int i = targets.get(t).item();
            int rank = item != null ? adapter.rank(history, i, seen) : t + 1;
            for (String m : methods) {
                Explanation x = explainer(m, rec, info, search).explain(history, i, rank);
                if (x.counterfactual() == null && rank <= k) {
                    x = x.withCounterfactual(search.find(history, i, x.contributions()));
                }
                out.add(text.apply(x));
            }
        }
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("user", user);
            root.put("model", rec.name());
            root.put("params", rec.params());
            root.put("lang", lang);
            root.put("k", k);
            root.put("historyEvents", history.size());
            root.put("explanations", out.stream().map(x -> toJson(x, train, info, top == null ? 0 : top)).toList());
            spec.commandLine().getOut().println(Json.write(root));
        } else {
            spec.commandLine().getOut().print(render(out, train, info, top == null ? 5 : top));
        }
        return 0;
    }

    private List<String> methods(Recommender rec) {
        if (method.equals("all")) {
            List<String> all = new ArrayList<>(METHODS);
            if (!(rec instanceof AdditiveScorer)) {
                all.remove("exact");
            }
            return all;
        }
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("--method must be one of " + String.join(", ", METHODS)
                    + " or all, got '" + method + "'");
        }
        return List.of(method);
    }

    private Explainer explainer(String m, Recommender rec, ItemInfo info, CounterfactualSearch search) {
        return switch (m) {
            case "exact" -> new ExactExplainer(rec, info);
            case "loo" -> new LeaveOneOutExplainer(rec, info);
            case "lime" -> new LimeExplainer(rec, info, LimeConfig.DEFAULT, new SplittableRandom(seed));
            case "shap" -> new KernelShapExplainer(rec, info, KernelShapConfig.DEFAULT, new SplittableRandom(seed));
            case "counterfactual" -> new CounterfactualExplainer(rec instanceof AdditiveScorer
                    ? new ExactExplainer(rec, info) : new LeaveOneOutExplainer(rec, info), search);
            default -> throw new IllegalArgumentException("unknown method '" + m + "'");
        };
    }

    private Recommender loadOrFit(Dataset train) throws java.io.IOException {
        Path file = modelDir != null ? modelDir.resolve(model + ".model") : TrainCommand.modelFile(data, model);
        if (Files.exists(file)) {
            ModelStore.ModelFile loaded = ModelStore.read(file);
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

    /** One explanation as a JSON-ready map with the keys. */
    static Map<String, Object> toJson(Explanation x, Dataset data, ItemInfo info, int top) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("item", data.items().id(x.item()));
        m.put("title", info.title(x.item()));
        m.put("rank", x.rank());
        m.put("score", x.score());
        m.put("baseline", x.baseline());
        m.put("method", x.method());
        List<Map<String, Object>> contributions = new ArrayList<>();
        for (EventAttribution e : largestFirst(x, top)) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("item", data.items().id(e.item()));
            c.put("title", info.title(e.item()));
            c.put("weight", e.weight());
            c.put("contribution", e.contribution());
            c.put("position", e.position());
            c.put("timestamp", e.timestamp());
            contributions.add(c);
        }
        m.put("contributions", contributions);
        m.put("facets", x.facets().stream().map(f -> {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("facet", f.facet());
            fm.put("share", f.share());
            fm.put("contribution", f.contribution());
            return fm;
        }).toList());
        Counterfactual cf = x.counterfactual();
        if (cf == null) {
            m.put("counterfactual", null);
        } else {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("removed", cf.removedItems().stream().map(i -> ref(data, info, i)).toList());
            c.put("newRank", cf.newRank());
            c.put("found", cf.found());
            c.put("k", cf.k());
            c.put("entering", cf.entering().stream().map(i -> ref(data, info, i)).toList());
            m.put("counterfactual", c);
        }
        Map<String, Object> fid = new LinkedHashMap<>(x.fidelity().figures());
        m.put("fidelity", fid);
        m.put("text", x.text());
        return m;
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

    private String render(List<Explanation> out, Dataset data, ItemInfo info, int top) {
        StringBuilder sb = new StringBuilder();
        for (Explanation x : out) {
            sb.append(String.format(Locale.ROOT, "%2d. %s  [%s, score %.4f]%n", x.rank(), info.title(x.item()),
                    x.method(), x.score()));
            sb.append("    ").append(x.text()).append('\n');
            for (EventAttribution e : largestFirst(x, top)) {
                sb.append(String.format(Locale.ROOT, "      %+9.4f  %s (w=%.3f)%n", e.contribution(),
                        info.title(e.item()), e.weight()));
            }
            for (FacetAttribution f : x.facets()) {
                if (f.contribution() > 0 && 100 * f.share() >= 0.05) {  // what would print as 0.0% is left out
                    sb.append(String.format(Locale.ROOT, "      facet %-12s %5.1f%%%n", f.facet(), 100 * f.share()));
                }
            }
            sb.append(String.format(Locale.ROOT, "    fidelity %s%n", x.fidelity().figures()));
        }
        return sb.toString();
    }

    private int explainFacet(Dataset train, int u) {
        EventWeighting weighting = weightingOptions.weighting();
        InterestProfile profile = new InterestProfiler(train.catalog()).profile(HistoryBuilder.build(train, u, weighting));
        InterestProfile.FacetInterest f = profile.facet(facet).orElseThrow(() -> new IllegalArgumentException(
                "facet '" + facet + "' is not in the interest profile of user " + user + " (its facets: "
                        + String.join(", ", profile.topFacets(Integer.MAX_VALUE)) + ")"));
        int shown = top == null ? (json ? 0 : 5) : top;
        List<String> lines = new FacetEvidenceText(lang).lines(f, profile, weighting, shown);
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

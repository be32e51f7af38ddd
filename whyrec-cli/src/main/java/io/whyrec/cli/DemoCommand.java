package io.whyrec.cli;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.Explanation;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.ImportFormat;
import io.whyrec.core.data.ImportRequest;
import io.whyrec.core.data.ImportResult;
import io.whyrec.core.data.Importer;
import io.whyrec.core.data.Split;
import io.whyrec.core.data.Splits;
import io.whyrec.core.model.CatalogItemInfo;
import io.whyrec.core.model.ModelHistories;
import io.whyrec.core.model.ModelSpec;
import io.whyrec.core.model.Models;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.core.profile.HistoryBuilder;
import io.whyrec.core.profile.InterestProfile;
import io.whyrec.core.profile.InterestProfiler;
import io.whyrec.core.synth.SyntheticConfig;
import io.whyrec.core.synth.SyntheticData;
import io.whyrec.eval.Evaluator;
import io.whyrec.eval.protocol.GivenSplitProtocol;
import io.whyrec.eval.protocol.Interval;
import io.whyrec.eval.protocol.Trial;
import io.whyrec.eval.report.Comparison;
import io.whyrec.eval.report.EvaluationReport;
import io.whyrec.eval.report.ModelResult;
import io.whyrec.explain.ExplainerRegistry;
import io.whyrec.explain.counterfactual.CounterfactualConfig;
import io.whyrec.explain.counterfactual.CounterfactualSearch;
import io.whyrec.explain.text.ExplanationText;
import io.whyrec.explain.whynot.WhyNot;
import io.whyrec.explain.whynot.WhyNotAnswer;
import io.whyrec.explain.whynot.WhyNotConfig;
import io.whyrec.explain.whynot.WhyNotText;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code whyrec demo}: the whole pipeline in one command. Without {@code --data} it generates seeded synthetic
 * data with planted favourite facets (so you can see the profile recover them); with {@code --data DIR} it
 * reads a MovieLens folder (100K, 1M implicit split, latest-small). It fits and evaluates the models
 * (hyper-parameters chosen on validation), then shows for three users their interest profile, their top 5 each
 * with the sentence that explains it (exact per-event contributions and the counterfactual, from the strongest
 * exactly explained model), one "why not?" answer, and the evaluation table with 95% intervals.
 *
 * <p>EASE's dense solve grows with the cube of the catalogue, so above {@value #EASE_MAX_ITEMS} items the demo
 * leaves it out and says so ({@code whyrec evaluate --models ease} runs it regardless).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole pipeline on synthetic data (default) or a MovieLens folder.",
        footer = {"", "Examples:",
                "  whyrec demo",
                "  whyrec demo --lang zh",
                "  whyrec demo --data ../shared/data/ml-100k",
                "  whyrec demo --data ../shared/data/ml-1m-colakg-implicit --models pop,ease"})
final class DemoCommand implements Callable<Integer> {

    /** Largest catalogue on which the demo fits EASE (a dense items x items solve). */
    static final int EASE_MAX_ITEMS = 5_000;
    /** Items of each user's list that the demo explains. */
    static final int SHOWN = 5;

    @Option(names = "--data", paramLabel = "DIR",
            description = "A MovieLens folder (ml-100k, ml-latest-small, ml-1m-colakg-implicit); default: synthetic.")
    Path dataDir;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of data, splits and bootstrap (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--models", split = ",", defaultValue = "pop,itemknn,ease,profile",
            description = "Models, baseline first (default: ${DEFAULT-VALUE}).")
    List<String> models = new ArrayList<>();

    @Option(names = "--users", defaultValue = "3", description = "How many users to show (default: ${DEFAULT-VALUE}).")
    int users;

    @Mixin
    LangOption langOption;

    @Option(names = "--verbose", description = "Also print the whole tuning grid and every metric.")
    boolean verbose;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String lang = langOption.get();
        boolean zh = lang.equals("zh");
        PrintWriter out = spec.commandLine().getOut();
        Split split;
        SyntheticData synthetic = null;
        if (dataDir == null) {
            synthetic = SyntheticData.generate(SyntheticConfig.DEFAULT, seed);
            split = Splits.randomRatio(synthetic.dataset(), 0.8, seed);
            out.printf(zh ? "合成数据（种子 %d）：%d 个用户，%d 个物品，%d 个事件；每个用户有 1-3 个植入的偏好类别。%n"
                            : "Synthetic data (seed %d): %d users, %d items, %d events; each user has 1-3 planted "
                            + "favourite facets.%n", seed, synthetic.dataset().numUsers(),
                    synthetic.dataset().numItems(), synthetic.dataset().numEvents());
        } else {
            split = loadFolder(dataDir, seed, out);
        }
        List<String> chosen = new ArrayList<>(models);
        if (chosen.contains("ease") && split.train().numItems() > EASE_MAX_ITEMS) {
            chosen.remove("ease");
            out.printf(zh ? "已跳过 ease：%,d 个物品需要 %,d x %,d 的稠密求解，超出演示的时间（上限 %,d 个物品；"
                            + "whyrec evaluate --models ease 仍可运行）。%n"
                            : "Skipped ease: %,d items need a dense %,d x %,d solve, too slow for a demo (limit %,d "
                            + "items; 'whyrec evaluate --models ease' runs it).%n", split.train().numItems(),
                    split.train().numItems(), split.train().numItems(), EASE_MAX_ITEMS);
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("--models: nothing left to run");
        }
        List<ModelSpec<?>> specs = chosen.stream().<ModelSpec<?>>map(Models::require).toList();
        EvaluationReport report;
        Map<String, Recommender> fitted = new LinkedHashMap<>();
        try (ConsoleProgress console = new ConsoleProgress(spec.commandLine().getErr(), quiet)) {
            Progress progress = console.terminal() ? console : perModel(spec.commandLine().getErr(), chosen);
            Evaluator.Options options = Evaluator.Options.defaults().with(10, seed, true);
            report = new Evaluator(options).evaluate(new GivenSplitProtocol(split, 10, options.settings()), specs,
                    progress, fitted);
        }
        Dataset train = split.train();
        String shown = explained(chosen, fitted);
        Recommender rec = fitted.get(shown);
        String method = rec instanceof AdditiveScorer ? "exact" : "loo";
        out.println();
        out.println(zh ? "解释 " + shown + " 的推荐（" + (method.equals("exact") ? "精确的逐事件贡献" : "留一法") + "）："
                : "Recommendations of " + shown + ", explained (" + (method.equals("exact")
                ? "exact per-event contributions" : "leave-one-out") + "):");
        ItemInfo info = new CatalogItemInfo(train.catalog());
        ExplanationText text = ExplanationText.forLanguage(lang, info);
        long[] popularity = ExplainCommand.popularity(train, rec.numItems());
        CounterfactualSearch counterfactuals = new CounterfactualSearch(rec,
                new CounterfactualConfig(10, CounterfactualConfig.DEFAULT.candidates()), popularity);
        var explainer = ExplainerRegistry.require(method, rec, rec.name(), info, seed);
        InterestProfiler profiler = new InterestProfiler(train.catalog());
        int[] active = train.activeUsers();
        for (int n = 0; n < Math.min(users, active.length); n++) {
            int u = active[n];
            InterestProfile profile = profiler.profile(HistoryBuilder.build(train, u, EventWeighting.DEFAULT));
            out.println();
            out.println(profileLine(train.users().id(u), profile, synthetic == null ? null
                    : synthetic.truth().get(u).favourites(), zh));
            History history = ModelHistories.of(rec, train, u);
            BitSet seen = train.itemSetOf(u);
            // the first user's list goes on to rank 100, where the why-not item is chosen; its top 10 is the
            // same list (one tie rule)
            List<ScoredItem> longer = RecommendCommand.recommend(rec, train, u, n == 0 ? 100 : 10);
            List<ScoredItem> top = longer.subList(0, Math.min(10, longer.size()));
            for (int r = 0; r < Math.min(SHOWN, top.size()); r++) {
                int item = top.get(r).item();
                Explanation x = explainer.explain(history, item, r + 1);
                if (x.counterfactual() == null) {
                    x = x.withCounterfactual(counterfactuals.find(history, item, x.contributions(), seen::get));
                }
                out.printf(Locale.ROOT, "  %d. %s  (%s %.4f)%n", r + 1, info.title(item), zh ? "得分" : "score",
                        top.get(r).score());
                out.println("     " + text.render(x));
            }
            if (n == 0) {
                int target = whyNotTarget(train, profile, longer, top.size());
                if (target >= 0) {
                    WhyNot search = new WhyNot(rec, WhyNotConfig.DEFAULT.withK(10), popularity);
                    WhyNotAnswer a = search.answer(history, target, seen::get);
                    out.println(zh ? "  为什么没有 " + info.title(target) + "？" : "  Why not " + info.title(target) + "?");
                    out.println("     " + WhyNotText.render(a, info, Locale.forLanguageTag(lang)));
                }
            }
        }
        out.println();
        out.print(table(report, split, zh));
        if (verbose) {
            out.println();
            out.print(report.toText());
        }
        return 0;
    }

    /** The model whose recommendations are explained: EASE, else the first exactly explained one, else the last. */
    private static String explained(List<String> chosen, Map<String, Recommender> fitted) {
        if (fitted.containsKey("ease")) {
            return "ease";
        }
        for (String name : chosen) {
            if (fitted.get(name) instanceof AdditiveScorer) {
                return name;
            }
        }
        return chosen.get(chosen.size() - 1);
    }

    /**
     * The item the "why not?" answer is about: in a list ranked beyond its top {@code k}, the best-ranked item
     * outside the top k that carries the user's strongest facet (the one a user would expect to see), else the
     * item at rank k + 1; -1 for none.
     */
    private static int whyNotTarget(Dataset train, InterestProfile profile, List<ScoredItem> longer, int k) {
        String facet = profile.facets().isEmpty() ? null : profile.facets().get(0).name();
        for (int r = k; r < longer.size(); r++) {
            int item = longer.get(r).item();
            if (facet != null && train.catalog().item(item).tags().contains(facet)) {
                return item;
            }
        }
        return longer.size() > k ? longer.get(k).item() : -1;
    }

    /** The user's three strongest facets on one line, each with its share, its events and the two strongest. */
    static String profileLine(String user, InterestProfile profile, List<String> planted, boolean zh) {
        StringBuilder sb = new StringBuilder(zh ? "用户 " + user + " 的兴趣：" : "User " + user + " is into ");
        List<String> parts = new ArrayList<>();
        for (InterestProfile.FacetInterest f : profile.facets().subList(0, Math.min(3, profile.facets().size()))) {
            List<String> titles = new ArrayList<>();
            for (InterestProfile.Evidence e : f.evidence()) {
                if (titles.size() == 2) {
                    break;
                }
                if (!titles.contains(e.title())) {
                    titles.add(e.title());
                }
            }
            int events = f.evidence().size();
            String pct = Math.round(100 * f.share()) + "%";
            parts.add(zh ? f.name() + " " + pct + "（" + events + " 个事件，如 " + String.join("、", titles) + "）"
                    : f.name() + " " + pct + " (" + events + (events == 1 ? " event" : " events") + ", e.g. "
                    + String.join(", ", titles) + ")");
        }
        if (parts.isEmpty()) {
            sb.append(zh ? "（暂无）" : "(nothing yet)");
        }
        sb.append(String.join(zh ? "；" : "; ", parts));
        if (planted != null) {
            sb.append(zh ? "  [植入的真实偏好：" + String.join("、", planted) + "]"
                    : "  [planted: " + String.join(", ", planted) + "]");
        }
        return sb.toString();
    }

    /**
     * The evaluation as one line per model: NDCG and recall with their 95% intervals, hit rate, the paired
     * NDCG difference to the baseline, and the hyper-parameters chosen on validation (those the grid varied).
     */
    static String table(EvaluationReport report, Split split, boolean zh) {
        StringBuilder sb = new StringBuilder();
        String metric = "NDCG@" + report.k();
        sb.append(String.format(Locale.ROOT, zh
                        ? "评估（%s，%d 个测试用户，K=%d，95%% 自助区间；超参数在验证集上选择）%n"
                        : "Evaluation (%s, %d test users, K=%d, 95%% bootstrap intervals; hyper-parameters chosen "
                        + "on validation)%n", split.name(), report.users(), report.k()));
        String baseline = report.results().get(0).model();
        sb.append(String.format(Locale.ROOT, "%-9s %-20s %-20s %-7s %-24s %s%n", zh ? "模型" : "model", metric,
                "Recall@" + report.k(), "HR@" + report.k(), (zh ? "对比 " : "vs ") + baseline + " (" + metric + ")",
                zh ? "选定参数" : "chosen"));
        for (ModelResult r : report.results()) {
            String vs = "-";
            for (Comparison c : report.comparisons()) {
                if (c.model().equals(r.model()) && c.metric().equals(metric)) {
                    vs = String.format(Locale.ROOT, "%+.4f [%+.3f,%+.3f]%s", c.diff(), c.ci95().lo(), c.ci95().hi(),
                            c.ci95().contains(0) ? "" : " *");
                }
            }
            sb.append(String.format(Locale.ROOT, "%-9s %-20s %-20s %-7s %-24s %s%n", r.model(),
                    withInterval(r, metric), withInterval(r, "Recall@" + report.k()),
                    fmt(r.metrics().get("HR@" + report.k()), "%.3f"), vs,
                    r.params().isEmpty() && zh ? "（无参数）" : chosenParams(r)));
        }
        sb.append(zh ? "（* 表示配对区间不含 0；--verbose 显示完整的调参网格）\n"
                : "(* the paired interval excludes 0; --verbose prints the whole tuning grid)\n");
        return sb.toString();
    }

    private static String withInterval(ModelResult r, String metric) {
        Interval ci = r.ci95().get(metric);
        String v = fmt(r.metrics().get(metric), "%.4f");
        return ci == null ? v : v + String.format(Locale.ROOT, " [%.3f,%.3f]", ci.lo(), ci.hi());
    }

    private static String fmt(Double v, String pattern) {
        return v == null || !Double.isFinite(v) ? "n/a" : String.format(Locale.ROOT, pattern, v);
    }

    /**
     * The chosen values of the parameters the tuning grid varied (all parameters without a grid), with
     * {@code lambdaPerDay} left out where {@code halfLifeDays}, the same setting, is shown.
     */
    static String chosenParams(ModelResult r) {
        if (r.params().isEmpty()) {
            return "(no parameters)";
        }
        Set<String> varied = new HashSet<>();
        for (Trial t : r.tuning()) {
            for (Map.Entry<String, Object> e : t.params().entrySet()) {
                if (!Objects.equals(e.getValue(), r.params().get(e.getKey()))) {
                    varied.add(e.getKey());
                }
            }
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Object> e : r.params().entrySet()) {
            String key = e.getKey();
            boolean shownKey = varied.isEmpty() || varied.contains(key);
            if (shownKey && !(key.equals("lambdaPerDay") && r.params().containsKey("halfLifeDays"))) {
                parts.add(key + "=" + plain(e.getValue()));
            }
        }
        return parts.isEmpty() ? "(no parameters)" : String.join(" ", parts);
    }

    /** A value as written on a command line: whole doubles without ".0". */
    private static String plain(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(value);
    }

    /**
     * Progress off a terminal: one line per model, when its first task starts (its tuning, fits and evaluations
     * report under several task names, "tune ease", "ease: inverse", "evaluate ease"; a log file gets one line).
     */
    private static Progress perModel(PrintWriter err, List<String> models) {
        Set<String> started = new HashSet<>();
        return (name, done, total) -> {
            String model = null;
            for (String m : models) {
                if (name.equals("tune " + m) || name.equals("evaluate " + m) || name.startsWith(m + ":")) {
                    model = m;
                }
            }
            if (model != null && started.add(model)) {
                err.printf("%s: tuning on validation, fitting and evaluating%n", model);
                err.flush();
            }
        };
    }

    /** Recognises a MovieLens folder by its files and imports it as a split. */
    static Split loadFolder(Path dir, long seed, PrintWriter out) {
        ImportRequest request;
        boolean given = false;
        if (Files.exists(dir.resolve("ua.base")) && Files.exists(dir.resolve("ua.test"))) {
            request = ImportRequest.of(ImportFormat.ML100K, dir.resolve("ua.base")).withTest(dir.resolve("ua.test"));
            given = true;
        } else if (Files.exists(dir.resolve("u.data"))) {
            request = ImportRequest.of(ImportFormat.ML100K, dir.resolve("u.data"));
        } else if (Files.exists(dir.resolve("ratings.dat"))) {
            request = ImportRequest.of(ImportFormat.ML1M, dir.resolve("ratings.dat"));
        } else if (Files.exists(dir.resolve("ratings.csv"))) {
            request = ImportRequest.of(ImportFormat.MLLATEST, dir.resolve("ratings.csv"));
        } else if (Files.exists(dir.resolve("train.txt")) && Files.exists(dir.resolve("test.txt"))) {
            request = ImportRequest.of(ImportFormat.USER_ITEMS, dir.resolve("train.txt")).withTest(dir.resolve("test.txt"));
            given = true;
            if (Files.exists(dir.resolve("item_map.txt"))) {
                request = request.withItemMap(dir.resolve("item_map.txt"));
                Path movies = dir.resolveSibling("ml-1m").resolve("movies.dat");
                if (Files.exists(movies)) {
                    request = request.withItems(movies);
                }
            }
        } else {
            throw new IllegalArgumentException("--data " + dir + ": no MovieLens files found (expected ua.base+ua.test, "
                    + "u.data, ratings.dat, ratings.csv or train.txt+test.txt)");
        }
        ImportResult result = Importer.importData(request);
        Split split = given ? result.split() : Splits.randomRatio(result.dataset(), 0.8, seed);
        out.printf("Data %s: %d users, %d items, %d train + %d test events (%s)%n", dir, split.train().numUsers(),
                split.train().numItems(), split.train().numEvents(), split.test().numEvents(), split.name());
        return split;
    }
}

package io.whyrec.eval.explain;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.Counterfactual;
import io.whyrec.api.Explainer;
import io.whyrec.api.Explanation;
import io.whyrec.api.Fidelity;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.api.ItemScorer;
import io.whyrec.api.Progress;
import io.whyrec.api.ScoredItem;
import io.whyrec.api.Shuffle;
import io.whyrec.explain.MaskedScore;
import io.whyrec.explain.ScoringAdapter;
import io.whyrec.explain.counterfactual.CounterfactualConfig;
import io.whyrec.explain.counterfactual.CounterfactualSearch;
import io.whyrec.explain.exact.ExactExplainer;
import io.whyrec.explain.lime.LimeExplainer;
import io.whyrec.explain.loo.LeaveOneOutExplainer;
import io.whyrec.explain.quality.CounterfactualCheck;
import io.whyrec.explain.quality.Coverage;
import io.whyrec.explain.quality.Curve;
import io.whyrec.explain.quality.DeletionCurve;
import io.whyrec.explain.quality.InsertionCurve;
import io.whyrec.explain.quality.MethodAgreement;
import io.whyrec.explain.quality.Orders;
import io.whyrec.explain.quality.Stability;
import io.whyrec.explain.shap.KernelShapExplainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Measures the explanations of one model, per method, over the top-K recommendations of the evaluated users:
 * deletion curves (plain score, positive-only, margin and in-top-K variants) and insertion curves against
 * seeded random orders, counterfactual found rate and set sizes with PN, PS and FNS judged by an independent
 * re-ranking ({@link CounterfactualCheck}), stability of LIME and KernelSHAP across seeds, Kendall tau agreement
 * between methods and coverage. Every figure re-scores the model; none trusts an explainer's own account.
 *
 * <p>The recommendations explained are the model's full-ranking top-K among the items not in the user's
 * history, with the tie rule of {@link io.whyrec.api.Recommender#topK}. Users with an empty history are skipped
 * and counted. Counterfactuals are searched in the greedy order of each method's own attributions.
 */
public final class ExplanationEvaluation {

    /**
     * The result for one model.
     *
     * @param model        model name
     * @param users        users explained
     * @param emptyUsers   users skipped because their history is empty
     * @param explanations recommendations explained (per method)
     * @param methods      the quality per method, in config order
     * @param agreement    mean Kendall tau-b between the attributions of each pair of methods ("a~b"), over the
     *                     recommendations where it is defined
     * @param seconds      wall-clock time of the evaluation
     */
    public record Result(String model, int users, int emptyUsers, long explanations, List<MethodQuality> methods,
                         Map<String, Double> agreement, double seconds) {

        /** Copies the collections. */
        public Result {
            methods = List.copyOf(methods);
            agreement = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(agreement));
        }

        /** The quality of one method. */
        public MethodQuality method(String name) {
            return methods.stream().filter(m -> m.method().equals(name)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("method " + name + " was not evaluated (evaluated: "
                            + methods.stream().map(MethodQuality::method).toList() + ")"));
        }

        /** A JSON-ready map with stable keys (NaN written as null). */
        public Map<String, Object> toMap(ExplanationEvaluationConfig config) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model);
            m.put("users", users);
            m.put("emptyHistoryUsers", emptyUsers);
            m.put("explanations", explanations);
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("k", config.k());
            settings.put("steps", config.steps());
            settings.put("randomOrders", config.randomOrders());
            settings.put("stabilityRuns", config.stabilityRuns());
            settings.put("stabilityTop", config.stabilityTop());
            settings.put("stabilityUsers", config.stabilityUsers());
            settings.put("limeSamples", config.lime().samples());
            settings.put("shapSamples", config.shap().samples());
            settings.put("seed", config.seed());
            m.put("settings", settings);
            m.put("methods", methods.stream().map(MethodQuality::toMap).toList());
            Map<String, Object> agree = new LinkedHashMap<>();
            agreement.forEach((k, v) -> agree.put(k, MethodQuality.num(v)));
            m.put("kendallTau", agree);
            m.put("seconds", seconds);
            return m;
        }
    }

    private final ExplanationEvaluationConfig config;

    /** An evaluation with settings. */
    public ExplanationEvaluation(ExplanationEvaluationConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The settings. */
    public ExplanationEvaluationConfig config() {
        return config;
    }

    /** The methods that apply to a model: the configured ones, without exact for a model that is not additive. */
    public List<String> methodsFor(ItemScorer model) {
        List<String> out = new ArrayList<>();
        for (String m : config.methods()) {
            if (!m.equals("exact") || model instanceof AdditiveScorer) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * Evaluates the explanations of one model.
     *
     * @param name      model name for the result
     * @param model     the fitted model
     * @param histories the history the model reads for a dense user
     * @param users     the evaluated users (dense, e.g. the protocol's); a seeded subsample when
     *                  {@link ExplanationEvaluationConfig#users()} is smaller
     * @param info      titles and facets (for facet attributions); may be null
     * @param progress  receives one unit per user
     */
    public Result evaluate(String name, ItemScorer model, IntFunction<History> histories, int[] users, ItemInfo info,
                           Progress progress) {
        return evaluate(name, model, histories, users, info, Map.of(), progress);
    }

    /**
     * Evaluates the explanations of one model with the configured methods and further explainers built elsewhere
     * (e.g. whyrec-neural's gradient explainers of the same model), which are measured in exactly the same way
     * after the configured ones. Extra explainers are taken as deterministic: they get no stability figure.
     *
     * @param extra explainers by method name, in the order to report them; names must differ from the
     *              configured methods
     */
    public Result evaluate(String name, ItemScorer model, IntFunction<History> histories, int[] users, ItemInfo info,
                           Map<String, Explainer> extra, Progress progress) {
        long start = System.nanoTime();
        int[] chosen = subsample(users, config.users(), config.seed());
        int[] stabilityUsers = subsample(chosen, config.stabilityUsers(), config.seed() + 1);
        java.util.BitSet stable = new java.util.BitSet();
        for (int u : stabilityUsers) {
            stable.set(u);
        }
        List<String> methods = new ArrayList<>(methodsFor(model));
        int configured = methods.size();
        for (String m : extra.keySet()) {
            if (methods.contains(m)) {
                throw new IllegalArgumentException("extra explainer '" + m + "' has the name of a configured method");
            }
            methods.add(m);
        }
        int nm = methods.size();
        SplittableRandom seeds = new SplittableRandom(config.seed());
        Explainer[] explainers = new Explainer[nm];
        Explainer[][] reruns = new Explainer[nm][];
        for (int i = configured; i < nm; i++) {
            explainers[i] = Objects.requireNonNull(extra.get(methods.get(i)), "extra explainer");
        }
        for (int i = 0; i < configured; i++) {
            explainers[i] = build(methods.get(i), model, info, new SplittableRandom(seeds.nextLong()));
            if (isSeeded(methods.get(i))) {
                reruns[i] = new Explainer[config.stabilityRuns()];
                for (int r = 0; r < reruns[i].length; r++) {
                    reruns[i][r] = build(methods.get(i), model, info, new SplittableRandom(seeds.nextLong()));
                }
            }
        }
        CounterfactualSearch search = new CounterfactualSearch(model, new CounterfactualConfig(config.k(),
                CounterfactualConfig.DEFAULT.candidates()));
        DeletionCurve deletion = new DeletionCurve(model, config.steps());
        InsertionCurve insertion = new InsertionCurve(model, config.steps());
        RankCurves rankCurves = new RankCurves(model, config.k(), config.steps());
        ScoringAdapter adapter = new ScoringAdapter(model);
        Tally[] tallies = new Tally[nm];
        for (int i = 0; i < nm; i++) {
            tallies[i] = new Tally(methods.get(i), model);
        }
        Map<String, double[]> agreement = new LinkedHashMap<>();
        for (int a = 0; a < nm; a++) {
            for (int b = a + 1; b < nm; b++) {
                agreement.put(methods.get(a) + "~" + methods.get(b), new double[2]);
            }
        }
        int emptyUsers = 0;
        long explained = 0;
        int done = 0;
        for (int u : chosen) {
            History h = histories.apply(u);
            progress.update("explain " + name, ++done, chosen.length);
            if (h.size() == 0) {
                emptyUsers++;
                continue;
            }
            List<ScoredItem> top = adapter.topK(h, config.k(), ScoringAdapter.itemsOf(h));
            for (int r = 0; r < top.size(); r++) {
                int item = top.get(r).item();
                int rank = r + 1;
                explained++;
                SplittableRandom orderRnd = new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + u * 31L + item);
                Curve delRandom = deletion.random(h, item, config.randomOrders(), orderRnd.split());
                Curve insRandom = insertion.random(h, item, config.randomOrders(), orderRnd.split());
                SplittableRandom rankRnd = orderRnd.split();
                List<RankCurves.Values> rankRandom = new ArrayList<>();
                for (int o = 0; o < config.randomOrders(); o++) {
                    rankRandom.add(rankCurves.curves(h, item, Orders.random(h.size(), rankRnd)));
                }
                double[][] attributions = new double[nm][];
                for (int i = 0; i < nm; i++) {
                    Tally t = tallies[i];
                    long t0 = System.nanoTime();
                    Explanation x = explainers[i].explain(h, item, rank);
                    t.millis.add((System.nanoTime() - t0) / 1e6);
                    double[] a = x.contributions();
                    attributions[i] = a;
                    t.add(x, h, item, a, deletion, insertion, rankCurves, delRandom, insRandom, rankRandom, search,
                            adapter, config.steps());
                    if (reruns[i] != null && stable.get(u)) {
                        List<double[]> runs = new ArrayList<>();
                        for (Explainer e : reruns[i]) {
                            runs.add(e.explain(h, item, rank).contributions());
                        }
                        t.stability.add(Stability.jaccardOfTop(runs, config.stabilityTop()));
                    }
                }
                for (int a = 0; a < nm; a++) {
                    for (int b = a + 1; b < nm; b++) {
                        double tau = MethodAgreement.kendallTau(attributions[a], attributions[b]);
                        if (!Double.isNaN(tau)) {
                            double[] acc = agreement.get(methods.get(a) + "~" + methods.get(b));
                            acc[0] += tau;
                            acc[1]++;
                        }
                    }
                }
            }
        }
        List<MethodQuality> out = new ArrayList<>();
        for (Tally t : tallies) {
            out.add(t.result());
        }
        Map<String, Double> agree = new LinkedHashMap<>();
        agreement.forEach((k, v) -> agree.put(k, v[1] == 0 ? Double.NaN : v[0] / v[1]));
        return new Result(name, chosen.length, emptyUsers, explained, out, agree, (System.nanoTime() - start) / 1e9);
    }

    private Explainer build(String method, ItemScorer model, ItemInfo info, SplittableRandom rnd) {
        return switch (method) {
            case "exact" -> new ExactExplainer(model, info);
            case "loo" -> new LeaveOneOutExplainer(model, info);
            case "lime" -> new LimeExplainer(model, info, config.lime(), rnd);
            case "shap" -> new KernelShapExplainer(model, info, config.shap(), rnd);
            default -> throw new IllegalArgumentException("unknown explanation method '" + method + "'");
        };
    }

    private static boolean isSeeded(String method) {
        return method.equals("lime") || method.equals("shap");
    }

    /** A seeded subsample of n users in ascending order; all of them when n is 0 or not smaller. */
    public static int[] subsample(int[] users, int n, long seed) {
        if (n == 0 || n >= users.length) {
            return users.clone();
        }
        int[] copy = users.clone();
        Shuffle.front(copy, n, new SplittableRandom(seed));
        int[] out = Arrays.copyOf(copy, n);
        Arrays.sort(out);
        return out;
    }

    /** Running sums of one method. */
    private static final class Tally {
        final String method;
        final Coverage coverage = new Coverage(Coverage.Criterion.DEFAULT);
        final CounterfactualCheck check;
        final Mean del = new Mean();
        final Mean delRandom = new Mean();
        final Mean delPositive = new Mean();
        final Mean margin = new Mean();
        final Mean marginRandom = new Mean();
        final Mean top = new Mean();
        final Mean topRandom = new Mean();
        final Mean ins = new Mean();
        final Mean insRandom = new Mean();
        final Mean limeR2 = new Mean();
        final Mean stability = new Mean();
        final List<Double> millis = new ArrayList<>();
        final List<Integer> cfSizes = new ArrayList<>();
        long explanations;
        long found;

        Tally(String method, ItemScorer model) {
            this.method = method;
            this.check = new CounterfactualCheck(model);
        }

        void add(Explanation x, History h, int item, double[] a, DeletionCurve deletion, InsertionCurve insertion,
                 RankCurves rankCurves, Curve delRnd, Curve insRnd, List<RankCurves.Values> rankRnd,
                 CounterfactualSearch search, ScoringAdapter adapter, int steps) {
            explanations++;
            coverage.add(x);
            Curve d = deletion.attributed(h, item, a);
            if (!Double.isNaN(d.auc()) && !Double.isNaN(delRnd.auc())) {
                del.add(d.auc());
                delRandom.add(delRnd.auc());
                delPositive.add(positiveOnlyAuc(adapter.masked(h, item), a, steps));
            }
            Curve in = insertion.attributed(h, item, a);
            if (!Double.isNaN(in.auc()) && !Double.isNaN(insRnd.auc())) {
                ins.add(in.auc());
                insRandom.add(insRnd.auc());
            }
            RankCurves.Values rv = rankCurves.curves(h, item, Orders.byAttribution(a));
            double marginAuc = auc(rv.margin());
            double marginRnd = meanAuc(rankRnd, true);
            if (!Double.isNaN(marginAuc) && !Double.isNaN(marginRnd)) {
                margin.add(marginAuc);
                marginRandom.add(marginRnd);
            }
            top.add(auc(rv.inTopK()));
            topRandom.add(meanAuc(rankRnd, false));
            double r2 = x.fidelity().get(Fidelity.LIME_R2);
            if (!Double.isNaN(r2)) {
                limeR2.add(r2);
            }
            Counterfactual cf = search.find(h, item, a);
            check.add(h, item, cf);
            if (cf.found()) {
                found++;
                cfSizes.add(cf.size());
            }
        }

        MethodQuality result() {
            double median = Double.NaN;
            double meanSize = Double.NaN;
            if (!cfSizes.isEmpty()) {
                int[] s = cfSizes.stream().mapToInt(Integer::intValue).sorted().toArray();
                median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
                meanSize = Arrays.stream(s).average().orElse(Double.NaN);
            }
            double[] ms = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double meanMs = Arrays.stream(ms).average().orElse(Double.NaN);
            double p99 = ms.length == 0 ? Double.NaN : ms[Math.max(0, (int) Math.ceil(ms.length * 0.99) - 1)];
            boolean seeded = method.equals("lime") || method.equals("shap");
            return new MethodQuality(method, explanations, coverage.value(), del.value(), delRandom.value(), del.n,
                    delPositive.value(), margin.value(), marginRandom.value(), margin.n, top.value(), topRandom.value(),
                    ins.value(), insRandom.value(), explanations == 0 ? Double.NaN : (double) found / explanations,
                    median, meanSize, check.pn(), check.ps(), check.fns(),
                    seeded ? stability.value() : Double.NaN, stability.n, meanMs, p99, limeR2.value());
        }
    }

    /**
     * The plain deletion curve that removes only positively attributed events: the n-th most attributed event is
     * removed while its attribution is positive; once none is left the curve stays flat. NaN when s(0) <= 0.
     */
    static double positiveOnlyAuc(MaskedScore f, double[] a, int steps) {
        int[] order = Orders.byAttribution(a);
        boolean[] keep = new boolean[f.size()];
        Arrays.fill(keep, true);
        double s0 = f.apply(keep);
        if (!(s0 > 0)) {
            return Double.NaN;
        }
        double[] v = new double[steps + 1];
        v[0] = 1.0;
        for (int n = 1; n <= steps; n++) {
            if (n <= order.length && a[order[n - 1]] > 0) {
                keep[order[n - 1]] = false;
                v[n] = f.apply(keep) / s0;
            } else {
                v[n] = v[n - 1];
            }
        }
        return Curve.of(v).auc();
    }

    private static double auc(double[] values) {
        for (double v : values) {
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
        }
        return Curve.of(values).auc();
    }

    private static double meanAuc(List<RankCurves.Values> curves, boolean margin) {
        double sum = 0;
        for (RankCurves.Values v : curves) {
            double a = auc(margin ? v.margin() : v.inTopK());
            if (Double.isNaN(a)) {
                return Double.NaN;
            }
            sum += a;
        }
        return sum / curves.size();
    }

    /** A running mean. */
    private static final class Mean {
        double sum;
        long n;

        void add(double v) {
            sum += v;
            n++;
        }

        double value() {
            return n == 0 ? Double.NaN : sum / n;
        }
    }
}

package io.whyrec.cli;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.model.CatalogItemInfo;
import io.whyrec.core.model.ModelHistories;
import io.whyrec.core.model.ModelSpec;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.eval.Evaluator;
import io.whyrec.eval.explain.ExplanationEvaluation;
import io.whyrec.eval.explain.ExplanationEvaluationConfig;
import io.whyrec.eval.explain.MethodQuality;
import io.whyrec.eval.protocol.EvaluationProtocol;
import io.whyrec.eval.protocol.Interval;
import io.whyrec.eval.protocol.ProtocolSpec;
import io.whyrec.eval.report.EvaluationReport;
import io.whyrec.eval.report.ModelResult;
import io.whyrec.server.feedback.SatisfactionReport;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;

/**
 * The algorithm disclosure report ("main parameters" in the sense of China's 2022 provisions, Art. 16, and the EU
 * DSA, Art. 27): the weighting formula with its live parameters in plain words, the models in use and what they
 * read, their accuracy and the default model's explanation fidelity with 95% intervals, the data categories and
 * their retention, the user controls and the non-profiling option. Every number in it is a figure computed here
 * and recorded in {@link #figures()} under a name; the sentences come from the bundle
 * {@code io/whyrec/cli/disclose_en|zh.properties}, which holds no figure of its own (digits appear there only
 * inside code spans, e.g. the API's paths). Rendered as Markdown or HTML.
 */
final class DisclosureReport {

    /**
     * What the report is built from.
     *
     * @param protocol      the evaluation protocol ({@code --protocol}, built by {@link ProtocolSpec})
     * @param events        every event of the data, held-out ones included
     * @param splitName     the protocol as given ("given", "random:0.8", "loo")
     * @param models        the served models, in the serving order
     * @param defaultModel  the model that serves lists when a request names none
     * @param weighting     the history weighting the profile and the weighted models use
     * @param refitSeconds  how often the server checks whether to refit its models
     * @param k             the list length of the evaluation
     * @param seed          the seed of the evaluation (bootstrap, sampled users)
     * @param explainUsers  users whose top-K are explained to measure fidelity
     * @param satisfaction  the explanation feedback the server stored, or null when there is no store
     */
    record Inputs(EvaluationProtocol protocol, long events, String splitName, List<ModelSpec<?>> models, String defaultModel,
                  EventWeighting weighting, long refitSeconds, int k, long seed, int explainUsers,
                  SatisfactionReport satisfaction) {
    }

    private final Locale locale;
    private final ResourceBundle bundle;
    private final Map<String, String> figures = new LinkedHashMap<>();
    private final Map<String, Double> values = new LinkedHashMap<>();
    private final List<Object[]> blocks = new ArrayList<>(); // {kind, content}: h1, h2, p, ul (List), table (List)

    private DisclosureReport(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle("io.whyrec.cli.disclose", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** Every figure of the report by name, as written in it. */
    Map<String, String> figures() {
        return figures;
    }

    /** Every figure of the report by name, as the value it was computed as. */
    Map<String, Double> values() {
        return values;
    }

    /** Builds the report: evaluates the models on the split and measures the default model's explanations. */
    static DisclosureReport build(String lang, Inputs in, Progress progress) {
        DisclosureReport r = new DisclosureReport(switch (lang) {
            case "en" -> Locale.ENGLISH;
            case "zh" -> Locale.SIMPLIFIED_CHINESE;
            default -> throw new IllegalArgumentException("--lang must be en or zh, got \"" + lang + "\"");
        });
        EvaluationProtocol protocol = in.protocol();
        Dataset train = protocol.train();
        Evaluator.Options options = Evaluator.Options.defaults().with(in.k(), in.seed(), false);
        Map<String, Recommender> fitted = new LinkedHashMap<>();
        EvaluationReport eval = new Evaluator(options).evaluate(protocol, in.models(), progress, fitted);
        Recommender main = fitted.get(in.defaultModel());
        ExplanationEvaluationConfig config = ExplanationEvaluationConfig.DEFAULT.withK(in.k())
                .withUsers(in.explainUsers(), 0).withSeed(in.seed());
        String method = main instanceof AdditiveScorer ? "exact" : "loo";
        ExplanationEvaluation.Result fidelity = new ExplanationEvaluation(config.withMethods(List.of(method)))
                .evaluate(in.defaultModel(), main, u -> ModelHistories.of(main, train, u), protocol.users(),
                        new CatalogItemInfo(train.catalog()), progress);
        r.write(in, eval, fidelity.method(method), fidelity.users(), in.k());
        return r;
    }

    private void write(Inputs in, EvaluationReport eval, MethodQuality q, int explainedUsers, int k) {
        Dataset train = in.protocol().train();
        add("h1", msg("title"));
        add("p", msg("intro", integer("data.users", train.numUsers()), integer("data.items", train.numItems()),
                integer("data.events", in.events())));
        // principles
        EventWeighting w = in.weighting();
        add("h2", msg("principles.title"));
        add("p", msg("principles.formula"));
        add("p", msg("principles.plain", decimal("weighting.alpha", w.alpha()), decimal("weighting.beta", w.beta()),
                w.lambdaPerDay() > 0 ? decimal("weighting.halfLifeDays", w.halfLifeDays()) : msg("principles.nodecay"),
                word("frequency." + w.frequencyMode().name()), word("heat." + w.heatSource().name())));
        add("p", msg("principles.negative", String.join(", ", w.negativeTypes())));
        // models
        add("h2", msg("models.title"));
        add("p", msg("models.intro", in.defaultModel()));
        List<String> reads = new ArrayList<>();
        for (ModelSpec<?> m : in.models()) {
            reads.add(msg("models.item", m.name(), word("model." + m.name())));
        }
        add("ul", reads);
        // accuracy
        add("h2", msg("accuracy.title"));
        String level = percent("interval.level", LEVEL);
        add("p", msg("accuracy.intro", integer("eval.users", eval.users()), text("eval.split", in.splitName()),
                integer("eval.k", k), integer("eval.seed", in.seed()), level));
        List<String> rows = new ArrayList<>();
        rows.add(msg("accuracy.header", integer("eval.k.header", k), level));
        for (ModelResult m : eval.results()) {
            String ndcg = "NDCG@" + k;
            String recall = "Recall@" + k;
            rows.add(m.model() + "|" + withInterval("accuracy." + m.model() + ".ndcg", m.metrics().get(ndcg),
                    m.ci95().get(ndcg)) + "|" + withInterval("accuracy." + m.model() + ".recall",
                    m.metrics().get(recall), m.ci95().get(recall)));
        }
        add("table", rows);
        // fidelity
        add("h2", msg("fidelity.title"));
        long n = q.explanations();
        add("p", msg("fidelity.intro", in.defaultModel(), q.method(), integer("fidelity.explanations", n),
                integer("fidelity.users", explainedUsers), level));
        List<String> fid = new ArrayList<>();
        fid.add(msg("fidelity.coverage", proportion("fidelity.coverage", q.coverage(), n)));
        fid.add(msg("fidelity.counterfactual", proportion("fidelity.counterfactualFound", q.counterfactualFound(), n)));
        fid.add(msg("fidelity.pn", proportion("fidelity.pn", q.pn(), n), proportion("fidelity.ps", q.ps(), n)));
        fid.add(msg("fidelity.deletion", decimal("fidelity.deletionRatio", q.deletionRatio())));
        add("ul", fid);
        // data and retention
        add("h2", msg("data.title"));
        Set<String> types = new LinkedHashSet<>(train.eventTypes());
        add("ul", List.of(msg("data.events", String.join(", ", types)), msg("data.items"), msg("data.none")));
        add("p", msg("data.retention", integer("serving.refitSeconds", in.refitSeconds())));
        // controls
        add("h2", msg("controls.title"));
        add("ul", List.of(msg("controls.view"), msg("controls.mute"), msg("controls.delete"), msg("controls.off"),
                msg("controls.erase")));
        add("p", msg("controls.nonprofiling"));
        add("h2", msg("satisfaction.title"));
        SatisfactionReport sat = in.satisfaction();
        if (sat == null || sat.overall().answers() == 0) {
            add("p", msg("satisfaction.none"));
        } else {
            List<String> lines = new ArrayList<>();
            SatisfactionReport.Rate all = sat.overall();
            lines.add(msg("satisfaction.overall", integer("satisfaction.helpful", all.helpful()),
                    integer("satisfaction.answers", all.answers()),
                    proportion("satisfaction.rate", all.rate(), all.answers()), percent("interval.level", LEVEL)));
            for (SatisfactionReport.Rate r : sat.groups().getOrDefault("arm", List.of())) {
                String name = "satisfaction.arm." + r.value();
                lines.add(msg("satisfaction.arm", text(name, r.value()), integer(name + ".answers", r.answers()),
                        proportion(name + ".rate", r.rate(), r.answers())));
            }
            NumberFormat points = NumberFormat.getPercentInstance(locale);
            points.setMaximumFractionDigits(1);
            for (SatisfactionReport.Comparison c : sat.comparisons()) {
                String name = "satisfaction.diff." + c.arm() + "." + c.baseline();
                lines.add(msg(c.excludesZero() ? "satisfaction.differs" : "satisfaction.same",
                        text(name + ".arm", c.arm()), text(name + ".baseline", c.baseline()),
                        record(name, c.difference(), points.format(c.difference())),
                        record(name + ".lo", c.low(), points.format(c.low())),
                        record(name + ".hi", c.high(), points.format(c.high())), percent("interval.level", LEVEL)));
            }
            add("ul", lines);
            add("p", msg("satisfaction.source"));
        }
        add("h2", msg("source.title"));
        add("p", msg("source.text"));
    }

    private void add(String kind, Object content) {
        blocks.add(new Object[] {kind, content});
    }

    private String msg(String key, Object... args) {
        return new MessageFormat(bundle.getString(key), locale).format(args);
    }

    /** A word of the bundle, or the key's last part when the bundle has none (a model of an optional module). */
    private String word(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return key.startsWith("model.") ? bundle.getString("model.other") : key.substring(key.indexOf('.') + 1);
        }
    }

    private String record(String name, double value, String formatted) {
        figures.put(name, formatted);
        values.put(name, value);
        return formatted;
    }

    /** A configured value that is no number but may contain digits (the split, e.g. "random:0.8"). */
    private String text(String name, String value) {
        figures.put(name, value);
        return value;
    }

    private String percent(String name, double value) {
        return record(name, value, NumberFormat.getPercentInstance(locale).format(value));
    }

    private String integer(String name, long value) {
        return record(name, value, NumberFormat.getIntegerInstance(locale).format(value));
    }

    private String decimal(String name, double value) {
        NumberFormat f = NumberFormat.getNumberInstance(locale);
        f.setMaximumFractionDigits(3);
        return record(name, value, f.format(value));
    }

    private String withInterval(String name, Double value, Interval ci) {
        String v = decimal(name, value == null ? Double.NaN : value);
        if (ci == null) {
            return v;
        }
        return v + " [" + decimal(name + ".lo", ci.lo()) + ", " + decimal(name + ".hi", ci.hi()) + "]";
    }

    /** A share with its 95% Wilson score interval over {@code n} trials. */
    private String proportion(String name, double p, long n) {
        NumberFormat pct = NumberFormat.getPercentInstance(locale);
        pct.setMaximumFractionDigits(1);
        if (Double.isNaN(p) || n == 0) {
            return record(name, Double.NaN, msg("unmeasured"));
        }
        double[] ci = wilson(p, n);
        return record(name, p, pct.format(p)) + " [" + record(name + ".lo", ci[0], pct.format(ci[0])) + ", "
                + record(name + ".hi", ci[1], pct.format(ci[1])) + "]";
    }

    /** The level of every interval of the report: the evaluation's bootstrap intervals and the Wilson intervals. */
    static final double LEVEL = 0.95;

    /** The 95% Wilson score interval of a proportion p observed in n trials. */
    static double[] wilson(double p, long n) {
        double z = 1.959963984540054;  // the standard normal quantile of 1 - (1 - LEVEL) / 2
        double z2n = z * z / n;
        double centre = (p + z2n / 2) / (1 + z2n);
        double half = z * Math.sqrt(p * (1 - p) / n + z2n / (4 * n)) / (1 + z2n);
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    /** The report as Markdown. */
    String markdown() {
        StringBuilder sb = new StringBuilder();
        for (Object[] b : blocks) {
            switch ((String) b[0]) {
                case "h1" -> sb.append("# ").append(b[1]).append("\n\n");
                case "h2" -> sb.append("## ").append(b[1]).append("\n\n");
                case "p" -> sb.append(b[1]).append("\n\n");
                case "ul" -> {
                    for (Object item : (List<?>) b[1]) {
                        sb.append("* ").append(item).append('\n');
                    }
                    sb.append('\n');
                }
                case "table" -> {
                    List<?> rows = (List<?>) b[1];
                    for (int i = 0; i < rows.size(); i++) {
                        String[] cells = rows.get(i).toString().split("\\|");
                        sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
                        if (i == 0) {
                            sb.append("|").append("---|".repeat(cells.length)).append('\n');
                        }
                    }
                    sb.append('\n');
                }
                default -> throw new IllegalStateException(String.valueOf(b[0]));
            }
        }
        return sb.toString();
    }

    /** The report as a standalone HTML page (Markdown code spans become {@code <code>}). */
    String html() {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"").append(locale.getLanguage())
                .append("\">\n<head><meta charset=\"utf-8\"><title>").append(escape(msg("title")))
                .append("</title></head>\n<body>\n");
        for (Object[] b : blocks) {
            switch ((String) b[0]) {
                case "h1" -> sb.append("<h1>").append(inline(b[1])).append("</h1>\n");
                case "h2" -> sb.append("<h2>").append(inline(b[1])).append("</h2>\n");
                case "p" -> sb.append("<p>").append(inline(b[1])).append("</p>\n");
                case "ul" -> {
                    sb.append("<ul>\n");
                    for (Object item : (List<?>) b[1]) {
                        sb.append("<li>").append(inline(item)).append("</li>\n");
                    }
                    sb.append("</ul>\n");
                }
                case "table" -> {
                    sb.append("<table>\n");
                    List<?> rows = (List<?>) b[1];
                    for (int i = 0; i < rows.size(); i++) {
                        String tag = i == 0 ? "th" : "td";
                        sb.append("<tr>");
                        for (String cell : rows.get(i).toString().split("\\|")) {
                            sb.append('<').append(tag).append('>').append(inline(cell)).append("</").append(tag)
                                    .append('>');
                        }
                        sb.append("</tr>\n");
                    }
                    sb.append("</table>\n");
                }
                default -> throw new IllegalStateException(String.valueOf(b[0]));
            }
        }
        return sb.append("</body>\n</html>\n").toString();
    }

    private static String inline(Object text) {
        return escape(text.toString()).replaceAll("`([^`]*)`", "<code>$1</code>");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package io.whyrec.eval.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whyrec.eval.protocol.Interval;
import io.whyrec.eval.protocol.Trial;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The result of an offline evaluation. {@link #toJson()} has this exact shape (keys in this order), which
 * scripts rely on:
 * <pre>
 * {"protocol": "given-split", "split": "...", "k": 10, "users": 943, "dropped": 0, "validation": "...",
 *  "results": [{"model": "ease", "params": {...}, "metrics": {"Recall@10": x, "NDCG@10": y, "HR@10": z,
 *               "MRR@10": w, "Precision@10": p, "Coverage@10": c, "Novelty@10": v},
 *               "ci95": {"Recall@10": [lo, hi], ...}, "tuning": [{"params": {...},
 *               "validation": {"NDCG@10": ...}}], "fitSeconds": s}],
 *  "comparisons": [{"model": "ease", "baseline": "pop", "metric": "NDCG@10", "diff": d, "ci95": [lo, hi]}],
 *  "notFitted": [{"model": "ease", "reason": "..."}]}
 * </pre>
 * {@code notFitted} is only present when a model was refused before its fit (it does not fit in the heap); the
 * results of the other models are kept.
 * A value that is not a number (no evaluated user) is written as JSON null.
 *
 * @param protocol    protocol name
 * @param split       how the data was split
 * @param k           the cut-off
 * @param users       number of evaluated users
 * @param dropped     number of users with events that the protocol could not evaluate
 * @param validation  the validation split hyper-parameters were chosen on, or null when nothing was tuned
 * @param results     one entry per model, in the order they were listed
 * @param comparisons model-versus-baseline paired differences
 * @param notFitted   models that were refused before their fit, with the one-line reason
 */
public record EvaluationReport(String protocol, String split, int k, int users, int dropped, String validation,
                               List<ModelResult> results, List<Comparison> comparisons, List<NotFitted> notFitted) {

    /**
     * A model that was not evaluated because its fit was refused before the work.
     *
     * @param model  the model name
     * @param reason the one-line reason (what it needs and what the heap has)
     */
    public record NotFitted(String model, String reason) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Copies the lists. */
    public EvaluationReport {
        results = List.copyOf(results);
        comparisons = List.copyOf(comparisons);
        notFitted = notFitted == null ? List.of() : List.copyOf(notFitted);
    }

    /** The result of a model by name. */
    public ModelResult result(String model) {
        return results.stream().filter(r -> r.model().equals(model)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no model '" + model + "' in the report; have "
                        + results.stream().map(ModelResult::model).collect(Collectors.toList())));
    }

    /** The report as a JSON tree. */
    public ObjectNode toJsonTree() {
        ObjectNode root = JSON.createObjectNode();
        root.put("protocol", protocol);
        root.put("split", split);
        root.put("k", k);
        root.put("users", users);
        root.put("dropped", dropped);
        root.put("validation", validation);
        ArrayNode res = root.putArray("results");
        for (ModelResult r : results) {
            ObjectNode o = res.addObject();
            o.put("model", r.model());
            o.set("params", JSON.valueToTree(r.params()));
            ObjectNode metrics = o.putObject("metrics");
            r.metrics().forEach((name, value) -> putNumber(metrics, name, value));
            ObjectNode ci = o.putObject("ci95");
            r.ci95().forEach((name, interval) -> ci.set(name, pair(interval)));
            ArrayNode tuning = o.putArray("tuning");
            for (Trial t : r.tuning()) {
                ObjectNode trial = tuning.addObject();
                trial.set("params", JSON.valueToTree(t.params()));
                ObjectNode val = trial.putObject("validation");
                t.validation().forEach((name, value) -> putNumber(val, name, value));
            }
            putNumber(o, "fitSeconds", r.fitSeconds());
        }
        ArrayNode cmp = root.putArray("comparisons");
        for (Comparison c : comparisons) {
            ObjectNode o = cmp.addObject();
            o.put("model", c.model());
            o.put("baseline", c.baseline());
            o.put("metric", c.metric());
            putNumber(o, "diff", c.diff());
            o.set("ci95", pair(c.ci95()));
        }
        if (!notFitted.isEmpty()) {
            ArrayNode nf = root.putArray("notFitted");
            for (NotFitted m : notFitted) {
                nf.addObject().put("model", m.model()).put("reason", m.reason());
            }
        }
        return root;
    }

    /** The report as indented JSON text. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(toJsonTree());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }

    private static void putNumber(ObjectNode o, String key, double value) {
        if (Double.isFinite(value)) {
            o.put(key, value);
        } else {
            o.putNull(key);
        }
    }

    private static JsonNode pair(Interval interval) {
        ArrayNode a = JSON.createArrayNode();
        for (double v : new double[] {interval.lo(), interval.hi()}) {
            if (Double.isFinite(v)) {
                a.add(v);
            } else {
                a.addNull();
            }
        }
        return a;
    }

    /**
     * The report as a text table that fits a 100-column terminal: one row per model with the metric values,
     * a second row with the 95% intervals, then the chosen parameters, the tuning grid and the comparisons.
     */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "protocol %s, split %s, K=%d, %d users%n", protocol, split, k, users));
        sb.append(String.format(Locale.ROOT, "%d users with events not evaluated (no held-out item to rank)%n",
                dropped));
        if (validation != null) {
            sb.append(String.format(Locale.ROOT, "tuned on %s%n", validation));
        }
        List<String> names = new ArrayList<>();
        for (ModelResult r : results) {
            for (String name : r.metrics().keySet()) {
                if (!names.contains(name)) {
                    names.add(name);
                }
            }
        }
        int nameWidth = Math.max(8, Math.min(12, results.stream().mapToInt(r -> r.model().length()).max()
                .orElse(8)));
        // name <= 12 + 5 per-user metrics x 12 + 2 list metrics x 10 + fit 7 = at most 99 columns
        StringBuilder header = new StringBuilder(pad("model", nameWidth));
        for (String name : names) {
            header.append(lpad(shortName(name), width(name)));
        }
        header.append(lpad("fit s", 7));
        sb.append(header).append('\n');
        sb.append("-".repeat(header.length())).append('\n');
        for (ModelResult r : results) {
            StringBuilder values = new StringBuilder(pad(clip(r.model(), nameWidth), nameWidth));
            StringBuilder cis = new StringBuilder(pad("", nameWidth));
            for (String name : names) {
                Double v = r.metrics().get(name);
                values.append(lpad(v == null ? "-" : fmt(v), width(name)));
                Interval ci = r.ci95().get(name);
                cis.append(lpad(ci == null ? "" : "[" + fmt3(ci.lo()) + "," + fmt3(ci.hi()) + "]", width(name)));
            }
            values.append(lpad(String.format(Locale.ROOT, "%.1f", r.fitSeconds()), 7));
            sb.append(values).append('\n').append(cis.toString().stripTrailing()).append('\n');
        }
        sb.append('\n');
        for (ModelResult r : results) {
            sb.append(pad(clip(r.model(), nameWidth), nameWidth)).append(params(r.params())).append('\n');
            for (Trial t : r.tuning()) {
                boolean chosen = t.params().equals(r.params());
                sb.append(pad(chosen ? "  *" : "", nameWidth)).append(params(t.params()));
                t.validation().forEach((name, value) ->
                        sb.append("  val ").append(name).append(' ').append(fmt(value)));
                sb.append('\n');
            }
        }
        if (!comparisons.isEmpty()) {
            sb.append('\n');
            for (Comparison c : comparisons) {
                sb.append(String.format(Locale.ROOT, "%s vs %s  %-13s %+.4f  [%+.4f, %+.4f]%s%n",
                        c.model(), c.baseline(), c.metric(), c.diff(), c.ci95().lo(), c.ci95().hi(),
                        c.ci95().contains(0) ? "" : "  *"));
            }
        }
        if (!notFitted.isEmpty()) {
            sb.append('\n');
            for (NotFitted m : notFitted) {
                sb.append("not fitted: ").append(m.model()).append(": ").append(m.reason()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String params(Map<String, Object> params) {
        if (params.isEmpty()) {
            return "(no parameters)";
        }
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    private int width(String metric) {
        return metric.startsWith("Coverage") || metric.startsWith("Novelty") ? 10 : 12;
    }

    private static String shortName(String metric) {
        return metric.replace("Precision", "Prec").replace("Coverage", "Cov").replace("Novelty", "Nov");
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "n/a";
    }

    /** Three decimals without the leading zero ("0.123" becomes ".123") so an interval fits 11 columns. */
    private static String fmt3(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        String s = String.format(Locale.ROOT, "%.3f", v);
        return s.startsWith("0.") ? s.substring(1) : s.startsWith("-0.") ? "-" + s.substring(2) : s;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    private static String lpad(String s, int width) {
        return s.length() >= width ? " " + s : " ".repeat(width - s.length()) + s;
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }
}

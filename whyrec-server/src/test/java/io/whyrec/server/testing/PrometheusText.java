package io.whyrec.server.testing;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Prometheus text exposition (format 0.0.4) for the tests, in two independent ways: with the reference
 * parser of the Prometheus Python client ({@code prometheus_client.parser}, Debian's python3-prometheus-client,
 * which {@code .ci/services.sh} installs), and with a strict line parser written here from the format's grammar
 * (every line a comment, blank, or {@code name{label="value",...} value}, label values with their escapes, and
 * every sample of a family declared by its {@code # TYPE} line). Both give the same samples; {@link #quantile}
 * computes a quantile from a histogram's cumulative buckets the way PromQL's {@code histogram_quantile} does.
 */
public final class PrometheusText {

    /** Debian's Python, whose dist-packages hold python3-prometheus-client. */
    public static final Path PYTHON = Path.of("/usr/bin/python3");

    /** One sample: its full name (with _bucket, _count, ... suffix), labels and value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private PrometheusText() {
    }

    /** Whether the reference parser is installed here. */
    public static boolean referenceAvailable() {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import prometheus_client.parser")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The samples as the reference parser reads them ({@code text_string_to_metric_families}).
     *
     * @throws AssertionError when the parser rejects the text, with its message
     */
    public static List<Sample> parseWithReference(String text, Path scratch) throws IOException, InterruptedException {
        Path file = scratch.resolve("scrape.txt");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        String script = String.join("\n",
                "import json, sys",
                "from prometheus_client.parser import text_string_to_metric_families",
                "out = []",
                "for fam in text_string_to_metric_families(open(sys.argv[1], encoding='utf-8').read()):",
                "    for s in fam.samples:",
                "        out.append({'name': s.name, 'labels': s.labels, 'value': s.value})",
                "print(json.dumps(out))");
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", script, file.toString()).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("the reference parser rejected the scrape: " + err);
        }
        JsonMapper json = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
        List<Sample> samples = new ArrayList<>();
        for (JsonNode s : json.readTree(out)) {
            Map<String, String> labels = new LinkedHashMap<>();
            s.get("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            samples.add(new Sample(s.get("name").asText(), labels, s.get("value").asDouble()));
        }
        return samples;
    }

    /**
     * The samples as the strict line parser reads them.
     *
     * @throws AssertionError naming the line that breaks the format
     */
    public static List<Sample> parseStrict(String text) {
        Map<String, String> types = new HashMap<>();
        List<Sample> samples = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            String at = "line " + (n + 1) + " '" + line + "'";
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ");
                check(parts.length == 2 && NAME.matcher(parts[0]).matches()
                        && List.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[1]), at);
                check(types.put(parts[0], parts[1]) == null, at + ": a second TYPE line for " + parts[0]);
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            int i = 0;
            Matcher m = NAME.matcher(line);
            check(m.lookingAt(), at + ": no metric name");
            String name = m.group();
            i = m.end();
            Map<String, String> labels = new LinkedHashMap<>();
            if (i < line.length() && line.charAt(i) == '{') {
                i++;
                while (line.charAt(i) != '}') {
                    Matcher l = LABEL_NAME.matcher(line).region(i, line.length());
                    check(l.lookingAt(), at + ": bad label name at column " + i);
                    String label = l.group();
                    i = l.end();
                    check(line.startsWith("=\"", i), at + ": expected =\" at column " + i);
                    i += 2;
                    StringBuilder value = new StringBuilder();
                    while (line.charAt(i) != '"') {
                        char c = line.charAt(i++);
                        if (c == '\\') {
                            char e = line.charAt(i++);
                            check(e == '\\' || e == '"' || e == 'n', at + ": bad escape \\" + e);
                            value.append(e == 'n' ? '\n' : e);
                        } else {
                            value.append(c);
                        }
                    }
                    i++;
                    check(labels.put(label, value.toString()) == null, at + ": label " + label + " twice");
                    if (line.charAt(i) == ',') {
                        i++;
                    }
                }
                i++;
            }
            check(i < line.length() && line.charAt(i) == ' ', at + ": expected a space before the value");
            String[] rest = line.substring(i + 1).split(" ");
            check(rest.length == 1 || rest.length == 2, at + ": expected a value and an optional timestamp");
            double value = switch (rest[0]) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(rest[0]);
            };
            check(family(name, types) != null, at + ": no TYPE line declares its family");
            samples.add(new Sample(name, labels, value));
        }
        return samples;
    }

    private static String family(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : List.of("_bucket", "_count", "_sum", "_total", "_created")) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                if (types.containsKey(base)) {
                    return base;
                }
            }
        }
        return null;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("not Prometheus text format 0.0.4: " + what);
        }
    }

    /** The samples named {@code name} whose labels include every entry of {@code match}. */
    public static List<Sample> select(List<Sample> samples, String name, Map<String, String> match) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (s.name().equals(name) && s.labels().entrySet().containsAll(match.entrySet())) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The q-quantile of one histogram series from its {@code _bucket} samples, as PromQL's
     * {@code histogram_quantile} computes it: find the first bucket whose cumulative count reaches q times the
     * total, and interpolate linearly between its lower and upper bounds.
     *
     * @param buckets the series' {@code _bucket} samples (each with an {@code le} label), in any order
     * @throws AssertionError when the buckets are not cumulative or there is no +Inf bucket
     */
    public static double quantile(double q, List<Sample> buckets) {
        List<Sample> sorted = new ArrayList<>(buckets);
        sorted.sort(Comparator.comparingDouble(PrometheusText::le));
        check(!sorted.isEmpty() && Double.isInfinite(le(sorted.get(sorted.size() - 1))), "no +Inf bucket");
        double total = sorted.get(sorted.size() - 1).value();
        double previous = 0;
        for (Sample b : sorted) {
            check(b.value() >= previous, "buckets not cumulative at le=" + b.labels().get("le"));
            previous = b.value();
        }
        double rank = q * total;
        double lower = 0;
        double below = 0;
        for (Sample b : sorted) {
            double upper = le(b);
            if (b.value() >= rank) {
                if (Double.isInfinite(upper)) {
                    return lower; // as histogram_quantile: the highest finite bound
                }
                double inBucket = b.value() - below;
                return inBucket == 0 ? upper : lower + (upper - lower) * (rank - below) / inBucket;
            }
            lower = upper;
            below = b.value();
        }
        throw new AssertionError("unreachable: the +Inf bucket holds every observation");
    }

    private static double le(Sample s) {
        String le = s.labels().get("le");
        check(le != null, "a bucket without le: " + s);
        return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }
}

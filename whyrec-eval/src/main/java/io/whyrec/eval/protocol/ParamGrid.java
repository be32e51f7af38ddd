package io.whyrec.eval.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model parameters given on the command line as {@code MODEL.KEY=VALUE}, where a comma-separated list of values
 * is a grid: {@code ease.lambda=200,400,800} gives three configurations, {@code ease.lambda=400,itemknn.k=50} one
 * of each model (a comma followed by {@code MODEL.KEY=} starts the next parameter). Several keys of one model
 * give every combination of their values, in the order written (the last key varies fastest).
 */
public final class ParamGrid {

    private ParamGrid() {
    }

    /**
     * Reads the {@code --param} arguments: model name to key to its values, in the order given.
     *
     * @throws IllegalArgumentException naming the argument when one is not {@code MODEL.KEY=VALUE[,VALUE...]}
     *                                  or a key is given twice
     */
    public static Map<String, Map<String, List<String>>> parse(List<String> args) {
        Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
        for (String arg : args) {
            List<String> current = null;
            for (String token : arg.split(",", -1)) {
                int eq = token.indexOf('=');
                if (eq < 0) {
                    if (current == null || token.isBlank()) {
                        throw new IllegalArgumentException("--param " + arg + ": expected MODEL.KEY=VALUE[,VALUE...]"
                                + ", e.g. ease.lambda=400 or ease.lambda=200,400,800");
                    }
                    current.add(token.trim());
                    continue;
                }
                String key = token.substring(0, eq).trim();
                int dot = key.indexOf('.');
                if (dot <= 0 || dot == key.length() - 1 || token.substring(eq + 1).isBlank()) {
                    throw new IllegalArgumentException("--param " + arg + ": '" + token + "' is not MODEL.KEY=VALUE"
                            + ", e.g. ease.lambda=400");
                }
                Map<String, List<String>> model = out.computeIfAbsent(key.substring(0, dot), m -> new LinkedHashMap<>());
                String name = key.substring(dot + 1);
                if (model.containsKey(name)) {
                    throw new IllegalArgumentException("--param " + key + " is given twice (a grid is one "
                            + "comma-separated list: " + key + "=V1,V2)");
                }
                current = new ArrayList<>();
                current.add(token.substring(eq + 1).trim());
                model.put(name, current);
            }
        }
        return out;
    }

    /** Every combination of one model's values, as "key=value" overrides (the last key varies fastest). */
    public static List<Map<String, String>> combinations(Map<String, List<String>> values) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String v : e.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }
}

package io.whyrec.core.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one reading of "key=value" settings: the command line's {@code --param} and {@code --weighting}, the
 * server's model settings and the parameters stored in model files all become a {@code Params} and are read by
 * the configuration's {@code from(Params)}, which each configuration's {@code toSettings()} inverts. Every value
 * is text; the typed readers below parse it, so an unknown key or a bad value gives one message form, naming the
 * owner (a model or the weighting), the key, what was expected and what was given:
 * {@code ease: parameter 'lambda' must be a number > 0, got 'abc'}.
 *
 * <p>Values: integers and longs in decimal; numbers as Java writes doubles, and {@code inf} (or
 * {@code Infinity}) where a reader allows infinity; booleans {@code true}/{@code false}; choices by their
 * lower-case names, '-' and '_' alike; name lists as {@code a|b|c} ({@code none} or empty for none); weight maps
 * as {@code a:1.0|b:0.5}.
 */
public final class Params {

    private final String owner;
    private final Map<String, String> settings;

    private Params(String owner, Map<String, String> settings) {
        this.owner = owner;
        this.settings = Map.copyOf(settings);
    }

    /**
     * Settings of an owner, rejecting keys that are not in {@code known}.
     *
     * @param owner    the model or component the settings configure, named in messages
     * @param settings the "key=value" settings (null for none)
     * @param known    every key the owner reads
     * @throws IllegalArgumentException naming the owner, the unknown key and the known ones
     */
    public static Params of(String owner, Map<String, String> settings, Set<String> known) {
        Map<String, String> s = settings == null ? Map.of() : settings;
        for (String key : s.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(owner + ": unknown parameter '" + key + "' (known: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
        return new Params(owner, s);
    }

    /**
     * The parameters a model file stores (its {@code params()} as JSON read back: numbers, strings, lists and
     * objects), as settings: numbers written as Java writes them (so doubles read back bit for bit), lists as
     * {@code a|b}, objects as {@code key:value|...}. Keys the reader does not ask for are ignored, since a file
     * also stores derived values for reports.
     */
    public static Params stored(String owner, Map<String, ?> params) {
        Map<String, String> s = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : params.entrySet()) {
            if (e.getValue() != null) {
                s.put(e.getKey(), text(e.getValue()));
            }
        }
        return new Params(owner, s);
    }

    private static String text(Object value) {
        if (value instanceof Collection<?> list) {
            StringBuilder sb = new StringBuilder();
            for (Object v : list) {
                sb.append(sb.length() == 0 ? "" : "|").append(v);
            }
            return sb.toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append(sb.length() == 0 ? "" : "|").append(e.getKey()).append(':').append(e.getValue());
            }
            return sb.toString();
        }
        return String.valueOf(value);
    }

    /**
     * Refuses settings that lack one of the keys (a model file always stores what its reader needs, so a missing
     * one means the file is not what it claims).
     *
     * @return these settings
     * @throws IllegalArgumentException naming the owner and the first missing key
     */
    public Params require(String... keys) {
        for (String key : keys) {
            if (!settings.containsKey(key)) {
                throw new IllegalArgumentException(owner + ": parameter '" + key + "' is missing");
            }
        }
        return this;
    }

    /** The owner named in messages. */
    public String owner() {
        return owner;
    }

    /** Whether the key is set. */
    public boolean has(String key) {
        return settings.containsKey(key);
    }

    /** The settings whose keys are in {@code keys}, under the same owner (a part a component reads). */
    public Params only(Set<String> keys) {
        Map<String, String> s = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            if (keys.contains(k)) {
                s.put(k, v);
            }
        });
        return new Params(owner, s);
    }

    /** A copy where the given settings apply when absent here. */
    public Params withDefaults(Map<String, String> defaults) {
        Map<String, String> s = new LinkedHashMap<>(defaults);
        s.putAll(settings);
        return new Params(owner, s);
    }

    /** The settings, for messages and tests. */
    public Map<String, String> settings() {
        return settings;
    }

    /**
     * The message form every bad value shares.
     *
     * @param key      the key
     * @param expected what a value must be, e.g. "a number > 0"
     */
    public IllegalArgumentException error(String key, String expected) {
        return new IllegalArgumentException(owner + ": parameter '" + key + "' must be " + expected + ", got '"
                + settings.get(key) + "'");
    }

    /** The text of a setting, or the default when absent. */
    public String text(String key, String defaultValue) {
        String raw = settings.get(key);
        return raw == null ? defaultValue : raw.trim();
    }

    /** An integer at least {@code min}, or the default when absent. */
    public int intAtLeast(String key, int defaultValue, int min) {
        String raw = settings.get(key);
        if (raw == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min) {
                return value;
            }
        } catch (NumberFormatException e) {
            // the message below says what was expected
        }
        throw error(key, "an integer >= " + min);
    }

    /** A long integer (a seed), or the default when absent. */
    public long longValue(String key, long defaultValue) {
        String raw = settings.get(key);
        if (raw == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw error(key, "an integer in " + Long.MIN_VALUE + ".." + Long.MAX_VALUE);
        }
    }

    /** A finite number at least {@code min} (strictly greater when {@code strict}), or the default when absent. */
    public double number(String key, double defaultValue, double min, boolean strict) {
        return number(key, defaultValue, min, strict, false);
    }

    /**
     * A number at least {@code min} (strictly greater when {@code strict}) that may also be {@code inf}, or the
     * default when absent.
     */
    public double numberOrInfinity(String key, double defaultValue, double min, boolean strict) {
        return number(key, defaultValue, min, strict, true);
    }

    private double number(String key, double defaultValue, double min, boolean strict, boolean infinity) {
        String raw = settings.get(key);
        if (raw == null) {
            return defaultValue;
        }
        String t = raw.trim();
        double value = Double.NaN;
        if (infinity && (t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity"))) {
            value = Double.POSITIVE_INFINITY;
        } else {
            try {
                value = Double.parseDouble(t);
            } catch (NumberFormatException e) {
                // NaN: the message below says what was expected
            }
        }
        boolean ok = !Double.isNaN(value) && (infinity ? value != Double.NEGATIVE_INFINITY : Double.isFinite(value))
                && value >= min && !(strict && value == min);
        if (!ok) {
            throw error(key, (infinity ? "a number or inf " : "a number ") + (strict ? "> " : ">= ")
                    + (min == Math.rint(min) && Math.abs(min) < 1e15 ? Long.toString((long) min) : Double.toString(min)));
        }
        return value;
    }

    /** {@code true} or {@code false}, or the default when absent. */
    public boolean bool(String key, boolean defaultValue) {
        String raw = settings.get(key);
        if (raw == null) {
            return defaultValue;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(key, "true or false");
        };
    }

    /** One of an enum's constants by its lower-case name ('-' for '_'), or the default when absent. */
    public <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
        String raw = settings.get(key);
        if (raw == null) {
            return defaultValue;
        }
        String norm = raw.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        StringBuilder known = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(norm)) {
                return e;
            }
            known.append(known.length() == 0 ? "" : "|").append(choiceName(e));
        }
        throw error(key, "one of " + known);
    }

    /** The name {@link #choice} reads for a constant: lower case with '-' for '_'. */
    public static String choiceName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Names separated by '|' ({@code none} or empty for none), each of letters, digits, '_', '-' and '.', or
     * the default when absent.
     */
    public Set<String> names(String key, Set<String> defaultValue) {
        String raw = settings.get(key);
        if (raw == null) {
            return defaultValue;
        }
        String t = raw.trim();
        Set<String> out = new LinkedHashSet<>();
        if (t.isEmpty() || t.equalsIgnoreCase("none")) {
            return out;
        }
        for (String part : t.split("\\|", -1)) {
            String name = part.trim();
            if (name.isEmpty() || !name.chars().allMatch(
                    c -> Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
                throw error(key, "names of letters, digits, '_', '-' and '.' separated by '|' (e.g. dislike|skip) "
                        + "or 'none'");
            }
            out.add(name);
        }
        return out;
    }

    /** The text {@link #names} reads back. */
    public static String namesText(Set<String> names) {
        return names.isEmpty() ? "none" : String.join("|", names);
    }

    /** Finite weights by name, as {@code name:weight|...}, or the default when absent. */
    public Map<String, Double> weights(String key, Map<String, Double> defaultValue) {
        String raw = settings.get(key);
        if (raw == null) {
            return defaultValue;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        String t = raw.trim();
        if (t.isEmpty()) {
            return out;
        }
        for (String part : t.split("\\|", -1)) {
            int colon = part.lastIndexOf(':');
            String name = colon < 0 ? "" : part.substring(0, colon).trim();
            double w = Double.NaN;
            if (colon >= 0) {
                try {
                    w = Double.parseDouble(part.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    // NaN: refused below
                }
            }
            if (name.isEmpty() || !Double.isFinite(w) || out.containsKey(name)) {
                throw error(key, "distinct name:weight pairs with finite weights separated by '|' "
                        + "(e.g. click:0.3|purchase:1)");
            }
            out.put(name, w);
        }
        return out;
    }

    /** The text {@link #weights} reads back. */
    public static String weightsText(Map<String, Double> weights) {
        StringBuilder sb = new StringBuilder();
        weights.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "|").append(k).append(':').append(v));
        return sb.toString();
    }
}

package io.whyrec.core.model;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checked reading of "key=value" model overrides: every model's {@link ModelSpec#configure(Map)} goes through
 * here so that an unknown key or a bad value gives the same kind of message, naming the model, the key and what
 * was expected.
 */
public final class Params {

    private final String model;
    private final Map<String, String> overrides;

    private Params(String model, Map<String, String> overrides, Set<String> known) {
        this.model = model;
        this.overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        for (String key : this.overrides.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(model + ": unknown parameter '" + key + "' (known: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    /**
     * Starts reading the overrides of a model, rejecting keys that are not in {@code known}.
     *
     * @throws IllegalArgumentException naming the model, the unknown key and the known ones
     */
    public static Params of(String model, Map<String, String> overrides, Set<String> known) {
        return new Params(model, overrides, known);
    }

    /** An integer parameter at least {@code min}, or the default when absent. */
    public int intAtLeast(String key, int defaultValue, int min) {
        String raw = overrides.get(key);
        if (raw == null) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(model + ": parameter '" + key + "' must be an integer, got '" + raw + "'");
        }
        if (value < min) {
            throw new IllegalArgumentException(model + ": parameter '" + key + "' must be >= " + min + ", got " + value);
        }
        return value;
    }

    /** A finite number at least {@code min} (strictly greater when {@code strict}), or the default when absent. */
    public double number(String key, double defaultValue, double min, boolean strict) {
        String raw = overrides.get(key);
        if (raw == null) {
            return defaultValue;
        }
        double value;
        try {
            value = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(model + ": parameter '" + key + "' must be a number, got '" + raw + "'");
        }
        if (!Double.isFinite(value) || value < min || (strict && value == min)) {
            throw new IllegalArgumentException(model + ": parameter '" + key + "' must be " + (strict ? "> " : ">= ")
                    + min + ", got " + raw);
        }
        return value;
    }
}

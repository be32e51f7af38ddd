package io.whyrec.core.model;

import io.whyrec.api.History;
import io.whyrec.api.ItemScorer;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.core.profile.Histories;
import io.whyrec.core.profile.HistoryBuilder;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the history a given model reads: the seed-formula history under the model's weighting for a
 * {@link WeightedHistoryModel}, otherwise the binary history (every distinct item once, weight 1, or -1 when the
 * user's last event on it is of a default negative type such as dislike; see {@link Histories#binary}). Both are
 * signed, so an additive model scores the items that a disliked item would raise lower.
 *
 * <p>It also holds the one reading and writing of the history weighting that the collaborative models (EASE,
 * ItemKNN) take as a hyper-parameter: {@value #WEIGHTING_KEY}{@code =binary} (the binary history, the default)
 * or {@value #WEIGHTING_KEY}{@code =formula} with the keys of {@link EventWeighting#override} on top of
 * {@link EventWeighting#DEFAULT}. In code the binary choice is a {@code null} weighting.
 */
public final class ModelHistories {

    /** The override and parameter key that chooses the history weighting of a collaborative model. */
    public static final String WEIGHTING_KEY = "weighting";
    /** The value of {@value #WEIGHTING_KEY} for the binary history. */
    public static final String BINARY = "binary";
    /** The value of {@value #WEIGHTING_KEY} for the seed-formula history. */
    public static final String FORMULA = "formula";

    /** Every override key of the history weighting: {@value #WEIGHTING_KEY} and {@link EventWeighting#KEYS}. */
    public static final Set<String> WEIGHTING_KEYS;

    static {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(WEIGHTING_KEY);
        keys.addAll(EventWeighting.KEYS);
        WEIGHTING_KEYS = Collections.unmodifiableSet(keys);
    }

    /**
     * The formula weightings the collaborative models' tuning grids try beside the binary history: the disclosed
     * default ({@link EventWeighting#DEFAULT}: alpha 0.3, beta 0.7, half-life 180 days, rating heat), the default
     * with a 60-day half-life, and heat only (alpha 0, beta 1, half-life 180 days).
     */
    public static final List<EventWeighting> GRID_WEIGHTINGS = List.of(
            EventWeighting.DEFAULT,
            EventWeighting.DEFAULT.withHalfLifeDays(60),
            EventWeighting.DEFAULT.withMix(0.0, 1.0));

    private ModelHistories() {
    }

    /** The history of a user in a dataset, as the model expects it. */
    public static History of(ItemScorer model, Dataset data, int user) {
        if (model instanceof WeightedHistoryModel weighted) {
            return HistoryBuilder.build(data, user, weighted.weighting());
        }
        return Histories.binary(data, user);
    }

    /**
     * Reads the history weighting from a model's "key=value" overrides: {@code null} (the binary history) when
     * {@value #WEIGHTING_KEY} is absent or {@value #BINARY}; {@link EventWeighting#DEFAULT} with the formula keys
     * applied when it is {@value #FORMULA}. The caller checks for keys that are neither its own nor in
     * {@link #WEIGHTING_KEYS} (through {@link Params}).
     *
     * @param model     the model name, for messages
     * @param overrides the model's overrides (keys of other parameters are ignored here)
     * @throws IllegalArgumentException naming the model and the key when {@value #WEIGHTING_KEY} has another
     *                                  value, a formula key is given with the binary history, or a formula value
     *                                  is bad
     */
    public static EventWeighting weighting(String model, Map<String, String> overrides) {
        Map<String, String> formula = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (EventWeighting.KEYS.contains(e.getKey())) {
                formula.put(e.getKey(), e.getValue());
            }
        }
        String raw = overrides.get(WEIGHTING_KEY);
        String choice = raw == null ? BINARY : raw.trim().toLowerCase(Locale.ROOT);
        switch (choice) {
            case BINARY:
                if (!formula.isEmpty()) {
                    throw new IllegalArgumentException(model + ": parameter '" + formula.keySet().iterator().next()
                            + "' needs " + WEIGHTING_KEY + "=" + FORMULA + " (" + (raw == null ? "the default "
                            : "") + WEIGHTING_KEY + "=" + BINARY + " reads no formula parameter)");
                }
                return null;
            case FORMULA:
                try {
                    return EventWeighting.DEFAULT.override(formula);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(model + ": bad weighting parameter: " + e.getMessage(), e);
                }
            default:
                throw new IllegalArgumentException(model + ": parameter '" + WEIGHTING_KEY + "' must be " + BINARY
                        + " or " + FORMULA + ", got '" + raw + "'");
        }
    }

    /**
     * Adds a history weighting to a model's parameters: {@value #WEIGHTING_KEY} = {@value #BINARY} for
     * {@code null}, otherwise {@value #WEIGHTING_KEY} = {@value #FORMULA} followed by
     * {@link EventWeighting#describe()} (and the event-type heat weights when they differ from the defaults and
     * describe() leaves them out), which {@link #storedWeighting} reads back.
     */
    public static void describe(EventWeighting weighting, Map<String, Object> params) {
        if (weighting == null) {
            params.put(WEIGHTING_KEY, BINARY);
            return;
        }
        params.put(WEIGHTING_KEY, FORMULA);
        params.putAll(weighting.describe());
        if (!weighting.eventTypeWeights().equals(EventWeighting.DEFAULT_EVENT_TYPE_WEIGHTS)) {
            params.put("eventTypeWeights", weighting.eventTypeWeights());
        }
    }

    /**
     * Reads back the weighting {@link #describe} wrote into a model file's parameters: {@code null} (binary) when
     * {@value #WEIGHTING_KEY} is {@value #BINARY} or absent (files written before models took a weighting). The
     * decay rate is read as stored ({@code lambdaPerDay}), so the weights are bit for bit those of the saved model.
     *
     * @throws IOException naming the key when a stored value is missing or unreadable
     */
    public static EventWeighting storedWeighting(Map<String, Object> params) throws IOException {
        Object choice = params.get(WEIGHTING_KEY);
        if (choice == null || BINARY.equals(choice)) {
            return null;
        }
        if (!FORMULA.equals(choice)) {
            throw new IOException("stored parameter '" + WEIGHTING_KEY + "' is neither " + BINARY + " nor "
                    + FORMULA + ": " + choice);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : EventWeighting.KEYS) {
            Object v = params.get(key);
            if (v != null && !key.equals("halfLifeDays")) {
                settings.put(key, v.toString());
            }
        }
        try {
            EventWeighting w = EventWeighting.DEFAULT;
            Object types = params.get("eventTypeWeights");
            if (types != null) {
                if (!(types instanceof Map<?, ?> map)) {
                    throw new IOException("stored parameter 'eventTypeWeights' is not an object: " + types);
                }
                Map<String, Double> weights = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getValue() instanceof Number number)) {
                        throw new IOException("stored parameter 'eventTypeWeights' has a non-number for '"
                                + e.getKey() + "': " + e.getValue());
                    }
                    weights.put(String.valueOf(e.getKey()), number.doubleValue());
                }
                w = w.withEventTypeWeights(weights);
            }
            w = w.override(settings);
            double lambdaPerDay = StoredParams.doubleParam(params, "lambdaPerDay");
            return new EventWeighting(w.alpha(), w.beta(), lambdaPerDay, w.frequencyMode(), w.windowDays(),
                    w.heatSource(), w.maxRating(), w.eventTypeWeights(), w.dwellCapSeconds(), w.negativeTypes(),
                    w.negativeBelowRating());
        } catch (IllegalArgumentException e) {
            throw new IOException("stored weighting: " + e.getMessage(), e);
        }
    }
}

package io.whyrec.core.model;

import io.whyrec.api.History;
import io.whyrec.api.ItemScorer;
import io.whyrec.core.config.Params;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.core.profile.Histories;
import io.whyrec.core.profile.HistoryBuilder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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

    /** A model's own keys with the history weighting's ({@link #WEIGHTING_KEYS}) added. */
    public static Set<String> keys(String... own) {
        Set<String> keys = new LinkedHashSet<>(List.of(own));
        keys.addAll(WEIGHTING_KEYS);
        return Collections.unmodifiableSet(keys);
    }

    /**
     * Reads the history weighting from a model's settings (those of the command line, the server or a model
     * file): {@code null} (the binary history) when {@value #WEIGHTING_KEY} is absent or {@value #BINARY};
     * {@link EventWeighting#DEFAULT} with the formula keys applied when it is {@value #FORMULA}. Keys that are
     * not the weighting's are ignored here (the model's {@link Params#of} checks them).
     *
     * @throws IllegalArgumentException naming the model and the key when {@value #WEIGHTING_KEY} has another
     *                                  value, a formula key is given with the binary history, or a formula value
     *                                  is bad
     */
    public static EventWeighting weighting(Params p) {
        Params formula = p.only(EventWeighting.KEYS);
        String choice = p.text(WEIGHTING_KEY, BINARY).toLowerCase(Locale.ROOT);
        switch (choice) {
            case BINARY:
                if (!formula.settings().isEmpty()) {
                    throw new IllegalArgumentException(p.owner() + ": parameter '"
                            + new TreeSet<>(formula.settings().keySet()).first() + "' needs " + WEIGHTING_KEY + "="
                            + FORMULA + " (" + (p.has(WEIGHTING_KEY) ? "" : "the default ") + WEIGHTING_KEY + "="
                            + BINARY + " reads no formula parameter)");
                }
                return null;
            case FORMULA:
                return EventWeighting.DEFAULT.override(formula);
            default:
                throw p.error(WEIGHTING_KEY, BINARY + " or " + FORMULA);
        }
    }

    /**
     * The parameters a model file stores, as settings for the configuration's {@code from}: the given keys must
     * be there, and {@code lambdaPerDay} too when the file holds a formula weighting.
     *
     * @throws IllegalArgumentException naming the model and the missing key
     */
    public static Params stored(String model, Map<String, Object> params, String... required) {
        Params p = Params.stored(model, params).require(required);
        if (FORMULA.equals(p.text(WEIGHTING_KEY, BINARY).toLowerCase(Locale.ROOT))) {
            p.require("lambdaPerDay");
        }
        return p;
    }

    /** The settings {@link #weighting} reads back into the given weighting ({@code null}: binary). */
    public static Map<String, String> settings(EventWeighting weighting) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(WEIGHTING_KEY, weighting == null ? BINARY : FORMULA);
        if (weighting != null) {
            out.putAll(weighting.toSettings());
        }
        return out;
    }

    /**
     * Adds a history weighting to a model's parameters: {@value #WEIGHTING_KEY} = {@value #BINARY} for
     * {@code null}, otherwise {@value #WEIGHTING_KEY} = {@value #FORMULA} followed by
     * {@link EventWeighting#describe()} (and the event-type heat weights when they differ from the defaults and
     * describe() leaves them out), which {@link #weighting} reads back from the model file.
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

}

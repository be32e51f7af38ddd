package io.whyrec.core.profile;

import io.whyrec.core.config.Params;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How each event of a user's history is weighted: {@code w_t = s_t * (alpha * f_t + beta * h_t) * exp(-lambda * age_t)}.
 * This is the formula disclosed to users as the "main parameters" of the ranking (docs/interest-profile.md), and
 * the single place where its defaults live.
 *
 * <p>The sign s_t is +1 for an event in favour of its item and -1 for an event against it: an event whose type is
 * one of {@link #negativeTypes()}, or (with {@code heatSource = RATING}, or {@code AUTO} for events of type
 * "rating", and {@code negativeBelowRating > 0}) a rating below {@code negativeBelowRating}. The terms f_t, h_t and the decay stay non-negative for both signs:
 * <ul>
 *   <li>h_t of an event of a negative type is that type's entry in {@code eventTypeWeights}, or 1 when the type
 *       has none (whatever the heat source: the event's value is not read);</li>
 *   <li>h_t of a low rating v is {@code (negativeBelowRating - v) / negativeBelowRating}, in (0,1]: with threshold
 *       3, a rating of 2 gives 1/3 and a rating of 1 gives 2/3;</li>
 *   <li>f_t is counted among the user's events of the same sign (see {@link FrequencyMode}), so an event against
 *       an item never changes the weight of an event in favour of one, and the reverse.</li>
 * </ul>
 * The additive models read w_t as it is, so an event against item i lowers the score of every item that i raises.
 *
 * <p>Defaults, with their meaning and unit:
 * <ul>
 *   <li>{@code alpha = 0.3} (unitless): weight of the frequency term f_t.</li>
 *   <li>{@code beta = 0.7} (unitless): weight of the heat term h_t.</li>
 *   <li>{@code lambdaPerDay = ln 2 / 180} (per day): time decay; a half-life of 180 days, i.e. an event 180 days
 *       older than the reference time counts half as much. {@link #halfLifeDays()} gives ln 2 / lambda.</li>
 *   <li>{@code frequencyMode = ITEM}: f_t counts the user's events on the same item (see {@link FrequencyMode}).</li>
 *   <li>{@code windowDays = 0} (days): frequency is counted over events no older than this before the reference
 *       time; 0 means the whole history.</li>
 *   <li>{@code heatSource = AUTO}: h_t read per event type (see {@link HeatSource#AUTO}): ratings as
 *       value / maxRating, plays and other counts on a log scale, flags (value 1) at full heat.</li>
 *   <li>{@code maxRating = 5.0} (rating points): the top of the rating scale.</li>
 *   <li>{@code eventTypeWeights = {view 0.25, click 0.5, cart 0.75, buy 1.0, purchase 1.0, like 1.0}} (unitless, in [0,1]):
 *       heat per event type when {@code heatSource = EVENT_TYPE}; type names are matched case-insensitively.</li>
 *   <li>{@code dwellCapSeconds = 300} (seconds): dwell time at which heat saturates at 1 when
 *       {@code heatSource = DWELL}.</li>
 *   <li>{@code negativeTypes = {dislike, not_interested, skip}}: event types that count against their item; type
 *       names are matched case-insensitively.</li>
 *   <li>{@code negativeBelowRating = 0} (rating points): ratings strictly below it count against their item when
 *       {@code heatSource = RATING}; 0 means no rating counts against (so rating data weighs as before).</li>
 * </ul>
 *
 * @param alpha            weight of the frequency term, >= 0
 * @param beta             weight of the heat term, >= 0
 * @param lambdaPerDay     decay rate per day, >= 0 (0 = no decay)
 * @param frequencyMode    what f_t counts
 * @param windowDays       frequency window in days before the reference time, >= 0 (0 = whole history)
 * @param heatSource       where h_t comes from
 * @param maxRating        top of the rating scale, > 0 (RATING heat)
 * @param eventTypeWeights heat per lower-case event type, each in [0,1] (EVENT_TYPE heat)
 * @param dwellCapSeconds  dwell seconds at which heat reaches 1, > 0 (DWELL heat)
 * @param negativeTypes    lower-case event types that count against their item (may be empty)
 * @param negativeBelowRating rating below which a rated event counts against its item, in [0, maxRating]
 *                         (0 = off; RATING heat only)
 */
public record EventWeighting(double alpha, double beta, double lambdaPerDay, FrequencyMode frequencyMode,
                             double windowDays, HeatSource heatSource, double maxRating,
                             Map<String, Double> eventTypeWeights, double dwellCapSeconds,
                             Set<String> negativeTypes, double negativeBelowRating) {

    /** The event type whose value is a rating (what the MovieLens importers write). */
    public static final String RATING_TYPE = "rating";
    /** The event type of user-items and generic rows without one: a flag whose value, in [0,1], is its heat. */
    public static final String FLAG_TYPE = "interaction";
    /** The event type whose value is dwell seconds. */
    public static final String DWELL_TYPE = "dwell";
    /** Default alpha: weight of the frequency term (unitless). */
    public static final double DEFAULT_ALPHA = 0.3;
    /** Default beta: weight of the heat term (unitless). */
    public static final double DEFAULT_BETA = 0.7;
    /** Default half-life of the time decay, in days. */
    public static final double DEFAULT_HALF_LIFE_DAYS = 180.0;
    /** Default frequency window in days; 0 = the whole history. */
    public static final double DEFAULT_WINDOW_DAYS = 0.0;
    /** Default top of the rating scale (rating points). */
    public static final double DEFAULT_MAX_RATING = 5.0;
    /** Default dwell time at which heat saturates, in seconds. */
    public static final double DEFAULT_DWELL_CAP_SECONDS = 300.0;
    /** Default heat per event type (view < click < cart < buy), each in [0,1]. */
    public static final Map<String, Double> DEFAULT_EVENT_TYPE_WEIGHTS = orderedMap(
            "view", 0.25, "click", 0.5, "cart", 0.75, "buy", 1.0, "purchase", 1.0, "like", 1.0);
    /** Default event types that count against their item. */
    public static final Set<String> DEFAULT_NEGATIVE_TYPES = Collections.unmodifiableSet(
            new LinkedHashSet<>(java.util.List.of("dislike", "not_interested", "skip")));
    /** Default rating threshold for negative ratings, in rating points; 0 = no rating counts against its item. */
    public static final double DEFAULT_NEGATIVE_BELOW_RATING = 0.0;

    /** Seconds in a day: ages are measured in days. */
    public static final double SECONDS_PER_DAY = 86_400.0;

    /** The defaults listed in the class comment. */
    public static final EventWeighting DEFAULT = new EventWeighting(DEFAULT_ALPHA, DEFAULT_BETA,
            Math.log(2) / DEFAULT_HALF_LIFE_DAYS, FrequencyMode.ITEM, DEFAULT_WINDOW_DAYS, HeatSource.AUTO,
            DEFAULT_MAX_RATING, DEFAULT_EVENT_TYPE_WEIGHTS, DEFAULT_DWELL_CAP_SECONDS, DEFAULT_NEGATIVE_TYPES,
            DEFAULT_NEGATIVE_BELOW_RATING);

    /**
     * Weight 1 for every event in favour of its item and -1 for every event of a default negative type: alpha 0,
     * beta 1, constant heat 1, no decay. Unlike {@link Histories#binary}, a history built with it keeps repeated
     * events of an item.
     */
    public static final EventWeighting BINARY = new EventWeighting(0.0, 1.0, 0.0, FrequencyMode.ITEM, 0.0,
            HeatSource.CONSTANT, DEFAULT_MAX_RATING, DEFAULT_EVENT_TYPE_WEIGHTS, DEFAULT_DWELL_CAP_SECONDS,
            DEFAULT_NEGATIVE_TYPES, DEFAULT_NEGATIVE_BELOW_RATING);

    /** The keys {@link #override} reads. */
    public static final Set<String> KEYS = Set.of("alpha", "beta", "halfLifeDays", "lambdaPerDay", "frequency",
            "windowDays", "heat", "maxRating", "eventTypeWeights", "dwellCapSeconds", "negativeTypes",
            "negativeBelowRating");

    /**
     * What the frequency term f_t counts; both are normalised to [0,1]. Events are counted among the user's events
     * of the same sign as event t: for an event in favour of its item, only the events in favour count; for an
     * event against, only the events against.
     */
    public enum FrequencyMode {
        /**
         * f_t = (events of the user on item i_t inside the window) / (largest such count over the user's items):
         * the user's most repeated item gets 1; when every item occurs once, every f_t is 1.
         */
        ITEM,
        /**
         * f_t = mean over the facets of item i_t of (events of the user inside the window whose item has that
         * facet) / (events of the user inside the window): the average share of the user's recent activity that
         * the item's facets account for; 0 for items without facets or an empty window.
         */
        FACET
    }

    /** Where the heat term h_t in [0,1] of an event in favour of its item comes from. */
    public enum HeatSource {
        /**
         * h_t = value / maxRating (a rating of 4 on a 1-5 scale gives 0.8); a rating below a positive
         * negativeBelowRating counts against its item, with the heat given in the class comment.
         */
        RATING,
        /**
         * h_t = eventTypeWeights[event type]; an event type without a weight is an error, unless it is one of the
         * negative types (heat 1).
         */
        EVENT_TYPE,
        /** h_t = min(value, dwellCapSeconds) / dwellCapSeconds, value being dwell seconds. */
        DWELL,
        /** h_t = 1 for every event. */
        CONSTANT,
        /**
         * h_t chosen per event type, so that one log of mixed events, or a log of plays, weighs sensibly without
         * settings: type "rating" as {@link #RATING}; a type with an entry in eventTypeWeights as
         * {@link #EVENT_TYPE}; the count types ({@link #COUNT_TYPES}: plays, listens) on a log scale,
         * {@code h_t = min(1, ln(1 + value) / ln(1 + }{@value #COUNT_SATURATION}{@code ))}, so 1 play gives 0.10,
         * 30 plays 0.50 and 1,000 or more 1; type "dwell" as {@link #DWELL}; type "interaction" (what user-items
         * and generic logs without an event type hold) is a flag whose value, in [0,1], is its heat, so 1 (the
         * value of an event recorded without one) is full heat, and a value outside [0,1] is an error that says
         * which type to import it as rather than a guess; any other type as {@link #RATING}.
         */
        AUTO;

        /** Event types whose value is a count, read on a log scale by {@link #AUTO}. */
        public static final Set<String> COUNT_TYPES = Set.of("play", "plays", "listen", "count");
        /** The count at which {@link #AUTO} heat of a count type reaches 1. */
        public static final double COUNT_SATURATION = 1000;
    }

    /** Validates every parameter and copies the event-type map and the negative types with lower-case names. */
    public EventWeighting {
        requireFinite(alpha >= 0, "alpha", alpha, "must be >= 0");
        requireFinite(beta >= 0, "beta", beta, "must be >= 0");
        if (alpha == 0 && beta == 0) {
            throw new IllegalArgumentException("alpha and beta are both 0: every event would weigh 0");
        }
        requireFinite(lambdaPerDay >= 0, "lambdaPerDay", lambdaPerDay, "must be >= 0");
        requireFinite(windowDays >= 0, "windowDays", windowDays, "must be >= 0 (0 = whole history)");
        requireFinite(maxRating > 0, "maxRating", maxRating, "must be > 0");
        requireFinite(dwellCapSeconds > 0, "dwellCapSeconds", dwellCapSeconds, "must be > 0");
        Objects.requireNonNull(frequencyMode, "frequencyMode");
        Objects.requireNonNull(heatSource, "heatSource");
        Map<String, Double> types = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : Objects.requireNonNull(eventTypeWeights, "eventTypeWeights").entrySet()) {
            double v = e.getValue();
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("eventTypeWeights['" + e.getKey() + "'] = " + v
                        + ": must be in [0, 1]");
            }
            types.put(e.getKey().toLowerCase(Locale.ROOT), v);
        }
        eventTypeWeights = Collections.unmodifiableMap(types);
        Set<String> negative = new LinkedHashSet<>();
        for (String type : Objects.requireNonNull(negativeTypes, "negativeTypes")) {
            if (type == null || type.isBlank()) {
                throw new IllegalArgumentException("negativeTypes " + negativeTypes + ": a type name is empty");
            }
            negative.add(type.trim().toLowerCase(Locale.ROOT));
        }
        negativeTypes = Collections.unmodifiableSet(negative);
        requireFinite(negativeBelowRating >= 0 && negativeBelowRating <= maxRating, "negativeBelowRating",
                negativeBelowRating, "must be in [0, maxRating=" + maxRating + "] (0 = off)");
    }

    /** The half-life of the decay in days, ln 2 / lambda; infinite when lambda is 0. */
    public double halfLifeDays() {
        return lambdaPerDay == 0 ? Double.POSITIVE_INFINITY : Math.log(2) / lambdaPerDay;
    }

    /** The decay factor exp(-lambda * age) for an age in days. */
    public double decay(double ageDays) {
        return Math.exp(-lambdaPerDay * ageDays);
    }

    /** The magnitude of a weight, (alpha * f + beta * h) * decay, which is never negative. */
    public double weight(double frequency, double heat, double decay) {
        return (alpha * frequency + beta * heat) * decay;
    }

    /**
     * The signed weight of an event: {@link #weight(double, double, double)}, negated when the event counts against
     * its item.
     */
    public double weight(double frequency, double heat, double decay, boolean negative) {
        double w = weight(frequency, heat, decay);
        return negative ? -w : w;
    }

    /** Whether an event type counts against its item (case-insensitive). */
    public boolean isNegativeType(String eventType) {
        return negativeTypes.contains(eventType.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether an event counts against its item: its type is a negative type, or the heat source is RATING and its
     * value is below {@link #negativeBelowRating()} (never when that is 0).
     *
     * @param eventType the event's type name
     * @param value     the event's recorded value (rating, dwell seconds, count)
     */
    public boolean isNegative(String eventType, double value) {
        return isNegativeType(eventType) || isLowRating(eventType, value);
    }

    private boolean readsRating(String eventType) {
        return heatSource == HeatSource.RATING
                || heatSource == HeatSource.AUTO && eventType.equalsIgnoreCase(RATING_TYPE);
    }

    private boolean isLowRating(String eventType, double value) {
        return value < negativeBelowRating && readsRating(eventType);
    }

    /**
     * The heat of one event in [0,1]: for an event against its item the magnitude given in the class comment,
     * otherwise what the {@link HeatSource} says.
     *
     * @param eventType the event's type name
     * @param value     the event's recorded value (rating, dwell seconds, count)
     * @param where     a description of the event for error messages
     */
    public double heat(String eventType, double value, String where) {
        if (isNegativeType(eventType)) {
            return eventTypeWeights.getOrDefault(eventType.toLowerCase(Locale.ROOT), 1.0);
        }
        HeatSource source = heatSource;
        String type = eventType.toLowerCase(Locale.ROOT);
        if (source == HeatSource.AUTO) {
            if (type.equals(RATING_TYPE)) {
                source = HeatSource.RATING;
            } else if (eventTypeWeights.containsKey(type)) {
                source = HeatSource.EVENT_TYPE;
            } else if (type.equals(DWELL_TYPE)) {
                source = HeatSource.DWELL;
            } else if (HeatSource.COUNT_TYPES.contains(type)) {
                if (!(value >= 0)) {
                    throw new IllegalArgumentException(where + ": " + eventType + " count " + value
                            + " is negative or not a number");
                }
                return Math.min(1.0, Math.log1p(value) / Math.log1p(HeatSource.COUNT_SATURATION));
            } else if (type.equals(FLAG_TYPE)) {
                if (!(value >= 0 && value <= 1)) {
                    throw new IllegalArgumentException(where + ": an event of type '" + eventType + "' has value "
                            + value + ", and the heat of such an event (a flag) is its value in [0,1]; import counts"
                            + " with --event-type play (log-scale heat) or ratings with --event-type rating (value /"
                            + " maxRating)");
                }
                return value;
            } else {
                source = HeatSource.RATING;
            }
        }
        switch (source) {
            case CONSTANT:
                return 1.0;
            case RATING:
                if (!(value >= 0 && value <= maxRating)) {
                    throw new IllegalArgumentException(where + ": rating " + value + " is outside [0, maxRating="
                            + maxRating + "]; set maxRating, choose another heat source, or import counts with"
                            + " --event-type play");
                }
                if (isLowRating(eventType, value)) {
                    return (negativeBelowRating - value) / negativeBelowRating;
                }
                return value / maxRating;
            case DWELL:
                if (!(value >= 0)) {
                    throw new IllegalArgumentException(where + ": dwell time " + value + " is negative or not a number");
                }
                return Math.min(value, dwellCapSeconds) / dwellCapSeconds;
            case EVENT_TYPE:
                Double w = eventTypeWeights.get(type);
                if (w == null) {
                    throw new IllegalArgumentException(where + ": event type '" + eventType
                            + "' has no heat weight; known types: " + eventTypeWeights.keySet());
                }
                return w;
            default:
                throw new AssertionError(heatSource);
        }
    }

    /** A copy with another alpha and beta. */
    public EventWeighting withMix(double newAlpha, double newBeta) {
        return new EventWeighting(newAlpha, newBeta, lambdaPerDay, frequencyMode, windowDays, heatSource, maxRating,
                eventTypeWeights, dwellCapSeconds, negativeTypes, negativeBelowRating);
    }

    /** A copy with the decay given as a half-life in days (infinite = no decay). */
    public EventWeighting withHalfLifeDays(double days) {
        if (!(days > 0)) {
            throw new IllegalArgumentException("halfLifeDays = " + days + ": must be > 0 (Infinity = no decay)");
        }
        double lambda = Double.isInfinite(days) ? 0.0 : Math.log(2) / days;
        return new EventWeighting(alpha, beta, lambda, frequencyMode, windowDays, heatSource, maxRating,
                eventTypeWeights, dwellCapSeconds, negativeTypes, negativeBelowRating);
    }

    /** A copy with another frequency mode and window (days, 0 = whole history). */
    public EventWeighting withFrequency(FrequencyMode mode, double newWindowDays) {
        return new EventWeighting(alpha, beta, lambdaPerDay, mode, newWindowDays, heatSource, maxRating,
                eventTypeWeights, dwellCapSeconds, negativeTypes, negativeBelowRating);
    }

    /** A copy with another heat source. */
    public EventWeighting withHeat(HeatSource source) {
        return new EventWeighting(alpha, beta, lambdaPerDay, frequencyMode, windowDays, source, maxRating,
                eventTypeWeights, dwellCapSeconds, negativeTypes, negativeBelowRating);
    }

    /** A copy with other event-type heat weights. */
    public EventWeighting withEventTypeWeights(Map<String, Double> weights) {
        return new EventWeighting(alpha, beta, lambdaPerDay, frequencyMode, windowDays, heatSource, maxRating,
                weights, dwellCapSeconds, negativeTypes, negativeBelowRating);
    }

    /**
     * Applies the settings whose keys are in {@link #KEYS} and ignores the others (the caller's
     * {@link Params#of} rejects unknown keys). Keys: alpha, beta, halfLifeDays (days, "inf" = no decay) or
     * lambdaPerDay (the decay rate itself, as {@link #toSettings} writes it; when both are given they must agree),
     * frequency (item|facet), windowDays (days), heat (auto|rating|event-type|dwell|constant), maxRating,
     * eventTypeWeights (e.g. "view:0.25|buy:1"), dwellCapSeconds, negativeTypes (type names separated by '|',
     * e.g. "dislike|skip"; "none" or "" for no negative type), negativeBelowRating (rating points, 0 = off).
     *
     * @throws IllegalArgumentException naming the owner and the key when a value cannot be parsed or is out of
     *                                  range
     */
    public EventWeighting override(Params p) {
        double lambda = lambdaPerDay;
        if (p.has("lambdaPerDay")) {
            lambda = p.number("lambdaPerDay", lambdaPerDay, 0, false);
        }
        if (p.has("halfLifeDays")) {
            double days = p.numberOrInfinity("halfLifeDays", 0, 0, true);
            double fromDays = Double.isInfinite(days) ? 0.0 : Math.log(2) / days;
            if (p.has("lambdaPerDay") && Math.abs(fromDays - lambda) > 1e-9 * Math.max(fromDays, lambda)) {
                throw p.error("halfLifeDays", "ln 2 / lambdaPerDay (" + (lambda == 0 ? "inf" : Math.log(2) / lambda)
                        + ") when both are given");
            }
            if (!p.has("lambdaPerDay")) {
                lambda = fromDays;
            }
        }
        try {
            return new EventWeighting(p.number("alpha", alpha, 0, false), p.number("beta", beta, 0, false), lambda,
                    p.choice("frequency", FrequencyMode.class, frequencyMode), p.number("windowDays", windowDays, 0,
                    false), p.choice("heat", HeatSource.class, heatSource), p.number("maxRating", maxRating, 0, true),
                    p.weights("eventTypeWeights", eventTypeWeights), p.number("dwellCapSeconds", dwellCapSeconds, 0,
                    true), p.names("negativeTypes", negativeTypes), p.number("negativeBelowRating",
                    negativeBelowRating, 0, false));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(p.owner() + ": ")) {
                throw e;
            }
            throw new IllegalArgumentException(p.owner() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every parameter as the settings {@link #override} reads back into an equal weighting (the decay as
     * {@code lambdaPerDay}, so it reads back bit for bit).
     */
    public Map<String, String> toSettings() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("alpha", Double.toString(alpha));
        out.put("beta", Double.toString(beta));
        out.put("lambdaPerDay", Double.toString(lambdaPerDay));
        out.put("frequency", Params.choiceName(frequencyMode));
        out.put("windowDays", Double.toString(windowDays));
        out.put("heat", Params.choiceName(heatSource));
        out.put("maxRating", Double.toString(maxRating));
        out.put("eventTypeWeights", Params.weightsText(eventTypeWeights));
        out.put("dwellCapSeconds", Double.toString(dwellCapSeconds));
        out.put("negativeTypes", Params.namesText(negativeTypes));
        out.put("negativeBelowRating", Double.toString(negativeBelowRating));
        return out;
    }

    /** The parameters with stable keys, for reports and model params. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alpha", alpha);
        out.put("beta", beta);
        out.put("lambdaPerDay", lambdaPerDay);
        out.put("halfLifeDays", halfLifeDays());
        out.put("frequency", frequencyMode.name().toLowerCase(Locale.ROOT));
        out.put("windowDays", windowDays);
        out.put("heat", heatSource.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (heatSource == HeatSource.RATING || heatSource == HeatSource.AUTO) {
            out.put("maxRating", maxRating);
        } else if (heatSource == HeatSource.DWELL) {
            out.put("dwellCapSeconds", dwellCapSeconds);
        } else if (heatSource == HeatSource.EVENT_TYPE) {
            out.put("eventTypeWeights", eventTypeWeights);
        }
        out.put("negativeTypes", negativeTypes.isEmpty() ? "none" : String.join("|", negativeTypes));
        if (heatSource == HeatSource.RATING || heatSource == HeatSource.AUTO) {
            out.put("negativeBelowRating", negativeBelowRating);
        }
        return out;
    }

    private static void requireFinite(boolean ok, String name, double value, String rule) {
        if (!ok || Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " = " + value + ": " + rule + " and finite");
        }
    }

    private static Map<String, Double> orderedMap(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Double) kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}

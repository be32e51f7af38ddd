package io.whyrec.core.profile;

import io.whyrec.api.History;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.ItemCatalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a user's weighted history from a dataset: every event of the user, in chronological order, with each
 * term of {@code w_t = s_t * (alpha * f_t + beta * h_t) * exp(-lambda * age_t)} filled in as an
 * {@link WeightedEvent}, so the profile, the models and the explanations all show the same numbers.
 *
 * <p>The sign s_t is carried by {@link WeightedEvent#weight()} alone: an event that counts against its item
 * ({@link EventWeighting#isNegative}) has a negative weight, while its frequency, heat and decay fields hold the
 * non-negative terms, so a page can show them as for any other event.
 *
 * <p>The reference time for ages (and for the frequency window) is the user's latest event, or a given "now".
 * Repeated events of one item are kept as separate events; each carries the same frequency term, counted among
 * the events of its sign.
 */
public final class HistoryBuilder {

    private HistoryBuilder() {
    }

    /** The weighted history of a user, with ages measured from the user's latest event. */
    public static History build(Dataset data, int user, EventWeighting weighting) {
        checkUser(data, user);
        if (data.userSize(user) == 0) {
            return new History(user, List.of());
        }
        return build(data, user, weighting, data.timestamp(data.userEnd(user) - 1));
    }

    /**
     * The weighted history of a user, with ages measured from a given time.
     *
     * @param nowEpochSeconds the reference time in seconds since the epoch; must not precede any of the
     *                        user's events
     * @throws IllegalArgumentException when an event lies after {@code nowEpochSeconds}, or a value cannot be
     *                                  turned into heat (the message names the user, item and time)
     */
    public static History build(Dataset data, int user, EventWeighting weighting, long nowEpochSeconds) {
        checkUser(data, user);
        int start = data.userStart(user);
        int end = data.userEnd(user);
        if (end > start && data.timestamp(end - 1) > nowEpochSeconds) {
            throw new IllegalArgumentException("user '" + data.users().id(user) + "': event at "
                    + Instant.ofEpochSecond(data.timestamp(end - 1)) + " is after the reference time "
                    + Instant.ofEpochSecond(nowEpochSeconds));
        }
        boolean[] negative = new boolean[end - start];
        for (int e = start; e < end; e++) {
            negative[e - start] = weighting.isNegative(data.eventTypes().get(data.eventType(e)), data.value(e));
        }
        double[] frequency = frequencies(data, start, end, weighting, nowEpochSeconds, negative);
        List<WeightedEvent> events = new ArrayList<>(end - start);
        for (int e = start; e < end; e++) {
            long t = data.timestamp(e);
            String type = data.eventTypes().get(data.eventType(e));
            double heat = weighting.heat(type, data.value(e), where(data, user, e));
            double ageDays = (nowEpochSeconds - t) / EventWeighting.SECONDS_PER_DAY;
            double decay = weighting.decay(ageDays);
            double f = frequency[e - start];
            events.add(new WeightedEvent(data.item(e), t, f, heat, decay,
                    weighting.weight(f, heat, decay, negative[e - start])));
        }
        return new History(user, events);
    }

    /** The weighted histories of every user (empty for users without events), indexed by dense user. */
    public static History[] buildAll(Dataset data, EventWeighting weighting) {
        History[] out = new History[data.numUsers()];
        for (int u = 0; u < out.length; u++) {
            out[u] = build(data, u, weighting);
        }
        return out;
    }

    /**
     * The frequency term of each event of one user, normalised to [0,1] as {@link EventWeighting.FrequencyMode}
     * says, counted among the events of the same sign.
     */
    private static double[] frequencies(Dataset data, int start, int end, EventWeighting w, long now,
                                        boolean[] negative) {
        double[] out = new double[end - start];
        boolean anyNegative = false;
        for (boolean against : negative) {
            anyNegative |= against;
        }
        frequencies(data, start, end, w, now, negative, false, out);
        if (anyNegative) {
            frequencies(data, start, end, w, now, negative, true, out);
        }
        return out;
    }

    /** Fills {@code out} for the events whose sign flag equals {@code sign}, counting only those events. */
    private static void frequencies(Dataset data, int start, int end, EventWeighting w, long now,
                                    boolean[] negative, boolean sign, double[] out) {
        double windowSeconds = w.windowDays() * EventWeighting.SECONDS_PER_DAY;
        ItemCatalog catalog = data.catalog();
        if (w.frequencyMode() == EventWeighting.FrequencyMode.ITEM) {
            Map<Integer, Integer> counts = new HashMap<>();
            int max = 0;
            for (int e = start; e < end; e++) {
                if (negative[e - start] == sign && inWindow(data.timestamp(e), now, windowSeconds)) {
                    max = Math.max(max, counts.merge(data.item(e), 1, Integer::sum));
                }
            }
            for (int e = start; e < end; e++) {
                if (negative[e - start] == sign) {
                    out[e - start] = max == 0 ? 0.0 : counts.getOrDefault(data.item(e), 0) / (double) max;
                }
            }
        } else {
            int[] facetCounts = new int[catalog.facets().size()];
            int inWindow = 0;
            for (int e = start; e < end; e++) {
                if (negative[e - start] == sign && inWindow(data.timestamp(e), now, windowSeconds)) {
                    inWindow++;
                    for (int f : catalog.facetsOf(data.item(e))) {
                        facetCounts[f]++;
                    }
                }
            }
            for (int e = start; e < end; e++) {
                if (negative[e - start] != sign) {
                    continue;
                }
                int[] facets = catalog.facetsOf(data.item(e));
                if (inWindow == 0 || facets.length == 0) {
                    continue;
                }
                double sum = 0;
                for (int f : facets) {
                    sum += facetCounts[f] / (double) inWindow;
                }
                out[e - start] = sum / facets.length;
            }
        }
    }

    private static boolean inWindow(long t, long now, double windowSeconds) {
        return windowSeconds == 0 || now - t <= windowSeconds;
    }

    private static void checkUser(Dataset data, int user) {
        if (user < 0 || user >= data.numUsers()) {
            throw new IllegalArgumentException("user index " + user + " out of range [0, " + data.numUsers() + ")");
        }
    }

    private static String where(Dataset data, int user, int e) {
        return "user '" + data.users().id(user) + "', item '" + data.items().id(data.item(e)) + "', time "
                + data.timestamp(e);
    }
}

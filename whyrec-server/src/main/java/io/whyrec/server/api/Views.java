package io.whyrec.server.api;

import io.whyrec.api.EventAttribution;
import io.whyrec.api.Explanation;
import io.whyrec.api.FacetAttribution;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.data.ItemCatalog;
import io.whyrec.core.profile.InterestProfile;
import io.whyrec.core.profile.InterestSummary;
import io.whyrec.explain.narrate.Narration;
import io.whyrec.explain.narrate.TemplateNarrator;
import io.whyrec.server.feedback.ExplanationArms;
import io.whyrec.server.feedback.Feedback;
import io.whyrec.server.live.Lang;
import io.whyrec.server.live.ProfileSummary;
import io.whyrec.server.live.Ranker;
import io.whyrec.server.live.UserState;
import io.whyrec.server.store.StoredEvent;
import io.whyrec.server.store.TagAction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the responses, built as ordered maps so field order is stable: items, explanations, the
 * event timeline and the interest profile. Events are always named by the client's event id and item id, never by
 * dense index.
 */
public final class Views {

    private Views() {
    }

    /** An item: id, title, its tags (the user's hidden ones left out). */
    public static Map<String, Object> item(ItemInfo info, ItemCatalog catalog, int item) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("item", catalog.items().id(item));
        m.put("title", info.title(item));
        m.put("tags", info.facets(item));
        return m;
    }

    /**
     * An explanation in the one shape the REST responses, the page and {@code whyrec explain --json} share:
     * method, score, exactness error (exact explanations), the fidelity figures, the number of events with a
     * non-zero contribution and the {@code maxEvents} of them with the largest absolute contribution (largest
     * first) with their share, the item's facets, the counterfactual (when computed) and the sentence. Events are
     * named through {@code names} (event id, item id, time, type of a history position).
     *
     * @param x         the explanation
     * @param info      titles and facets (for the server, with the user's hidden facets left out)
     * @param names     the events of the history positions the explanation cites
     * @param lang      the language of the sentence
     * @param maxEvents how many events are listed, at most
     */
    public static Map<String, Object> explanation(Explanation x, ItemInfo info, EventNames names, Lang lang,
                                                  int maxEvents) {
        return explanation(x, info, names, Ranker.text(x, info, lang), null, maxEvents);
    }

    /**
     * The explanation as {@link #explanation(Explanation, ItemInfo, EventNames, Lang, int)} writes it, with the
     * sentence a narrator wrote and, after it, {@code "narrator": {"name", "requested", "grounded",
     * "rejections"}}: who wrote the text ("template" when the template answered), the narrator configured, whether
     * its sentence passed the grounding gate and, when it did not, why. With the template narrator (the default)
     * the block is left out and the shape is exactly the other overload's.
     */
    public static Map<String, Object> explanation(Explanation x, ItemInfo info, EventNames names, Narration narration,
                                                  int maxEvents) {
        return explanation(x, info, names, narration.text(), narration, maxEvents);
    }

    private static Map<String, Object> explanation(Explanation x, ItemInfo info, EventNames names, String text,
                                                   Narration narration, int maxEvents) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", x.method());
        m.put("score", x.score());
        double exactness = x.fidelity().get(io.whyrec.api.Fidelity.EXACTNESS_ERROR);
        if (!Double.isNaN(exactness)) {
            m.put("exactnessError", exactness);
        }
        m.put("fidelity", fidelity(x));
        List<EventAttribution> evs = largest(x.events(), maxEvents);
        m.put("nonZeroEvents", nonZeroEvents(x));
        double total = x.evidenceTotal();
        List<Map<String, Object>> events = new ArrayList<>();
        for (EventAttribution e : evs) {
            EventNames.Event named = names.at(e.position());
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("eventId", named.eventId());
            em.put("item", named.item());
            em.put("title", info.title(e.item()));
            em.put("ts", named.ts());
            em.put("type", named.type());
            em.put("weight", e.weight());
            em.put("contribution", e.contribution());
            em.put("share", total > 0 ? e.contribution() / total : 0.0);
            events.add(em);
        }
        m.put("events", events);
        List<Map<String, Object>> facets = new ArrayList<>();
        for (FacetAttribution f : x.facets()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("facet", f.facet());
            fm.put("contribution", f.contribution());
            fm.put("share", f.share());
            facets.add(fm);
        }
        m.put("facets", facets);
        if (x.counterfactual() != null) {
            var cf = x.counterfactual();
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("found", cf.found());
            cm.put("k", cf.k());
            List<String> removed = new ArrayList<>(cf.removedPositions().size());
            for (int p : cf.removedPositions()) {
                removed.add(names.at(p).eventId());
            }
            cm.put("removedEvents", removed);
            cm.put("originalRank", cf.originalRank());
            cm.put("newRank", cf.newRank());
            m.put("counterfactual", cm);
        }
        m.put("text", text);
        if (narration != null && !narration.requested().equals(TemplateNarrator.NAME)) {
            m.put("narrator", narrator(narration));
        }
        return m;
    }

    /** Who wrote a text: {@code {"name", "requested", "grounded", "rejections"}}. */
    private static Map<String, Object> narrator(Narration n) {
        Map<String, Object> nm = new LinkedHashMap<>();
        nm.put("name", n.narrator());
        nm.put("requested", n.requested());
        nm.put("grounded", n.grounded());
        nm.put("rejections", n.rejections());
        return nm;
    }

    /**
     * Adds, after the sentence (and the narrator block), what a feedback answer names: {@code "explanationId"} (see
     * {@link io.whyrec.server.feedback.ExplanationIds}), the user's {@code "arm"} of explanation styles,
     * {@code "armReasons"}, how many reasons the arm's sentence names (the page lists as many before "more"), and
     * {@code "armNarrated"}, whether the configured narrator writes the arm's single explanations
     * ({@code GET .../explanation}; the page asks for one when a Why? panel opens, to quote the narrator's
     * sentence when it passed the grounding gate).
     */
    public static Map<String, Object> tagged(Map<String, Object> explanation, String explanationId,
                                             ExplanationArms.Arm arm) {
        explanation.put("explanationId", explanationId);
        explanation.put("arm", arm.name());
        explanation.put("armReasons", arm.reasons());
        explanation.put("armNarrated", arm.narrated());
        return explanation;
    }

    /**
     * A stored explanation answer: user, item, explanation id, helpful, reason (null when none), then what the id
     * says (arm, model, model version, method, narrator, language) and the time in seconds since the epoch.
     */
    public static Map<String, Object> feedback(Feedback f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", f.user());
        m.put("item", f.item());
        m.put("explanationId", f.explanationId());
        m.put("helpful", f.helpful());
        m.put("reason", f.reason());
        m.put("arm", f.issued().arm());
        m.put("model", f.issued().model());
        m.put("modelVersion", f.issued().modelVersion());
        m.put("method", f.issued().method());
        m.put("narrator", f.issued().narrator());
        m.put("lang", f.issued().lang());
        m.put("ts", f.ts());
        return m;
    }

    /**
     * The explanation's fidelity figures by name, sorted (the exactness error of an exact explanation, the
     * additivity gap of leave-one-out, ...); figures that are not finite numbers are left out.
     */
    static Map<String, Double> fidelity(Explanation x) {
        Map<String, Double> out = new java.util.TreeMap<>();
        x.fidelity().figures().forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** How many of the explanation's events have a non-zero contribution. */
    static int nonZeroEvents(Explanation x) {
        int n = 0;
        for (EventAttribution e : x.events()) {
            n += e.contribution() != 0 ? 1 : 0;
        }
        return n;
    }

    /**
     * The at most {@code max} events with the largest non-zero absolute contribution, largest first (ties: earlier
     * position first), selected without sorting the whole history: one pass keeps the best m = min(max, events)
     * in a small sorted array, O(history x m).
     */
    static List<EventAttribution> largest(List<EventAttribution> events, int max) {
        int m = Math.max(0, Math.min(max, events.size()));
        EventAttribution[] best = new EventAttribution[m];
        int n = 0;
        for (EventAttribution e : events) {
            double a = Math.abs(e.contribution());
            if (a == 0 || m == 0 || (n == m && a <= Math.abs(best[n - 1].contribution()))) {
                continue;
            }
            int i = n < m ? n++ : m - 1;
            while (i > 0 && Math.abs(best[i - 1].contribution()) < a) {
                best[i] = best[i - 1];
                i--;
            }
            best[i] = e;
        }
        return java.util.Arrays.asList(best).subList(0, n);
    }

    /**
     * The user's event timeline, oldest first, with every term of w_t and whether the user excluded the event
     * from their recommendations (an excluded event is listed but read by no model).
     */
    public static List<Map<String, Object>> timeline(UserState s, History h, ItemInfo info) {
        List<Map<String, Object>> out = new ArrayList<>(h.size());
        for (int p = 0; p < h.size(); p++) {
            WeightedEvent w = h.event(p);
            StoredEvent e = s.events().get(p);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("eventId", e.eventId());
            m.put("item", e.item());
            m.put("title", info.title(w.item()));
            m.put("ts", e.ts());
            m.put("type", e.type());
            m.put("value", e.value());
            m.put("frequency", w.frequency());
            m.put("heat", w.heat());
            m.put("decay", w.decay());
            m.put("weight", w.weight());
            m.put("excluded", s.isExcluded(e.eventId()));
            out.add(m);
        }
        return out;
    }

    /**
     * The interest summary as shown, {@link #summary(InterestSummary)}'s keys and, when a narrator is configured,
     * {@code "narrator": {"name", "requested", "grounded", "rejections"}} as under an explanation's sentence: who
     * wrote the text ("template" when the template answered), the narrator configured, whether its summary passed
     * the grounding gate and, when it did not, why. A narrator's phrases are its sentences ({@code kind}
     * "narrated"), each with the facets and titles it names.
     */
    public static Map<String, Object> summary(ProfileSummary summary) {
        Map<String, Object> out = summary(summary.summary());
        if (summary.narration() != null) {
            out.put("narrator", narrator(summary.narration()));
        }
        return out;
    }

    /** The interest summary with stable keys: {"text", "phrases": [{"kind", "text", "facets", "items"}]}. */
    public static Map<String, Object> summary(InterestSummary summary) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("text", summary.text());
        List<Map<String, Object>> phrases = new ArrayList<>();
        for (InterestSummary.Phrase ph : summary.phrases()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", ph.kind());
            m.put("text", ph.text());
            m.put("facets", ph.facets());
            m.put("items", ph.items());
            phrases.add(m);
        }
        out.put("phrases", phrases);
        return out;
    }

    /** The interest profile: facets with weight, share and their evidence events (top {@code maxEvidence}). */
    public static List<Map<String, Object>> facets(InterestProfile p, UserState s, int maxEvidence) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (InterestProfile.FacetInterest f : p.facets()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("facet", f.name());
            m.put("weight", f.weight());
            m.put("share", f.share());
            m.put("events", f.evidence().size());
            List<Map<String, Object>> ev = new ArrayList<>();
            for (InterestProfile.Evidence e : f.evidence().subList(0, Math.min(maxEvidence, f.evidence().size()))) {
                Map<String, Object> em = new LinkedHashMap<>();
                em.put("eventId", s.events().get(e.position()).eventId());
                em.put("item", s.events().get(e.position()).item());
                em.put("title", e.title());
                em.put("weight", e.weight());
                em.put("contribution", e.contribution());
                ev.add(em);
            }
            m.put("evidence", ev);
            out.add(m);
        }
        return out;
    }

    /** Tags the user muted (listed so they can be unmuted); deleted tags are not shown. */
    public static List<String> muted(UserState s) {
        return s.edits().entrySet().stream().filter(e -> e.getValue() == TagAction.MUTED).map(Map.Entry::getKey)
                .sorted().toList();
    }
}

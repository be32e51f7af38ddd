package io.whyrec.server.live;

import io.whyrec.api.Counterfactual;
import io.whyrec.api.EventAttribution;
import io.whyrec.api.Explanation;
import io.whyrec.api.FacetAttribution;
import io.whyrec.api.ItemInfo;
import io.whyrec.server.store.StoredEvent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sentence shown in the "Why?" panel, in English or Chinese, built only from the numbers of the exact
 * explanation: the (at most three) events that contributed most with their share of the supporting evidence,
 * the facet of the item that carried most of it, and the counterfactual ("without these it would drop to rank
 * 14"). It cites only facets present in {@link Explanation#facets()}, which never holds a hidden facet.
 */
public final class ExplanationText {

    /** Supported languages. */
    public enum Lang {
        /** English. */
        EN,
        /** Simplified Chinese. */
        ZH;

        /** Parses "en" or "zh" (case-insensitive); null for anything else. */
        public static Lang parse(String s) {
            if (s == null) {
                return null;
            }
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "en" -> EN;
                case "zh" -> ZH;
                default -> null;
            };
        }
    }

    /** How many events a sentence names at most. */
    public static final int MAX_EVENTS = 3;

    private static final Map<String, String> VERB_EN = Map.of("rating", "rated", "view", "viewed", "click",
            "clicked", "cart", "added to your cart", "buy", "bought", "purchase", "bought");
    private static final Map<String, String> VERB_ZH = Map.of("rating", "评价过", "view", "浏览过", "click", "点击过",
            "cart", "加入购物车的", "buy", "购买过", "purchase", "购买过");

    private ExplanationText() {
    }

    /**
     * Renders the sentence of an explanation.
     *
     * @param x      the explanation (events in the order of the user's history)
     * @param events the user's events, same order, for the verbs
     * @param info   titles (and the user's visible facets)
     * @param lang   the language
     */
    public static String render(Explanation x, List<StoredEvent> events, ItemInfo info, Lang lang) {
        List<EventAttribution> support = new ArrayList<>();
        for (EventAttribution e : x.events()) {
            if (e.contribution() > 0) {
                support.add(e);
            }
        }
        support.sort(Comparator.comparingDouble(EventAttribution::contribution).reversed()
                .thenComparingInt(EventAttribution::position));
        boolean zh = lang == Lang.ZH;
        if (support.isEmpty()) {
            return zh ? "你的历史中没有支持这一项的记录；它只是补足了列表。"
                    : "Nothing in your history supports this item; it only fills the list.";
        }
        StringBuilder sb = new StringBuilder(zh ? "因为你" : "Because you ");
        List<String> parts = new ArrayList<>();
        String lastVerb = null;
        for (int i = 0; i < Math.min(MAX_EVENTS, support.size()); i++) {
            EventAttribution e = support.get(i);
            String type = events.get(e.position()).type().toLowerCase(Locale.ROOT);
            String verb = zh ? VERB_ZH.getOrDefault(type, "互动过") : VERB_EN.getOrDefault(type, "interacted with");
            String title = info.title(e.item());
            String pct = String.format(Locale.ROOT, "%.0f%%", 100 * x.share(e));
            String head = verb.equals(lastVerb) ? "" : verb + (zh ? "" : " ");
            parts.add(zh ? head + "《" + title + "》（" + pct + "）" : head + title + " (" + pct + ")");
            lastVerb = verb;
        }
        sb.append(join(parts, zh));
        if (support.size() > MAX_EVENTS) {
            sb.append(zh ? String.format(Locale.ROOT, "等 %d 项", support.size())
                    : String.format(Locale.ROOT, " and %d more", support.size() - MAX_EVENTS));
        }
        if (!x.facets().isEmpty() && x.facets().get(0).contribution() > 0) {
            FacetAttribution f = x.facets().get(0);
            String pct = String.format(Locale.ROOT, "%.0f%%", 100 * f.share());
            sb.append(zh ? "，而且它符合你对 " + f.facet() + " 的兴趣（" + pct + "）。"
                    : ", and it matches your interest in " + f.facet() + " (" + pct + ").");
        } else {
            sb.append(zh ? "。" : ".");
        }
        Counterfactual cf = x.counterfactual();
        if (cf != null && cf.found()) {
            List<String> titles = cf.removedItems().stream().map(info::title).distinct().toList();
            String list = titles.size() <= MAX_EVENTS ? join(quote(titles, zh), zh)
                    : join(quote(titles.subList(0, MAX_EVENTS), zh), zh)
                    + (zh ? "等 " + titles.size() + " 项" : " and " + (titles.size() - MAX_EVENTS) + " more");
            sb.append(zh ? " 如果没有" + list + "，它会降到第 " + cf.newRank() + " 位。"
                    : " Without " + list + " it would drop to rank " + cf.newRank() + ".");
        }
        return sb.toString();
    }

    private static List<String> quote(List<String> titles, boolean zh) {
        return zh ? titles.stream().map(t -> "《" + t + "》").toList() : titles;
    }

    private static String join(List<String> parts, boolean zh) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        String sep = zh ? "、" : ", ";
        String last = zh ? "和" : " and ";
        return String.join(sep, parts.subList(0, parts.size() - 1)) + last + parts.get(parts.size() - 1);
    }
}

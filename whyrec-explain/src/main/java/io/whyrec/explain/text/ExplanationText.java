package io.whyrec.explain.text;

import io.whyrec.api.Counterfactual;
import io.whyrec.api.EventAttribution;
import io.whyrec.api.Explanation;
import io.whyrec.api.FacetAttribution;
import io.whyrec.api.ItemInfo;

import java.text.MessageFormat;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ResourceBundle;

/**
 * Renders an explanation as a sentence in English or Chinese, e.g. "Recommended because you watched Alien
 * (contributes 41%) and Aliens (23%); it matches your interest in Sci-Fi." The reasons are the history items
 * with the largest positive contributions (events of the same item merged, shares of
 * {@link Explanation#evidenceTotal()}), then the facet with the largest positive contribution, then, if the
 * explanation carries a found counterfactual, what removing it would do (its most attributed events named
 * first). Percentages and numbers are
 * formatted with {@link NumberFormat} for the locale; every title and facet goes through {@link Evidence}.
 */
public final class ExplanationText {

    private static final String BUNDLE = "io.whyrec.explain.text.messages";

    private final Locale locale;
    private final ItemInfo info;
    private final TextConfig config;
    private final ResourceBundle bundle;

    /**
     * @param locale {@link Locale#ENGLISH} or {@link Locale#SIMPLIFIED_CHINESE} (any locale of language en or zh)
     * @param info   titles and facets
     * @param config how much to say
     */
    public ExplanationText(Locale locale, ItemInfo info, TextConfig config) {
        this.locale = Objects.requireNonNull(locale, "locale");
        String lang = locale.getLanguage();
        if (!lang.equals("en") && !lang.equals("zh")) {
            throw new IllegalArgumentException("no sentences for language \"" + lang + "\": use en or zh");
        }
        this.info = Objects.requireNonNull(info, "info");
        this.config = Objects.requireNonNull(config, "config");
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The renderer for a language code, "en" or "zh" (the command line's --lang). */
    public static ExplanationText forLanguage(String lang, ItemInfo info) {
        Locale locale = switch (lang) {
            case "en" -> Locale.ENGLISH;
            case "zh" -> Locale.SIMPLIFIED_CHINESE;
            default -> throw new IllegalArgumentException("--lang must be en or zh, got \"" + lang + "\"");
        };
        return new ExplanationText(locale, info, TextConfig.DEFAULT);
    }

    /** The locale sentences are written in. */
    public Locale locale() {
        return locale;
    }

    /** The explanation with its sentence set. */
    public Explanation apply(Explanation explanation) {
        return explanation.withText(render(explanation));
    }

    /**
     * The sentence for an explanation.
     *
     * @throws IllegalArgumentException when the explanation asks to name an item outside its history evidence
     *                                  or a facet the item does not have
     */
    public String render(Explanation x) {
        Evidence evidence = new Evidence(x, info);
        NumberFormat pct = NumberFormat.getPercentInstance(locale);
        pct.setMaximumFractionDigits(0);
        double total = x.evidenceTotal();
        // merge events of the same item, keep positive ones, largest first (ties: most recent event first)
        Map<Integer, double[]> byItem = new LinkedHashMap<>();
        for (EventAttribution e : x.events()) {
            double[] acc = byItem.computeIfAbsent(e.item(), i -> new double[2]);
            acc[0] += e.contribution();
            acc[1] = Math.max(acc[1], e.position());
        }
        List<Map.Entry<Integer, double[]>> reasons = new ArrayList<>();
        for (Map.Entry<Integer, double[]> en : byItem.entrySet()) {
            if (en.getValue()[0] > 0) {
                reasons.add(en);
            }
        }
        reasons.sort((a, b) -> {
            int c = Double.compare(b.getValue()[0], a.getValue()[0]);
            return c != 0 ? c : Double.compare(b.getValue()[1], a.getValue()[1]);
        });
        StringBuilder out = new StringBuilder();
        if (reasons.isEmpty() || total <= 0) {
            out.append(msg("sentence.none"));
        } else {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < Math.min(config.maxItems(), reasons.size()); i++) {
                Map.Entry<Integer, double[]> r = reasons.get(i);
                String share = pct.format(r.getValue()[0] / total);
                parts.add(msg(i == 0 ? "event.first" : "event.next", evidence.title(r.getKey()), share));
            }
            List<String> facetNames = new ArrayList<>();
            for (FacetAttribution f : x.facets()) {
                if (facetNames.size() >= config.maxFacets()) {
                    break;
                }
                if (f.contribution() > 0) {
                    facetNames.add(msg("facet", evidence.facet(f.facet())));
                }
            }
            if (facetNames.isEmpty()) {
                out.append(msg("sentence.events", join(parts)));
            } else {
                out.append(msg("sentence.events.facets", join(parts), join(facetNames)));
            }
        }
        Counterfactual cf = x.counterfactual();
        if (cf != null && cf.found() && cf.size() > 0) {
            // name the removed events that contributed most first
            List<Integer> byContribution = new ArrayList<>();
            for (int i = 0; i < cf.size(); i++) {
                byContribution.add(i);
            }
            byContribution.sort((a, b) -> Double.compare(contributionAt(x, cf.removedPositions().get(b)),
                    contributionAt(x, cf.removedPositions().get(a))));
            List<String> names = new ArrayList<>();
            int shown = Math.min(config.maxCounterfactualItems(), cf.size());
            for (int i = 0; i < shown; i++) {
                names.add(msg("item", evidence.title(cf.removedItems().get(byContribution.get(i)))));
            }
            String rank = NumberFormat.getIntegerInstance(locale).format(cf.newRank());
            out.append(locale.getLanguage().equals("en") ? " " : "");
            if (shown == cf.size()) {
                out.append(msg("counterfactual", join(names), rank));
            } else {
                out.append(msg("counterfactual.more", String.join(bundle.getString("list.separator"), names),
                        cf.size() - shown, rank));
            }
        }
        return out.toString();
    }

    private static double contributionAt(Explanation x, int position) {
        return position >= 0 && position < x.events().size() ? x.events().get(position).contribution()
                : Double.NEGATIVE_INFINITY;
    }

    private String join(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        if (parts.size() == 2) {
            return msg("list.pair", parts.get(0), parts.get(1));
        }
        String head = String.join(bundle.getString("list.separator"), parts.subList(0, parts.size() - 1));
        return msg("list.last", head, parts.get(parts.size() - 1));
    }

    private String msg(String key, Object... args) {
        return new MessageFormat(bundle.getString(key), locale).format(args);
    }
}

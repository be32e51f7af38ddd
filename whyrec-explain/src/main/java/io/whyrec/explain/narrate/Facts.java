package io.whyrec.explain.narrate;

import io.whyrec.api.Counterfactual;
import io.whyrec.api.EventAttribution;
import io.whyrec.api.Explanation;
import io.whyrec.api.FacetAttribution;
import io.whyrec.api.ItemInfo;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a narrator may say about one explanation, computed once from the structured explanation: the reasons
 * (history items whose events' contributions sum to more than 0, largest first, each with its share), the
 * recommended item's facets with evidence and their shares, the counterfactual, and the sets the
 * {@link GroundingGate} checks a generated sentence against (the titles it may name, the percentages and the
 * whole numbers the explanation holds). A share is of the score above the baseline when every reason's share of
 * it is at most 100%, else of {@link Explanation#evidenceTotal()} (the rule of the template sentences), so a
 * narrator is handed the same figures the template prints.
 */
public final class Facts implements GroundingGate.Grounds {

    /** Most reasons handed to a narrator. */
    public static final int MAX_REASONS = 5;

    /**
     * One reason: a history item and its share.
     *
     * @param item  dense item index
     * @param title its title
     * @param share its events' summed contribution over the share's denominator (0..1 normally)
     */
    public record Reason(int item, String title, double share) {
    }

    /**
     * A facet of the recommended item with evidence in the explanation.
     *
     * @param name         the facet's name
     * @param share        its share of the positive evidence
     * @param contribution its contribution in score units
     */
    public record Facet(String name, double share, double contribution) {
    }

    private final Explanation explanation;
    private final ItemInfo info;
    private final String itemTitle;
    private final List<Reason> reasons;
    private final List<Facet> facets;
    private final Set<Integer> namedItems = new LinkedHashSet<>();
    private final List<Double> percents = new ArrayList<>();
    private final Set<Long> integers = new LinkedHashSet<>();

    private Facts(Explanation x, ItemInfo info) {
        this.explanation = x;
        this.info = info;
        this.itemTitle = info.title(x.item());
        // merge the events of one item; ties by the item's latest event (as the template orders them)
        Map<Integer, double[]> sums = new HashMap<>();
        for (EventAttribution e : x.events()) {
            double[] s = sums.computeIfAbsent(e.item(), k -> new double[] {0, -1});
            s[0] += e.contribution();
            s[1] = Math.max(s[1], e.position());
            if (e.contribution() != 0) {
                namedItems.add(e.item());
            }
        }
        List<Map.Entry<Integer, double[]>> positive = new ArrayList<>();
        for (Map.Entry<Integer, double[]> e : sums.entrySet()) {
            if (e.getValue()[0] > 0) {
                positive.add(e);
            }
        }
        positive.sort((a, b) -> {
            int c = Double.compare(b.getValue()[0], a.getValue()[0]);
            return c != 0 ? c : Double.compare(b.getValue()[1], a.getValue()[1]);
        });
        double raising = x.evidenceTotal();
        double attributed = x.score() - x.baseline();
        boolean ofScore = attributed > 0 && !positive.isEmpty()
                && positive.get(0).getValue()[0] <= attributed * (1 + 1e-9);
        double total = ofScore ? attributed : raising;
        List<Reason> rs = new ArrayList<>();
        for (Map.Entry<Integer, double[]> e : positive) {
            double sum = e.getValue()[0];
            if (rs.size() < MAX_REASONS) {
                rs.add(new Reason(e.getKey(), info.title(e.getKey()), total > 0 ? sum / total : 0));
            }
            // both denominators are figures of the explanation: the template may use either
            if (attributed > 0) {
                percents.add(sum / attributed);
            }
            if (raising > 0) {
                percents.add(sum / raising);
            }
        }
        this.reasons = List.copyOf(rs);
        for (EventAttribution e : x.events()) {
            if (e.contribution() != 0 && raising > 0) {
                percents.add(e.contribution() / raising);
            }
        }
        Set<String> own = new LinkedHashSet<>(info.facets(x.item()));
        List<Facet> fs = new ArrayList<>();
        for (FacetAttribution f : x.facets()) {
            if (own.contains(f.facet()) && f.contribution() > 0) {
                fs.add(new Facet(f.facet(), f.share(), f.contribution()));
                percents.add(f.share());
            }
        }
        fs.sort((a, b) -> Double.compare(b.contribution(), a.contribution()));
        this.facets = List.copyOf(fs);
        namedItems.add(x.item());
        if (x.rank() > 0) {
            integers.add((long) x.rank());
        }
        Counterfactual cf = x.counterfactual();
        if (cf != null) {
            namedItems.addAll(cf.removedItems());
            integers.add((long) cf.k());
            integers.add((long) cf.originalRank());
            integers.add((long) cf.newRank());
            for (long n = 1; n <= cf.size(); n++) {
                integers.add(n);
            }
        }
    }

    /** The facts of an explanation, with titles and facets from {@code info}. */
    public static Facts of(Explanation explanation, ItemInfo info) {
        return new Facts(Objects.requireNonNull(explanation, "explanation"), Objects.requireNonNull(info, "info"));
    }

    /** The explanation these facts are of. */
    public Explanation explanation() {
        return explanation;
    }

    /** Titles and facets. */
    public ItemInfo info() {
        return info;
    }

    /** The recommended item's title. */
    public String itemTitle() {
        return itemTitle;
    }

    /** The reasons, largest share first (at most {@link #MAX_REASONS}). */
    public List<Reason> reasons() {
        return reasons;
    }

    /** The top contributor, the reason a sentence must name; null when no event raises the score. */
    public Reason top() {
        return reasons.isEmpty() ? null : reasons.get(0);
    }

    /** The recommended item's facets with a positive contribution, largest first. */
    public List<Facet> facets() {
        return facets;
    }

    /** The facet with the largest contribution, or null when there is none. */
    public Facet topFacet() {
        return facets.isEmpty() ? null : facets.get(0);
    }

    /** Items a sentence may name: the recommended item, every event's item with a non-zero contribution, the counterfactual's. */
    public Set<Integer> namedItems() {
        return namedItems;
    }

    /** The fractions (0.41 for 41%) the explanation holds: reasons' shares on both denominators, events', facets'. */
    @Override
    public List<Double> percents() {
        return percents;
    }

    /** The whole numbers the explanation holds: ranks, the list length, counts of removed events. */
    @Override
    public Set<Long> integers() {
        return integers;
    }

    /** The titles of {@link #namedItems}. */
    @Override
    public List<String> groundTitles() {
        List<String> out = new ArrayList<>();
        for (int item : namedItems) {
            out.add(info.title(item));
        }
        return out;
    }

    /** The top contributor's title, or null when no event raises the score. */
    @Override
    public String requiredTitle() {
        return reasons.isEmpty() ? null : reasons.get(0).title();
    }

    /** None: a sentence need not name a facet. */
    @Override
    public String requiredFacet() {
        return null;
    }

    /** The names of {@link #facets}. */
    @Override
    public List<String> groundFacets() {
        return facets.stream().map(Facet::name).toList();
    }

    @Override
    public String subject() {
        return "explanation";
    }

    @Override
    public String facetScope() {
        return "a facet of \"" + itemTitle + "\" with evidence in the explanation";
    }

    /**
     * The structured explanation as the lines of a prompt, in the language of {@code locale}, with percentages
     * formatted as the template formats them (no decimals).
     */
    public String promptFacts(Locale locale) {
        boolean zh = locale.getLanguage().equals("zh");
        NumberFormat pct = NumberFormat.getPercentInstance(locale);
        pct.setMaximumFractionDigits(0);
        StringBuilder sb = new StringBuilder();
        sb.append(zh ? "语言：中文\n" : "Language: English\n");
        sb.append(zh ? "推荐的条目：" : "Recommended item: ").append('"').append(itemTitle).append("\"\n");
        if (reasons.isEmpty()) {
            sb.append(zh ? "理由：历史记录中没有提高得分的事件\n" : "Reasons: no event of the history raises its score\n");
        } else {
            sb.append(zh ? "理由（历史中的条目，贡献从大到小，占得分的比例）：\n"
                    : "Reasons (history items, largest contribution first, share of the score):\n");
            for (int i = 0; i < reasons.size(); i++) {
                Reason r = reasons.get(i);
                sb.append(i + 1).append(". \"").append(r.title()).append("\": ").append(pct.format(r.share()))
                        .append('\n');
            }
        }
        if (!facets.isEmpty()) {
            sb.append(zh ? "推荐条目的类别（占证据的比例）：" : "Facets of the recommended item (share of the evidence): ");
            List<String> parts = new ArrayList<>();
            for (Facet f : facets) {
                parts.add(f.name() + " " + pct.format(f.share()));
            }
            sb.append(String.join(", ", parts)).append('\n');
        }
        Counterfactual cf = explanation.counterfactual();
        if (cf != null && cf.found() && cf.size() > 0) {
            List<String> titles = new ArrayList<>();
            for (int item : new LinkedHashSet<>(cf.removedItems())) {
                titles.add('"' + info.title(item) + '"');
            }
            sb.append(zh ? "反事实：去掉 " : "Counterfactual: without ").append(String.join(", ", titles))
                    .append(zh ? "（共 " + cf.size() + " 条记录），它会从第 " + cf.originalRank() + " 位降到第 "
                            + cf.newRank() + " 位（列表长度 " + cf.k() + "）\n"
                            : " (" + cf.size() + " events) it would fall from rank " + cf.originalRank()
                            + " to rank " + cf.newRank() + " (list length " + cf.k() + ")\n");
        }
        return sb.toString();
    }
}

package io.whyrec.explain.narrate;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a narrator may say in a user's interest summary, read off the interest profile by whoever summarises it
 * (the server's and the command line's profile): the strongest facets with their share of the weighted activity
 * and their strongest items, the share of the facets the template's "mostly" phrase names, the decade of most of
 * that evidence, the facet the history shifted to lately and the items driving the shift, and the template
 * summary itself, which answers whenever the narrator's is not grounded. The {@link GroundingGate} checks a
 * generated summary against these: every title, facet and number it names must be one of them, and it must name
 * the strongest facet.
 *
 * @param template     the template summary in the requested language (what is shown when the narrator's is not)
 * @param facets       the strongest facets, largest share first (at least one)
 * @param mostlyCount  how many of {@code facets}, from the first, the "mostly" phrase names
 * @param mostlyShare  their summed share of the weighted activity (0..1)
 * @param decade       the decade of most of their evidence (e.g. 1990), or null
 * @param latelyFacet  the facet the latest events lean to, or null
 * @param latelyTitles the recent items driving it (empty when {@code latelyFacet} is null)
 */
public record SummaryFacts(String template, List<Facet> facets, int mostlyCount, double mostlyShare,
                           Integer decade, String latelyFacet, List<String> latelyTitles)
        implements GroundingGate.Grounds {

    /**
     * One facet of the profile.
     *
     * @param name   the facet's name
     * @param share  its share of the weighted activity (0..1)
     * @param titles its strongest items' titles, strongest first
     */
    public record Facet(String name, double share, List<String> titles) {
        /** Copies the titles. */
        public Facet {
            Objects.requireNonNull(name, "name");
            titles = List.copyOf(titles);
        }
    }

    /** Checks and copies the fields. */
    public SummaryFacts {
        Objects.requireNonNull(template, "template");
        facets = List.copyOf(facets);
        latelyTitles = List.copyOf(latelyTitles);
        if (facets.isEmpty()) {
            throw new IllegalArgumentException("summary facts need at least one facet");
        }
        if (mostlyCount < 1 || mostlyCount > facets.size()) {
            throw new IllegalArgumentException("mostlyCount must be 1.." + facets.size() + ", got " + mostlyCount);
        }
    }

    /** Every title of the facts: the facets' strongest items and the recent ones. */
    @Override
    public List<String> groundTitles() {
        Set<String> out = new LinkedHashSet<>();
        for (Facet f : facets) {
            out.addAll(f.titles());
        }
        out.addAll(latelyTitles);
        return List.copyOf(out);
    }

    /** None: a summary need not name an item. */
    @Override
    public String requiredTitle() {
        return null;
    }

    /** The strongest facet. */
    @Override
    public String requiredFacet() {
        return facets.get(0).name();
    }

    /** The facets' names and the recent facet. */
    @Override
    public List<String> groundFacets() {
        Set<String> out = new LinkedHashSet<>();
        for (Facet f : facets) {
            out.add(f.name());
        }
        if (latelyFacet != null) {
            out.add(latelyFacet);
        }
        return List.copyOf(out);
    }

    /** Each facet's share and the "mostly" facets' summed share. */
    @Override
    public List<Double> percents() {
        List<Double> out = new ArrayList<>();
        for (Facet f : facets) {
            out.add(f.share());
        }
        out.add(mostlyShare);
        return out;
    }

    /** The decade, when there is one. */
    @Override
    public Set<Long> integers() {
        return decade == null ? Set.of() : Set.of((long) decade);
    }

    @Override
    public String subject() {
        return "interest summary";
    }

    @Override
    public String facetScope() {
        return "one of the profile's strongest or recent facets";
    }

    /** The rules a model is given for a summary: one or two sentences from the facts only. */
    public static String systemPrompt(Locale locale) {
        if (locale.getLanguage().equals("zh")) {
            return "你为推荐系统写用户的兴趣概要。用一到两句简体中文说明这位用户主要喜欢什么，以及（如果给出）最近更多看什么。"
                    + "只能使用给出的事实：必须提到第一个类别，标题必须原样照写并放在《》中，百分比必须与给出的数字一致，类别只能用给出的类别。"
                    + "不要提到任何其他标题、类别或数字。";
        }
        return "You write a user's interest summary for a recommender. In one or two English sentences, say what "
                + "the user mostly likes and, when it is given, what they like more lately. Use only the facts given: "
                + "name the first facet, write titles exactly as given, give percentages exactly as given and name "
                + "only the facets given. Do not mention any other title, facet or number.";
    }

    /** The facts as the lines of a prompt, in the language of {@code locale}, percentages without decimals. */
    public String promptFacts(Locale locale) {
        boolean zh = locale.getLanguage().equals("zh");
        NumberFormat pct = NumberFormat.getPercentInstance(locale);
        pct.setMaximumFractionDigits(0);
        StringBuilder sb = new StringBuilder();
        sb.append(zh ? "语言：中文\n" : "Language: English\n");
        sb.append(zh ? "兴趣类别（占加权活动的比例，从大到小；每个类别最强的条目）：\n"
                : "Interest facets (share of the weighted activity, largest first; each facet's strongest items):\n");
        for (int i = 0; i < facets.size(); i++) {
            Facet f = facets.get(i);
            sb.append(i + 1).append(". ").append(f.name()).append(": ").append(pct.format(f.share()));
            if (!f.titles().isEmpty()) {
                sb.append(" (").append(quoted(f.titles())).append(')');
            }
            sb.append('\n');
        }
        List<String> mostly = facets.subList(0, mostlyCount).stream().map(Facet::name).toList();
        sb.append(zh ? "主要类别：" : "Mostly: ").append(String.join(", ", mostly)).append(zh ? "，合计 " : ", together ")
                .append(pct.format(mostlyShare)).append('\n');
        if (decade != null) {
            sb.append(zh ? "这些证据多为 " + decade + " 年代的作品\n" : "Most of that evidence is from the " + decade
                    + "s\n");
        }
        if (latelyFacet != null) {
            sb.append(zh ? "最近更多：" : "Lately more: ").append(latelyFacet).append(zh ? "，来自 " : ", driven by ")
                    .append(quoted(latelyTitles)).append('\n');
        }
        return sb.toString();
    }

    private static String quoted(List<String> titles) {
        List<String> out = new ArrayList<>();
        for (String t : titles) {
            out.add('"' + t + '"');
        }
        return String.join(", ", out);
    }
}

package io.whyrec.core.profile;

import io.whyrec.core.profile.InterestProfile.Evidence;
import io.whyrec.core.profile.InterestProfile.FacetInterest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user's interest profile in one or two plain sentences, such as "Mostly Drama and Comedy (58% of your weighted
 * activity), from the 1990s; lately more Sci-Fi, driven by Alien and Aliens." Every facet, title and number it
 * names is read off the {@link InterestProfile} it summarises, so it is grounded by construction:
 *
 * <ul>
 *   <li><b>mostly</b>: the strongest facets, in profile order, until their shares reach half of the weighted
 *       activity (at most three), with their summed share; and the decade of most of their evidence when the
 *       titles carry a year ("Alien (1979)") and one decade holds at least 40% of the dated evidence weight;</li>
 *   <li><b>lately</b>: among the latest fifth of the history (at least three events), the facet whose share of the
 *       recent evidence exceeds its share of the whole profile by the most, when that excess is at least ten
 *       points and the facet has two or more recent events, with its two strongest recent events.</li>
 * </ul>
 *
 * Each phrase lists the facets it names, so that a user who answers "that's not me" to a phrase can mute
 * exactly those facets. English and Chinese templates; facet names and titles are not translated.
 *
 * @param text        the whole summary, empty when the profile has no facet
 * @param phrases     the phrases the text is made of, in order
 * @param mostlyShare the summed share of the weighted activity of the facets the "mostly" phrase names (0 when
 *                    there is no facet): the number its percentage shows
 * @param decade      the decade the "mostly" phrase names (e.g. 1990), or null when it names none
 */
public record InterestSummary(String text, List<Phrase> phrases, double mostlyShare, Integer decade) {

    /**
     * One phrase of the summary.
     *
     * @param kind   "mostly" or "lately"
     * @param text   the phrase as it stands in the summary
     * @param facets the facets the phrase names (muted together by "that's not me")
     * @param items  the titles the phrase names
     */
    public record Phrase(String kind, String text, List<String> facets, List<String> items) {
        /** Copies the lists. */
        public Phrase {
            facets = List.copyOf(facets);
            items = List.copyOf(items);
        }
    }

    /** Copies the phrases. */
    public InterestSummary {
        phrases = List.copyOf(phrases);
    }

    /** The share of the activity the "mostly" facets reach before the list stops. */
    static final double MOSTLY_SHARE = 0.5;
    /** At most this many facets in the "mostly" phrase. */
    static final int MOSTLY_MAX = 3;
    /** The share of dated evidence weight a decade needs to be named. */
    static final double DECADE_SHARE = 0.4;
    /** The latest fraction of the history that counts as "lately". */
    static final double RECENT_FRACTION = 0.2;
    /** At least this many events count as recent. */
    static final int RECENT_MIN = 3;
    /** How far (in share points) a facet's recent share must exceed its overall share to be named. */
    static final double TREND_MIN = 0.10;

    private static final Pattern YEAR = Pattern.compile("\\((\\d{4})\\)\\s*$");

    /**
     * Summarises a profile.
     *
     * @param profile the profile
     * @param lang    "en" or "zh"
     * @throws IllegalArgumentException for another language
     */
    public static InterestSummary of(InterestProfile profile, String lang) {
        boolean zh = switch (lang) {
            case "en" -> false;
            case "zh" -> true;
            default -> throw new IllegalArgumentException("interest summary: language must be en or zh, got '"
                    + lang + "'");
        };
        List<FacetInterest> facets = profile.facets();
        if (facets.isEmpty()) {
            return new InterestSummary("", List.of(), 0, null);
        }
        List<Phrase> phrases = new ArrayList<>();
        Mostly mostly = mostly(facets, zh);
        phrases.add(mostly.phrase());
        Phrase lately = lately(profile, zh);
        if (lately != null) {
            phrases.add(lately);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < phrases.size(); i++) {
            if (i > 0) {
                text.append(zh ? "；" : "; ");
            }
            text.append(phrases.get(i).text());
        }
        text.append(zh ? "。" : ".");
        return new InterestSummary(text.toString(), phrases, mostly.share(), mostly.decade());
    }

    /** The "mostly" phrase with the share and the decade it shows. */
    private record Mostly(Phrase phrase, double share, Integer decade) {
    }

    private static Mostly mostly(List<FacetInterest> facets, boolean zh) {
        List<String> names = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        double share = 0;
        List<Evidence> evidence = new ArrayList<>();
        for (FacetInterest f : facets) {
            names.add(f.name());
            shown.add(quoted(f.name(), zh));
            share += f.share();
            evidence.addAll(f.evidence());
            if (share >= MOSTLY_SHARE || names.size() == MOSTLY_MAX) {
                break;
            }
        }
        String decade = decade(evidence);
        String pct = String.format(Locale.ROOT, "%.0f%%", 100 * share);
        String text = zh
                ? "主要是" + join(shown, "、", "和") + "（占你加权活动的 " + pct + "）"
                        + (decade == null ? "" : "，多为" + decade + "年代的作品")
                : "Mostly " + join(shown, ", ", " and ") + " (" + pct + " of your weighted activity)"
                        + (decade == null ? "" : ", from the " + decade + "s");
        return new Mostly(new Phrase("mostly", text, names, List.of()), share,
                decade == null ? null : Integer.valueOf(decade));
    }

    /** The decade holding at least DECADE_SHARE of the dated evidence weight, or null. */
    private static String decade(List<Evidence> evidence) {
        Map<Integer, Double> byDecade = new HashMap<>();
        double dated = 0;
        Set<Integer> counted = new LinkedHashSet<>();
        for (Evidence e : evidence) {
            if (!counted.add(e.position())) {
                continue; // an event of an item with several of these facets counts once
            }
            Matcher m = YEAR.matcher(e.title());
            if (m.find()) {
                int d = Integer.parseInt(m.group(1)) / 10 * 10;
                byDecade.merge(d, e.weight(), Double::sum);
                dated += e.weight();
            }
        }
        if (dated <= 0) {
            return null;
        }
        int best = -1;
        double bestWeight = 0;
        for (Map.Entry<Integer, Double> d : byDecade.entrySet()) {
            if (d.getValue() > bestWeight || (d.getValue() == bestWeight && d.getKey() < best)) {
                best = d.getKey();
                bestWeight = d.getValue();
            }
        }
        return bestWeight / dated >= DECADE_SHARE ? Integer.toString(best) : null;
    }

    private static Phrase lately(InterestProfile profile, boolean zh) {
        int maxPosition = -1;
        for (FacetInterest f : profile.facets()) {
            for (Evidence e : f.evidence()) {
                maxPosition = Math.max(maxPosition, e.position());
            }
        }
        int recentCount = Math.max(RECENT_MIN, (int) Math.ceil(RECENT_FRACTION * (maxPosition + 1)));
        if (recentCount >= maxPosition + 1) {
            return null; // the whole history is recent: nothing to contrast
        }
        int from = maxPosition + 1 - recentCount;
        double recentTotal = 0;
        Map<String, Double> recent = new HashMap<>();
        for (FacetInterest f : profile.facets()) {
            for (Evidence e : f.evidence()) {
                if (e.position() >= from) {
                    recent.merge(f.name(), e.contribution(), Double::sum);
                    recentTotal += e.contribution();
                }
            }
        }
        if (recentTotal <= 0) {
            return null;
        }
        FacetInterest best = null;
        double bestExcess = TREND_MIN;
        for (FacetInterest f : profile.facets()) {
            long events = f.evidence().stream().filter(e -> e.position() >= from).count();
            double excess = recent.getOrDefault(f.name(), 0.0) / recentTotal - f.share();
            if (events >= 2 && excess >= bestExcess) {
                best = f;
                bestExcess = excess;
            }
        }
        if (best == null) {
            return null;
        }
        List<String> titles = new ArrayList<>();
        for (Evidence e : best.evidence()) { // by contribution descending
            if (e.position() >= from && !titles.contains(e.title())) {
                titles.add(e.title());
                if (titles.size() == 2) {
                    break;
                }
            }
        }
        String text = zh
                ? "最近更多" + quoted(best.name(), zh) + "，来自" + join(titles.stream().map(t -> "《" + t + "》").toList(), "、", "和")
                : "lately more " + quoted(best.name(), zh) + ", driven by " + join(titles, ", ", " and ");
        return new Phrase("lately", text, List.of(best.name()), titles);
    }

    /**
     * A facet name as the sentence shows it: in quotation marks when it holds a list separator (a discovered tag
     * such as "auto: space, alien"), so the list of facets still reads as a list; otherwise as it is.
     */
    private static String quoted(String facet, boolean zh) {
        boolean separator = facet.contains(",") || facet.contains("，") || facet.contains("、");
        if (!separator) {
            return facet;
        }
        return zh ? "“" + facet + "”" : "\"" + facet + "\"";
    }

    private static String join(List<String> parts, String comma, String and) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(comma, parts.subList(0, parts.size() - 1)) + and + parts.get(parts.size() - 1);
    }
}

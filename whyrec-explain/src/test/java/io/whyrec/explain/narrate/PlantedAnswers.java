package io.whyrec.explain.narrate;

import io.whyrec.api.Counterfactual;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Answers a narrator could give for a structured explanation, written from its facts: faithful ones (two
 * phrasings per language, naming the top contributor, true shares, the top facet, the true counterfactual) and
 * ones with one planted violation each (an invented title, a catalogue title the explanation does not hold, a
 * wrong share, a wrong rank, a facet that is not the item's with evidence, the top contributor left out). A
 * violation is planted only where the explanation lets it be one (a wrong share differs by at least 5 points from
 * every share of the explanation; a left-out top contributor needs a second reason that does not contain its
 * title); the seeded random choices pick the wrong values.
 */
final class PlantedAnswers {

    static final String[] INVENTED_EN = {"The Silent Harbor (1994)", "Midnight Orbit (1997)", "A River of Glass (1992)"};
    static final String[] INVENTED_ZH = {"《寂静港湾》", "《午夜轨道》", "《玻璃之河》"};

    private final Vocabulary vocabulary;
    private final SplittableRandom random;

    PlantedAnswers(Vocabulary vocabulary, long seed) {
        this.vocabulary = vocabulary;
        this.random = new SplittableRandom(seed);
    }

    /** The faithful answers for the facts in a language. */
    List<String> faithful(Facts f, Locale locale) {
        List<String> out = new ArrayList<>();
        if (f.top() == null) {
            return out;
        }
        boolean zh = zh(locale);
        Facts.Reason r1 = f.top();
        Facts.Reason r2 = f.reasons().size() > 1 ? f.reasons().get(1) : null;
        Facts.Facet facet = f.topFacet();
        if (zh) {
            out.add("推荐“" + f.itemTitle() + "”，主要因为你的记录中有“" + r1.title() + "”（占其得分的 " + pct(r1.share(), locale)
                    + "）" + (r2 == null ? "" : "和“" + r2.title() + "”（" + pct(r2.share(), locale) + "）")
                    + (facet == null ? "" : "，它符合你对“" + facet.name() + "”的兴趣") + "。");
            out.add("“" + r1.title() + "”贡献了" + pct(r1.share(), locale) + "的得分" + counterfactual(f, locale) + "。");
        } else {
            out.add(f.itemTitle() + " is recommended because of " + r1.title() + " (" + pct(r1.share(), locale)
                    + " of its score)" + (r2 == null ? "" : " and " + r2.title() + " (" + pct(r2.share(), locale) + ")")
                    + (facet == null ? "" : "; it fits your interest in " + facet.name()) + ".");
            out.add("Mostly " + r1.title() + ": it makes up " + pct(r1.share(), locale) + " of the score."
                    + counterfactual(f, locale));
        }
        return out;
    }

    /** One answer per violation kind that can be planted in these facts. */
    Map<GroundingGate.Kind, String> planted(Facts f, Locale locale) {
        Map<GroundingGate.Kind, String> out = new EnumMap<>(GroundingGate.Kind.class);
        if (f.top() == null) {
            return out;
        }
        boolean zh = zh(locale);
        Facts.Reason r1 = f.top();
        String share = pct(r1.share(), locale);
        // an invented title beside the true top reason
        int pick = random.nextInt(INVENTED_EN.length);
        out.put(GroundingGate.Kind.INVENTED_TITLE, zh
                ? "推荐给你，因为你的记录中有“" + r1.title() + "”（" + share + "）和" + INVENTED_ZH[pick] + "。"
                : "Recommended because of " + r1.title() + " (" + share + ") and " + INVENTED_EN[pick] + ".");
        // a real catalogue title that the explanation does not hold
        String other = otherTitle(f);
        if (other != null) {
            out.put(GroundingGate.Kind.UNGROUNDED_TITLE, zh
                    ? "推荐给你，因为你的记录中有“" + r1.title() + "”（" + share + "）和“" + other + "”。"
                    : "Recommended because of " + r1.title() + " (" + share + ") and " + other + " in your history.");
        }
        // a share at least 5 points from every share of the explanation
        Integer wrong = wrongPercent(f);
        if (wrong != null) {
            String w = wrong + "%";
            out.put(GroundingGate.Kind.WRONG_NUMBER, zh ? "“" + r1.title() + "”占其得分的 " + w + "。"
                    : r1.title() + " accounts for " + w + " of its score.");
        }
        // a facet of the catalogue that is not one of the item's with evidence
        String facet = otherFacet(f);
        if (facet != null) {
            out.put(GroundingGate.Kind.UNGROUNDED_FACET, zh
                    ? "推荐给你，因为你的记录中有“" + r1.title() + "”（" + share + "），它符合你对“" + facet + "”的兴趣。"
                    : "Recommended because of " + r1.title() + " (" + share + "); it matches your interest in "
                    + facet + ".");
        }
        // the second reason without the first
        if (f.reasons().size() > 1) {
            Facts.Reason r2 = f.reasons().get(1);
            String text = zh ? "推荐给你，因为你的记录中有“" + r2.title() + "”（" + pct(r2.share(), locale) + "）。"
                    : "Recommended because of " + r2.title() + " (" + pct(r2.share(), locale) + ") in your history.";
            boolean contains = false;
            for (String a : Vocabulary.aliases(r1.title())) {
                contains |= text.contains(a);
            }
            if (!contains) {
                out.put(GroundingGate.Kind.MISSING_TOP_CONTRIBUTOR, text);
            }
        }
        return out;
    }

    /** A wrong rank in the counterfactual clause (planted as a second WRONG_NUMBER case), or null. */
    String wrongRank(Facts f, Locale locale) {
        Counterfactual cf = f.explanation().counterfactual();
        if (f.top() == null || cf == null || !cf.found() || cf.size() == 0) {
            return null;
        }
        long rank;
        do {
            rank = 11 + random.nextInt(90);
        } while (f.integers().contains(rank));
        return zh(locale) ? "“" + f.top().title() + "”最重要；如果你的记录中没有它，它会降到第 " + rank + " 位。"
                : f.top().title() + " matters most; without it, it would fall to rank " + rank + ".";
    }

    private String counterfactual(Facts f, Locale locale) {
        Counterfactual cf = f.explanation().counterfactual();
        if (cf == null || !cf.found() || cf.size() == 0) {
            return "";
        }
        List<String> titles = new ArrayList<>();
        for (int item : new LinkedHashSet<>(cf.removedItems())) {
            titles.add(f.info().title(item));
        }
        if (titles.size() > 2) {
            return "";
        }
        if (zh(locale)) {
            return "；如果你的记录中没有“" + String.join("”和“", titles) + "”，它会降到第 " + cf.newRank() + " 位";
        }
        return " Without " + String.join(" and ", titles) + ", it would fall to rank " + cf.newRank() + ".";
    }

    private String otherTitle(Facts f) {
        List<String> titles = vocabulary.titles();
        for (int attempt = 0; attempt < 100; attempt++) {
            int i = random.nextInt(titles.size());
            String t = titles.get(i);
            if (f.namedItems().contains(i) || t.length() < 4 || !t.matches(".*\\(\\d{4}\\)$")) {
                continue;
            }
            boolean permittedElsewhere = false;  // the same title under another id of the explanation
            for (int j : f.namedItems()) {
                permittedElsewhere |= f.info().title(j).contains(t) || t.contains(f.info().title(j));
            }
            if (!permittedElsewhere) {
                return t;
            }
        }
        return null;
    }

    private Integer wrongPercent(Facts f) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int p = 1 + random.nextInt(99);
            boolean far = true;
            for (double s : f.percents()) {
                far &= Math.abs(s * 100 - p) >= 5;
            }
            if (far) {
                return p;
            }
        }
        return null;
    }

    private String otherFacet(Facts f) {
        List<String> candidates = new ArrayList<>();
        for (String facet : vocabulary.facets()) {
            boolean allowed = false;
            for (Facts.Facet a : f.facets()) {
                allowed |= a.name().equalsIgnoreCase(facet);
            }
            boolean inTitles = false;  // a facet word inside a title the answer names would be masked with it
            for (int j : f.namedItems()) {
                inTitles |= f.info().title(j).toLowerCase(Locale.ROOT).contains(facet.toLowerCase(Locale.ROOT));
            }
            if (!allowed && !inTitles) {
                candidates.add(facet);
            }
        }
        java.util.Collections.sort(candidates);
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    static String pct(double share, Locale locale) {
        NumberFormat pct = NumberFormat.getPercentInstance(locale);
        pct.setMaximumFractionDigits(0);
        return pct.format(share);
    }

    private static boolean zh(Locale locale) {
        return locale.getLanguage().equals("zh");
    }
}

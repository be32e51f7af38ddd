package io.whyrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Explanation;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.ImportFormat;
import io.whyrec.core.data.ImportRequest;
import io.whyrec.core.data.Importer;
import io.whyrec.core.data.Split;
import io.whyrec.core.model.CatalogItemInfo;
import io.whyrec.core.model.EaseConfig;
import io.whyrec.core.model.EaseSpec;
import io.whyrec.core.model.ModelHistories;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.core.profile.HistoryBuilder;
import io.whyrec.core.profile.InterestProfile;
import io.whyrec.core.profile.InterestProfiler;
import io.whyrec.explain.ScoringAdapter;
import io.whyrec.explain.counterfactual.CounterfactualConfig;
import io.whyrec.explain.counterfactual.CounterfactualExplainer;
import io.whyrec.explain.counterfactual.CounterfactualSearch;
import io.whyrec.explain.exact.ExactExplainer;
import io.whyrec.explain.text.ExplanationText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Over the WHOLE set, not a sample: every sentence generated for the top-10 of all 943 MovieLens 100K users
 * (ua.base, EASE lambda 400, exact attributions with a counterfactual, so sentences name reasons and removed
 * events) in English and Chinese, plus the "why do you think I like X?" answers for each user's top-3 facets,
 * names only titles of that user's history evidence and only facets the recommended item has. The check is
 * independent of the sentence builder's own guard: every occurrence of ANY catalogue title in a sentence must
 * lie inside an occurrence of a title of the user's history (so "Alien" inside "Aliens" is fine only if
 * "Aliens" is in the history), every Chinese 《title》 must be exactly a history title, and every facet named
 * must be one of the recommended item's facets.
 */
class ExplanationTextIT {

    @Test
    void everyNamedTitleIsInTheUsersHistoryEvidence() {
        String dir = System.getProperty("whyrec.shared.data", "../shared/data");
        Path ml = Path.of(dir, "ml-100k");
        Assumptions.assumeTrue(Files.isRegularFile(ml.resolve("ua.base")), "skipped: ../shared/data not found");
        Split split = Importer.importData(ImportRequest.of(ImportFormat.parse("ml100k"), ml.resolve("ua.base"))
                .withTest(ml.resolve("ua.test")).withItems(ml.resolve("u.item"))).split();
        Dataset train = split.train();
        Recommender ease = new EaseSpec().fit(train, new EaseConfig(400), Progress.NONE);
        ItemInfo info = new CatalogItemInfo(train.catalog());
        List<String> allTitles = new ArrayList<>();
        for (int i = 0; i < train.numItems(); i++) {
            allTitles.add(info.title(i));
        }
        CounterfactualExplainer explainer = new CounterfactualExplainer(new ExactExplainer(ease, info),
                new CounterfactualSearch(ease, CounterfactualConfig.DEFAULT));
        ExplanationText en = ExplanationText.forLanguage("en", info);
        ExplanationText zh = ExplanationText.forLanguage("zh", info);
        FacetEvidenceText facetEn = new FacetEvidenceText("en");
        FacetEvidenceText facetZh = new FacetEvidenceText("zh");
        InterestProfiler profiler = new InterestProfiler(train.catalog());
        Pattern enFacet = Pattern.compile("it matches your interest in ([^.;]+)\\.");
        Pattern zhFacetClause = Pattern.compile("它符合你对(.*?)的兴趣");
        Pattern zhQuoted = Pattern.compile("“([^”]+)”");
        long sentences = 0;
        long namedTitles = 0;
        long counterfactualClauses = 0;
        int users = 0;
        for (int u = 0; u < train.numUsers(); u++) {
            if (train.userSize(u) == 0) {
                continue;
            }
            users++;
            History h = ModelHistories.of(ease, train, u);
            Set<String> historyTitles = new HashSet<>();
            for (int item : h.items()) {
                historyTitles.add(info.title(item));
            }
            List<ScoredItem> top = ease.recommend(h, 10, ScoringAdapter.itemsOf(h));
            for (int r = 0; r < top.size(); r++) {
                Explanation x = explainer.explain(h, top.get(r).item(), r + 1);
                Set<String> itemFacets = new HashSet<>(info.facets(x.item()));
                String e = en.render(x);
                String z = zh.render(x);
                sentences += 2;
                counterfactualClauses += e.contains("Without ") ? 1 : 0;
                namedTitles += checkSpans(e, allTitles, historyTitles);
                namedTitles += checkSpans(z, allTitles, historyTitles);
                checkBracketed(z, historyTitles);
                Matcher m = enFacet.matcher(e);
                while (m.find()) {
                    for (String f : m.group(1).split(", | and ")) {
                        assertTrue(itemFacets.contains(f), "facet " + f + " not a facet of " + info.title(x.item())
                                + ": " + e);
                    }
                }
                // zh quotes titles and facets alike: inside the facet clause a quoted span is a facet of the item,
                // anywhere else a title of the user's history
                Matcher clause = zhFacetClause.matcher(z);
                String outside = z;
                if (clause.find()) {
                    Matcher f = zhQuoted.matcher(clause.group(1));
                    while (f.find()) {
                        assertTrue(itemFacets.contains(f.group(1)), "facet " + f.group(1) + ": " + z);
                    }
                    outside = z.substring(0, clause.start()) + z.substring(clause.end());
                }
                Matcher t = zhQuoted.matcher(outside);
                while (t.find()) {
                    assertTrue(historyTitles.contains(t.group(1)), "“" + t.group(1) + "” is not in the history: " + z);
                }
            }
            InterestProfile profile = profiler.profile(HistoryBuilder.build(train, u, EventWeighting.DEFAULT));
            for (InterestProfile.FacetInterest f : profile.facets().subList(0, Math.min(3, profile.facets().size()))) {
                for (String line : facetEn.lines(f, profile, EventWeighting.DEFAULT, 5)) {
                    sentences++;
                    namedTitles += checkSpans(line, allTitles, historyTitles);
                }
                for (String line : facetZh.lines(f, profile, EventWeighting.DEFAULT, 5)) {
                    sentences++;
                    namedTitles += checkSpans(line, allTitles, historyTitles);
                    checkBracketed(line, historyTitles);
                }
            }
        }
        System.out.printf("ExplanationTextIT: %d users, %d sentences, %d title mentions checked, %d English "
                + "recommendation sentences with a counterfactual clause%n", users, sentences, namedTitles,
                counterfactualClauses);
        assertEquals(943, users);
        assertTrue(namedTitles > 2 * 9430, "too few titles named: " + namedTitles);
    }

    /**
     * Every occurrence of a catalogue title must lie within an occurrence of a history title; returns how many
     * history-title occurrences the sentence has.
     */
    private static int checkSpans(String sentence, List<String> allTitles, Set<String> historyTitles) {
        List<int[]> allowed = new ArrayList<>();
        for (String t : historyTitles) {
            for (int p = sentence.indexOf(t); p >= 0; p = sentence.indexOf(t, p + 1)) {
                allowed.add(new int[] {p, p + t.length()});
            }
        }
        for (String t : allTitles) {
            for (int p = sentence.indexOf(t); p >= 0; p = sentence.indexOf(t, p + 1)) {
                boolean inside = false;
                for (int[] a : allowed) {
                    if (a[0] <= p && p + t.length() <= a[1]) {
                        inside = true;
                        break;
                    }
                }
                assertTrue(inside, "'" + t + "' is named but is not (part of) a title in the user's history: "
                        + sentence);
            }
        }
        return allowed.size();
    }

    private static void checkBracketed(String sentence, Set<String> historyTitles) {
        Matcher m = Pattern.compile("《(.*?)》").matcher(sentence);
        while (m.find()) {
            assertTrue(historyTitles.contains(m.group(1)), "《" + m.group(1) + "》 is not in the history: " + sentence);
        }
    }
}

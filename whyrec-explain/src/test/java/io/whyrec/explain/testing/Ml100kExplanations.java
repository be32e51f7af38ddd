package io.whyrec.explain.testing;

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
import io.whyrec.core.model.CatalogItemInfo;
import io.whyrec.core.model.EaseConfig;
import io.whyrec.core.model.EaseSpec;
import io.whyrec.core.model.ModelHistories;
import io.whyrec.explain.ScoringAdapter;
import io.whyrec.explain.counterfactual.CounterfactualConfig;
import io.whyrec.explain.counterfactual.CounterfactualExplainer;
import io.whyrec.explain.counterfactual.CounterfactualSearch;
import io.whyrec.explain.exact.ExactExplainer;
import io.whyrec.explain.narrate.Vocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The real explanations the narrator suites read: MovieLens 100K's ua.base (with u.item's titles and genres),
 * EASE with lambda 400, and exact attributions with a counterfactual, for the top-k of the first users.
 *
 * @param train      the training part of ua
 * @param ease       EASE fitted on it
 * @param info       the catalogue's titles and facets
 * @param vocabulary the names a narration may use
 * @param explainer  exact attributions with a counterfactual
 */
public record Ml100kExplanations(Dataset train, Recommender ease, ItemInfo info, Vocabulary vocabulary,
        CounterfactualExplainer explainer) {

    /**
     * Imports ML-100K from {@code -Dwhyrec.shared.data} (default {@code ../shared/data}) and fits EASE; skips the
     * calling test, saying where it looked, when the data is absent.
     *
     * @return the fixture
     */
    public static Ml100kExplanations load() {
        Path ml = Path.of(System.getProperty("whyrec.shared.data", "../shared/data"), "ml-100k");
        Assumptions.assumeTrue(Files.isRegularFile(ml.resolve("ua.base")),
                "skipped: ML-100K not found at " + ml + " (set -Dwhyrec.shared.data)");
        Dataset train = Importer.importData(ImportRequest.of(ImportFormat.parse("ml100k"), ml.resolve("ua.base"))
                .withTest(ml.resolve("ua.test")).withItems(ml.resolve("u.item"))).split().train();
        Recommender ease = new EaseSpec().fit(train, new EaseConfig(400), Progress.NONE);
        ItemInfo info = new CatalogItemInfo(train.catalog());
        return new Ml100kExplanations(train, ease, info, Vocabulary.of(info, train.numItems()),
                new CounterfactualExplainer(new ExactExplainer(ease, info),
                        new CounterfactualSearch(ease, CounterfactualConfig.DEFAULT)));
    }

    /**
     * Explains the top-k (history items excluded) of the first users with a history.
     *
     * @param maxUsers how many users with a history
     * @param k        how many items of each user's list
     * @return one list per user in user order, each the explanations of the user's top-k in rank order
     */
    public List<List<Explanation>> topExplanations(int maxUsers, int k) {
        List<List<Explanation>> out = new ArrayList<>();
        for (int u = 0; u < train.numUsers() && out.size() < maxUsers; u++) {
            if (train.userSize(u) == 0) {
                continue;
            }
            History h = ModelHistories.of(ease, train, u);
            List<ScoredItem> top = ease.recommend(h, k, ScoringAdapter.itemsOf(h));
            List<Explanation> xs = new ArrayList<>(top.size());
            for (int r = 0; r < top.size(); r++) {
                xs.add(explainer.explain(h, top.get(r).item(), r + 1));
            }
            out.add(xs);
        }
        return out;
    }
}

package io.whyrec.core.model;

import static io.whyrec.core.profile.WorkedExample.ALIEN;
import static io.whyrec.core.profile.WorkedExample.ANA;
import static io.whyrec.core.profile.WorkedExample.BLADE_RUNNER;
import static io.whyrec.core.profile.WorkedExample.CASABLANCA;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.History;
import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.core.profile.HistoryBuilder;
import io.whyrec.core.profile.ProfileEdits;
import io.whyrec.core.profile.WorkedExample;
import io.whyrec.core.synth.SyntheticConfig;
import io.whyrec.core.synth.SyntheticData;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Checks the profile model's scores on the worked example by hand, the exactness of its per-event contributions,
 * muting, and its spec.
 */
class ProfileModelTest {

    private static final double SQRT2 = Math.sqrt(2);

    private static History ana() {
        return HistoryBuilder.build(WorkedExample.dataset(), ANA, EventWeighting.DEFAULT);
    }

    /**
     * Interest of ana (InterestProfilerTest): Sci-Fi 1.2520458, Horror 0.75, Drama = Romance = 0.2539061.
     * With sqrt normalisation:
     * Alien (Sci-Fi, Horror)       = (1.2520458 + 0.75) / sqrt 2 = 1.4156602
     * Blade Runner (Sci-Fi)        = 1.2520458 / 1              = 1.2520458
     * Casablanca (Drama, Romance)  = (2 * 0.2539061) / sqrt 2   = 0.3590775
     * Per-event contributions to Alien, w_t * overlap / (|F_t| * sqrt 2):
     * 0.5 * 2 / (2 sqrt 2) = 0.3535534; 0.5020458 * 1 / (1 * sqrt 2) = 0.3550000; 0; 1.0 * 2 / (2 sqrt 2) = 0.7071068.
     */
    @Test
    void workedExampleScoresAndContributions() {
        ProfileModel model = new ProfileModel(WorkedExample.catalog(), ProfileModel.Config.DEFAULT);
        double[] s = new double[3];
        model.score(ana(), s);
        assertEquals(1.4156602, s[ALIEN], 1e-7);
        assertEquals(1.2520458, s[BLADE_RUNNER], 1e-7);
        assertEquals(0.3590775, s[CASABLANCA], 1e-7);
        assertArrayEquals(new double[] {0.3535534, 0.3550000, 0.0, 0.7071068}, model.contributions(ana(), ALIEN), 1e-7);
        assertEquals(List.of(ALIEN, BLADE_RUNNER), model.recommend(ana(), 2, null).stream()
                .map(ScoredItem::item).toList());
    }

    /** Count normalisation: Alien = (1.2520458 + 0.75) / 2 = 1.0010229. */
    @Test
    void countNormalisationIsTheMeanFacetInterest() {
        ProfileModel model = new ProfileModel(WorkedExample.catalog(),
                new ProfileModel.Config(EventWeighting.DEFAULT, ProfileModel.Normalisation.COUNT));
        double[] s = new double[3];
        model.score(ana(), s);
        assertEquals(1.0010229, s[ALIEN], 1e-7);
    }

    /**
     * Muting Sci-Fi: Blade Runner has no unmuted facet and scores 0; Alien keeps Horror only,
     * 0.75 / sqrt 1 = 0.75, built from the Horror halves of the two Alien events (0.25 and 0.5).
     */
    @Test
    void mutingRemovesTheFacetFromInterestAndItems() {
        ProfileModel model = new ProfileModel(WorkedExample.catalog(), ProfileModel.Config.DEFAULT)
                .muting(ProfileEdits.muting("Sci-Fi"));
        double[] s = new double[3];
        model.score(ana(), s);
        assertEquals(0.0, s[BLADE_RUNNER], 0.0);
        assertEquals(0.75, s[ALIEN], 1e-12);
        assertArrayEquals(new double[] {0.25, 0.0, 0.0, 0.5}, model.contributions(ana(), ALIEN), 1e-12);
        assertEquals(List.of("Sci-Fi"), model.params().get("muted"));
    }

    /** Property: on synthetic users, contributions sum to the score with relative error <= 1e-9, for every norm. */
    @Test
    void contributionsSumToTheScore() {
        SyntheticData data = SyntheticData.generate(SyntheticConfig.DEFAULT.withSize(40, 150), 11);
        Dataset d = data.dataset();
        SplittableRandom random = new SplittableRandom(5);
        for (ProfileModel.Normalisation norm : ProfileModel.Normalisation.values()) {
            ProfileModel model = new ProfileModel(d.catalog(), new ProfileModel.Config(EventWeighting.DEFAULT, norm))
                    .muting(ProfileEdits.muting(d.catalog().facets().id(0)));
            double[] s = new double[d.numItems()];
            for (int u = 0; u < d.numUsers(); u++) {
                History h = HistoryBuilder.build(d, u, model.weighting());
                model.score(h, s);
                for (int k = 0; k < 10; k++) {
                    int j = random.nextInt(d.numItems());
                    double sum = 0;
                    for (double c : model.contributions(h, j)) {
                        sum += c;
                    }
                    double err = Math.abs(sum - s[j]) / Math.max(Math.abs(s[j]), 1e-300);
                    assertTrue(s[j] == 0 ? sum == 0 : err <= 1e-9, norm + " user " + u + " item " + j + ": " + sum
                            + " vs " + s[j]);
                }
            }
        }
    }

    /** The one-pass contributions of several items equal the per-item ones bit for bit, muted facets included. */
    @Test
    void contributionsOfSeveralItemsEqualThePerItemOnes() {
        SyntheticData data = SyntheticData.generate(SyntheticConfig.DEFAULT.withSize(30, 150), 12);
        Dataset d = data.dataset();
        SplittableRandom random = new SplittableRandom(6);
        ProfileModel plain = new ProfileModel(d.catalog(), ProfileModel.Config.DEFAULT);
        ProfileModel muted = plain.muting(ProfileEdits.muting(d.catalog().facets().id(0)));
        for (ProfileModel model : List.of(plain, muted)) {
            for (int u = 0; u < d.numUsers(); u++) {
                History h = HistoryBuilder.build(d, u, model.weighting());
                int[] items = random.ints(10, 0, d.numItems()).toArray();
                double[][] all = model.contributions(h, items);
                assertEquals(items.length, all.length);
                for (int r = 0; r < items.length; r++) {
                    double[] one = model.contributions(h, items[r]);
                    assertEquals(one.length, all[r].length);
                    for (int t = 0; t < one.length; t++) {
                        assertEquals(Double.doubleToRawLongBits(one[t]), Double.doubleToRawLongBits(all[r][t]),
                                "user " + u + " item " + items[r] + " event " + t);
                    }
                }
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> plain.contributions(HistoryBuilder.build(d, 0, plain.weighting()), new int[] {d.numItems()}));
    }

    /**
     * On synthetic data, the top-10 items of almost every user carry one of the user's planted favourite facets
     * (measured: printed; asserted >= 0.9 of recommended items, excluding seen items).
     */
    @Test
    void recommendationsFollowPlantedFavourites() {
        SyntheticData data = SyntheticData.generate(SyntheticConfig.DEFAULT.withSize(100, 400), 3);
        Dataset d = data.dataset();
        Recommender model = new ProfileSpec().fit(d, ProfileModel.Config.DEFAULT, Progress.NONE);
        int hits = 0;
        int total = 0;
        for (int u = 0; u < d.numUsers(); u++) {
            BitSet seen = d.itemSetOf(u);
            List<String> fav = data.truth().get(u).favourites();
            for (ScoredItem r : model.recommend(HistoryBuilder.build(d, u, EventWeighting.DEFAULT), 10, seen::get)) {
                hits += d.catalog().item(r.item()).tags().stream().anyMatch(fav::contains) ? 1 : 0;
                total++;
            }
        }
        double share = hits / (double) total;
        System.out.printf("profile model: %.3f of top-10 items carry a planted favourite facet%n", share);
        assertTrue(share >= 0.9, "share " + share);
    }

    @Test
    void specConfiguresAndRejectsUnknownKeys() {
        ProfileSpec spec = new ProfileSpec();
        assertEquals("profile", spec.name());
        ProfileModel.Config c = spec.configure(Map.of("norm", "count", "halfLifeDays", "90"));
        assertEquals(ProfileModel.Normalisation.COUNT, c.normalisation());
        assertEquals(90.0, c.weighting().halfLifeDays(), 1e-9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> spec.configure(Map.of("lambda", "1")));
        assertTrue(e.getMessage().contains("'lambda'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> spec.configure(Map.of("norm", "l2")));
        assertEquals("profile: parameter 'norm' must be one of none|sqrt|count, got 'l2'", e.getMessage());
        assertEquals(6, spec.tuningGrid().stream().distinct().count());
        assertEquals(spec.defaults(), spec.tuningGrid().get(0));
        ProfileModel m = (ProfileModel) spec.fit(WorkedExample.dataset(), c, Progress.NONE);
        assertEquals(c.weighting(), m.weighting());
        assertEquals("count", m.params().get("norm"));
    }

    /**
     * The popularity prior multiplies item j's score by (1 + n_j)^gamma. With gamma = 1 and counts n = (3, 0, ...)
     * an item's score is (1 + n_j) times its score without prior, and the contributions still sum to it exactly.
     */
    @Test
    void popularityPriorScalesScoresAndKeepsContributionsExact() {
        int n = WorkedExample.catalog().size();
        int[] counts = new int[n];
        for (int j = 0; j < n; j++) {
            counts[j] = 3 * j;
        }
        ProfileModel plain = new ProfileModel(WorkedExample.catalog(), ProfileModel.Config.DEFAULT);
        ProfileModel prior = new ProfileModel(WorkedExample.catalog(),
                new ProfileModel.Config(EventWeighting.DEFAULT, ProfileModel.Normalisation.SQRT, 1.0), counts);
        History h = ana();
        double[] a = new double[n];
        double[] b = new double[n];
        plain.score(h, a);
        prior.score(h, b);
        for (int j = 0; j < n; j++) {
            assertEquals(a[j] * (1 + counts[j]), b[j], 1e-12);
            double sum = 0;
            for (double c : prior.contributions(h, j)) {
                sum += c;
            }
            assertEquals(b[j], sum, Math.max(1e-12, Math.abs(b[j]) * 1e-9));
        }
    }

    /** A saved profile model loads back with the same scores, prior and muted facets. */
    @Test
    void persistenceRoundTrip(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        int n = WorkedExample.catalog().size();
        int[] counts = new int[n];
        java.util.Arrays.fill(counts, 2);
        counts[0] = 9;
        ProfileModel model = new ProfileModel(WorkedExample.catalog(),
                new ProfileModel.Config(EventWeighting.DEFAULT.withHalfLifeDays(30), ProfileModel.Normalisation.COUNT,
                        0.5), counts)
                .muting(new ProfileEdits(java.util.Set.of("Horror"), java.util.Set.of(), java.util.Set.of()));
        java.nio.file.Path file = dir.resolve("p.model");
        io.whyrec.core.files.ModelFiles.save(model, file);
        ProfileModel loaded = (ProfileModel) Models.load(file);
        assertEquals(model.params(), loaded.params());
        double[] a = new double[n];
        double[] b = new double[n];
        model.score(ana(), a);
        loaded.score(ana(), b);
        assertArrayEquals(a, b, 0.0);
    }
}

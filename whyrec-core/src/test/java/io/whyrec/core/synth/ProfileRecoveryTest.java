package io.whyrec.core.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Item;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.core.profile.InterestProfile;
import io.whyrec.core.profile.InterestProfiler;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks that the interest profile recovers the truth planted by {@link SyntheticData}, and that generation is
 * reproducible.
 *
 * <p><b>Top-m facet precision</b>: for each user with m planted favourite facets (the favourites at the end of
 * the timeline), take the m highest-weighted facets of the user's profile and count the share of them that are
 * planted favourites (hits / m); the precision is the mean of that share over all users with events. With
 * m <= 3 this is the "top-3 facet precision" of the brief.
 */
class ProfileRecoveryTest {

    private static final long SEED = 20240501L;

    private static double precision(SyntheticData data, EventWeighting weighting, boolean driftedOnly) {
        Dataset d = data.dataset();
        InterestProfiler profiler = new InterestProfiler(d.catalog());
        double sum = 0;
        int users = 0;
        for (int u = 0; u < d.numUsers(); u++) {
            SyntheticData.UserTruth truth = data.truth().get(u);
            if (d.userSize(u) == 0 || (driftedOnly && !truth.drifted())) {
                continue;
            }
            List<String> planted = truth.favourites();
            InterestProfile p = profiler.profile(d, u, weighting);
            long hits = p.topFacets(planted.size()).stream().filter(planted::contains).count();
            sum += hits / (double) planted.size();
            users++;
        }
        return sum / users;
    }

    @Test
    void defaultWeightingRecoversPlantedFavourites() {
        SyntheticData data = SyntheticData.generate(SyntheticConfig.DEFAULT, SEED);
        double all = precision(data, EventWeighting.DEFAULT, false);
        double drifted = precision(data, EventWeighting.DEFAULT, true);
        double binary = precision(data, EventWeighting.BINARY, true);
        System.out.printf("top-m facet precision: all users %.4f, drifted users %.4f (binary weighting on drifted"
                + " users %.4f)%n", all, drifted, binary);
        assertTrue(all >= 0.9, "top-m facet precision " + all);
        // Decay is what lets the profile follow a drifted interest: it must beat the unweighted count.
        assertTrue(drifted > binary, "drifted: default " + drifted + " vs binary " + binary);
    }

    @Test
    void plantedStructureIsAsConfigured() {
        SyntheticConfig c = SyntheticConfig.DEFAULT;
        SyntheticData data = SyntheticData.generate(c, SEED);
        Dataset d = data.dataset();
        assertEquals(c.numUsers(), d.numUsers());
        assertEquals(c.numItems(), d.numItems());
        assertEquals(c.numFacets(), d.catalog().facets().size());
        double meanEvents = d.numEvents() / (double) d.numUsers();
        assertTrue(meanEvents > 35 && meanEvents < 45, "mean events per user " + meanEvents);
        long drifted = data.truth().stream().filter(SyntheticData.UserTruth::drifted).count();
        assertTrue(Math.abs(drifted / (double) c.numUsers() - c.driftShare()) < 0.08, "drift share " + drifted);
        for (SyntheticData.UserTruth t : data.truth()) {
            assertTrue(t.favourites().size() >= 1 && t.favourites().size() <= 3);
            assertEquals(t.drifted() ? t.favourites().size() - 1 : t.favourites().size(),
                    t.favourites().stream().filter(t.earlyFavourites()::contains).count());
        }
        Item i17 = d.catalog().item(17);
        assertEquals("Item 17 (" + String.join(", ", i17.tags()) + ")", i17.title());
        assertTrue(i17.tags().size() >= 1 && i17.tags().size() <= 3);
        // Popularity bias: the most popular 10% of items get far more than 10% of the events.
        int[] counts = d.itemCounts();
        int[] sorted = java.util.Arrays.stream(counts).sorted().toArray();
        long top = 0;
        for (int k = sorted.length - sorted.length / 10; k < sorted.length; k++) {
            top += sorted[k];
        }
        assertTrue(top > 0.3 * d.numEvents(), "top-10% items hold " + top + " of " + d.numEvents());
        // Ratings are 1..5 and favourites are rated higher on average (planted heat).
        for (float v : d.valueArray()) {
            assertTrue(v >= 1 && v <= 5 && v == Math.rint(v));
        }
        double[] sum = new double[2];
        int[] n = new int[2];
        for (int u = 0; u < d.numUsers(); u++) {
            if (data.truth().get(u).drifted()) {
                continue;
            }
            for (int e = d.userStart(u); e < d.userEnd(u); e++) {
                int liked = d.catalog().item(d.item(e)).tags().stream()
                        .anyMatch(data.truth().get(u).favourites()::contains) ? 1 : 0;
                sum[liked] += d.value(e);
                n[liked]++;
            }
        }
        assertTrue(sum[1] / n[1] > sum[0] / n[0] + 1, "mean rating favourite " + sum[1] / n[1] + " other "
                + sum[0] / n[0]);
        long spanSeconds = d.timeArray().length == 0 ? 0
                : java.util.Arrays.stream(d.timeArray()).max().getAsLong()
                - java.util.Arrays.stream(d.timeArray()).min().getAsLong();
        assertTrue(spanSeconds > 300L * 86_400, "timestamps span " + spanSeconds / 86_400 + " days");
    }

    @Test
    void sameSeedSameDataOtherSeedOtherData() {
        SyntheticConfig small = SyntheticConfig.DEFAULT.withSize(60, 200);
        SyntheticData a = SyntheticData.generate(small, 7);
        SyntheticData b = SyntheticData.generate(small, 7);
        SyntheticData c = SyntheticData.generate(small, 8);
        assertArrayEquals(a.dataset().itemArray(), b.dataset().itemArray());
        assertArrayEquals(a.dataset().timeArray(), b.dataset().timeArray());
        assertArrayEquals(a.dataset().valueArray(), b.dataset().valueArray());
        assertEquals(a.truth(), b.truth());
        assertEquals(titles(a), titles(b));
        assertFalse(java.util.Arrays.equals(a.dataset().itemArray(), c.dataset().itemArray()));
        assertNotEquals(a.truth(), c.truth());
    }

    private static Set<String> titles(SyntheticData data) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < data.dataset().numItems(); i++) {
            out.add(data.dataset().catalog().title(i));
        }
        return out;
    }
}

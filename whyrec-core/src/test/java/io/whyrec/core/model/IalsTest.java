package io.whyrec.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.History;
import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.files.ModelFiles;
import io.whyrec.core.profile.EventWeighting;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IalsTest {

    @TempDir
    Path dir;

    /** The binary histories of a seeded random matrix (60 users, 30 items). */
    private static History[] trainingHistories() {
        BinaryMatrix x = Fixtures.random(60, 30, 0.15, 3);
        History[] h = new History[x.numUsers()];
        for (int u = 0; u < h.length; u++) {
            List<WeightedEvent> events = new ArrayList<>();
            for (int i : x.row(u)) {
                events.add(WeightedEvent.unit(i, events.size()));
            }
            h[u] = new History(u, events);
        }
        return h;
    }

    private static Ials fitted(IalsConfig config, int threads) {
        return Ials.fit(30, trainingHistories(), config, threads, Progress.NONE, null);
    }

    private static IalsConfig config(int factors, double lambda, double alpha, int iterations, long seed) {
        return new IalsConfig(factors, lambda, alpha, iterations, seed, null);
    }

    /** A messy history over the 30 items ({@link Fixtures#messyHistory}). */
    private static History messyHistory(long seed) {
        return Fixtures.messyHistory(30, seed);
    }

    @Test
    void contributionsSumToTheScoreForRandomHistories() {
        Ials model = fitted(config(8, 2.0, 5.0, 5, 1), 2);
        int[] all = java.util.stream.IntStream.range(0, 30).toArray();
        for (long seed = 0; seed < 40; seed++) {
            History h = messyHistory(seed);
            double[] s = Fixtures.scores(model, h);
            double[][] batch = model.contributions(h, all);
            for (int j = 0; j < 30; j++) {
                Fixtures.assertExactContributions(model, h, j, s[j], batch[j], "seed " + seed + " item " + j);
            }
        }
    }

    @Test
    void aMutedEventIsNoEventAtAll() {
        Ials model = fitted(config(8, 2.0, 5.0, 5, 1), 1);
        History h = Fixtures.history(new int[] {1, 4, 9}, new double[] {1, 1, 1});
        History muted = Fixtures.history(new int[] {1, 4, 9}, new double[] {1, 0, 1});
        History removed = Fixtures.history(new int[] {1, 9}, new double[] {1, 1});
        assertArrayEquals(Fixtures.scores(model, removed), Fixtures.scores(model, muted), 0.0);
        assertFalse(java.util.Arrays.equals(Fixtures.scores(model, h), Fixtures.scores(model, muted)));
    }

    /** Solves a 2 x 2 system by Cramer's rule. */
    private static double[] solve2(double[][] a, double[] b) {
        double det = a[0][0] * a[1][1] - a[0][1] * a[1][0];
        return new double[] {(b[0] * a[1][1] - a[0][1] * b[1]) / det, (a[0][0] * b[1] - b[0] * a[1][0]) / det};
    }

    /**
     * The fold-in vector against the normal equations written out cell by cell: item factors
     * y0 = (1, 0), y1 = (0.5, 1), y2 = (-1, 2), y3 = (0.2, -0.4); lambda 0.5, alpha 2. The history has item 0 with
     * weight 1, item 2 twice (weights 0.5 and 1: one cell, c = 1 + 2 * 1.5 = 4), and item 3 against (w = -0.25:
     * c = 1.5, p = -1). The test builds the diagonal C_u and p_u over all four items and solves
     * {@code (Y^T C_u Y + lambda I) x = Y^T C_u p_u} directly.
     */
    @Test
    void foldInSolvesTheNormalEquations() {
        double[][] yRows = {{1, 0}, {0.5, 1}, {-1, 2}, {0.2, -0.4}};
        double[] flat = new double[8];
        for (int i = 0; i < 4; i++) {
            flat[2 * i] = yRows[i][0];
            flat[2 * i + 1] = yRows[i][1];
        }
        double lambda = 0.5;
        double alpha = 2.0;
        Ials model = Ials.ofFactors(4, new IalsConfig(2, lambda, alpha, 1, 0, null), flat);
        History h = Fixtures.history(new int[] {0, 2, 2, 3}, new double[] {1, 0.5, 1, -0.25});
        double[] c = {1 + alpha * 1, 1, 1 + alpha * 1.5, 1 + alpha * 0.25};
        double[] p = {1, 0, 1, -1};
        double[][] a = {{lambda, 0}, {0, lambda}};
        double[] b = new double[2];
        for (int i = 0; i < 4; i++) {
            for (int f = 0; f < 2; f++) {
                for (int g = 0; g < 2; g++) {
                    a[f][g] += yRows[i][f] * c[i] * yRows[i][g];
                }
                b[f] += yRows[i][f] * c[i] * p[i];
            }
        }
        double[] expected = solve2(a, b);
        assertArrayEquals(expected, model.userVector(h), 1e-12);
        double[] s = Fixtures.scores(model, h);
        for (int j = 0; j < 4; j++) {
            assertEquals(expected[0] * yRows[j][0] + expected[1] * yRows[j][1], s[j], 1e-12);
        }
        // each event's term times y_t^T W_u y_1, with W_u y_1 solved from the same written-out matrix; the two
        // events of item 2 share its cell (terms 1/2 + 2 * 0.5 and 1/2 + 2 * 1), the event against item 3 is negative
        double[] v = solve2(a, yRows[1]);
        int[] items = {0, 2, 2, 3};
        double[] terms = {1 + alpha * 1, 0.5 + alpha * 0.5, 0.5 + alpha * 1, -(1 + alpha * 0.25)};
        double[] c1 = model.contributions(h, 1);
        for (int t = 0; t < 4; t++) {
            double expectedTerm = terms[t] * (yRows[items[t]][0] * v[0] + yRows[items[t]][1] * v[1]);
            assertEquals(expectedTerm, c1[t], 1e-12, "event " + t);
        }
    }

    @Test
    void theSameSeedGivesTheSameModelBitForBit() {
        IalsConfig cfg = config(6, 1.0, 4.0, 4, 7);
        Ials a = fitted(cfg, 1);
        Ials b = fitted(cfg, 2);
        Ials other = fitted(config(6, 1.0, 4.0, 4, 8), 2);
        boolean differs = false;
        for (int i = 0; i < 30; i++) {
            for (int f = 0; f < 6; f++) {
                assertEquals(Double.doubleToLongBits(a.itemFactor(i, f)), Double.doubleToLongBits(b.itemFactor(i, f)),
                        "item " + i + " factor " + f);
                differs |= a.itemFactor(i, f) != other.itemFactor(i, f);
            }
        }
        assertTrue(differs, "another seed gave the same factors");
    }

    @Test
    void theLossNeverRisesAndEndsFarBelowTheStart() {
        List<Double> loss = new ArrayList<>();
        Ials.fit(30, trainingHistories(), config(8, 1.0, 5.0, 10, 3), 2, Progress.NONE, loss::add);
        assertEquals(11, loss.size());
        for (int it = 1; it < loss.size(); it++) {
            assertTrue(loss.get(it) <= loss.get(it - 1) * (1 + 1e-12), "sweep " + it + ": " + loss);
        }
        assertTrue(loss.get(10) < 0.7 * loss.get(0), loss.toString());
    }

    @Test
    void ranksTheItemsOfAPlantedBlockFirst() {
        // two blocks of users: users 0..29 take items 0..9, users 30..59 items 10..19; items 20..29 are unused
        History[] h = new History[60];
        SplittableRandom random = new SplittableRandom(5);
        for (int u = 0; u < 60; u++) {
            List<WeightedEvent> events = new ArrayList<>();
            int base = u < 30 ? 0 : 10;
            for (int i = 0; i < 10; i++) {
                if (random.nextDouble() < 0.6) {
                    events.add(WeightedEvent.unit(base + i, i));
                }
            }
            h[u] = new History(u, events);
        }
        Ials model = Ials.fit(30, h, config(4, 0.5, 5.0, 10, 1), 2, Progress.NONE, null);
        History probe = Fixtures.history(new int[] {0, 1, 2}, new double[] {1, 1, 1});
        List<Integer> top = model.recommend(probe, 7, i -> i <= 2).stream().map(s -> s.item()).toList();
        assertTrue(top.stream().allMatch(i -> i >= 3 && i <= 9), top.toString());
    }

    @Test
    void roundTripsThroughTheModelFiles() throws IOException {
        Ials binary = fitted(config(5, 1.0, 3.0, 3, 11), 2);
        double[] flat = new double[30 * 5];
        for (int i = 0; i < 30; i++) {
            for (int f = 0; f < 5; f++) {
                flat[i * 5 + f] = binary.itemFactor(i, f);
            }
        }
        Ials weighted = Ials.ofFactors(30, new IalsConfig(5, 1.0, 3.0, 3, 11,
                EventWeighting.DEFAULT.withHalfLifeDays(60)), flat);
        assertInstanceOf(WeightedHistoryModel.class, weighted);
        assertFalse(binary instanceof WeightedHistoryModel);
        for (Ials model : List.of(binary, weighted)) {
            Path file = dir.resolve("ials-" + model.config().binary() + ".whyrec");
            List<String> ids = java.util.stream.IntStream.range(0, 30).mapToObj(i -> "item" + i).toList();
            ModelFiles.save(model, file, ids, 1234L);
            ModelFiles.ModelFile read = Models.read(file);
            Recommender loaded = read.model();
            assertEquals(model.getClass(), loaded.getClass());
            assertEquals(model.params(), loaded.params());
            assertEquals(model.config(), ((Ials) loaded).config());
            assertEquals(ids, read.itemIds());
            assertEquals(1234L, read.fingerprint());
            for (long seed = 0; seed < 5; seed++) {
                History h = messyHistory(seed);
                assertArrayEquals(Fixtures.scores(model, h), Fixtures.scores(loaded, h), 0.0);
            }
        }
    }

    private static String error(Map<String, String> overrides) {
        return assertThrows(IllegalArgumentException.class, () -> new IalsSpec().configure(overrides)).getMessage();
    }

    @Test
    void parsesParametersAndRejectsBadOnesClearly() {
        IalsSpec spec = new IalsSpec();
        assertEquals(IalsConfig.defaults(), spec.configure(Map.of()));
        assertEquals(new IalsConfig(128, 20, 5, 7, 3, null), spec.configure(Map.of("factors", "128", "lambda", "20",
                "confidenceAlpha", "5", "iterations", "7", "seed", "3")));
        IalsConfig formula = spec.configure(Map.of("weighting", "formula", "alpha", "0.5"));
        assertEquals(0.5, formula.weighting().alpha());
        assertEquals(IalsConfig.DEFAULT_CONFIDENCE_ALPHA, formula.confidenceAlpha());
        assertTrue(error(Map.of("factor", "8")).startsWith("ials: unknown parameter 'factor' (known: "));
        assertEquals("ials: parameter 'factors' must be an integer >= 1, got '0'", error(Map.of("factors", "0")));
        assertEquals("ials: factors must be in 1..1024, got 4096", error(Map.of("factors", "4096")));
        assertEquals("ials: parameter 'lambda' must be a number > 0, got '0'", error(Map.of("lambda", "0")));
        assertEquals("ials: parameter 'confidenceAlpha' must be a number >= 0, got '-1'",
                error(Map.of("confidenceAlpha", "-1")));
        assertEquals("ials: parameter 'iterations' must be an integer >= 1, got 'many'", error(Map.of("iterations", "many")));
        String alpha = error(Map.of("alpha", "40"));
        assertTrue(alpha.contains("weighting=formula") && alpha.contains("'confidenceAlpha'"), alpha);
        assertThrows(IllegalArgumentException.class, () -> new IalsConfig(8, Double.NaN, 1, 1, 0, null));
    }

    @Test
    void gridIsTheDocumentedOne() {
        List<IalsConfig> grid = new IalsSpec().tuningGrid();
        assertEquals(IalsSpec.GRID_SIZE, grid.size());
        assertEquals(IalsSpec.GRID_FACTORS.length * IalsSpec.GRID_LAMBDA_ALPHA.length, grid.size());
        assertTrue(grid.stream().allMatch(IalsConfig::binary));
        assertEquals(grid.size(), grid.stream().distinct().count());
    }

    @Test
    void refusesItemsOutsideTheCatalogue() {
        Ials model = fitted(config(4, 1.0, 1.0, 1, 0), 1);
        History h = Fixtures.history(new int[] {3, 30}, new double[] {1, 1});
        String message = assertThrows(IllegalArgumentException.class, () -> Fixtures.scores(model, h)).getMessage();
        assertEquals("ials: item index 30 outside 0..29", message);
        assertThrows(IllegalArgumentException.class, () -> model.contributions(
                Fixtures.history(new int[] {3}, new double[] {1}), 31));
    }
}

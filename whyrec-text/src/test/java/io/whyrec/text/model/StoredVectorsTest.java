package io.whyrec.text.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.History;
import io.whyrec.api.Item;
import io.whyrec.api.Progress;
import io.whyrec.api.ScoredItem;
import io.whyrec.core.data.CatalogTagger;
import io.whyrec.core.data.IdIndex;
import io.whyrec.core.data.ItemCatalog;
import io.whyrec.core.data.ItemVectors;
import io.whyrec.text.embed.EmbeddingConfig;
import io.whyrec.text.tags.EmbeddingTagger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Precomputed item vectors (planted Gaussian clusters) reach the content model and the tagger. */
class StoredVectorsTest {

    static final int N = 400;
    static final int D = 16;
    static final int K = 4;

    @TempDir
    Path dir;

    /** Items in K seeded Gaussian blobs; the blob is each item's only genre. */
    private ItemCatalog plantedCatalog(int[] cluster) throws Exception {
        SplittableRandom r = new SplittableRandom(42);
        double[][] centres = new double[K][D];
        for (double[] c : centres) {
            for (int j = 0; j < D; j++) {
                c[j] = r.nextGaussian();
            }
        }
        List<String> ids = new ArrayList<>();
        Map<String, Item> meta = new LinkedHashMap<>();
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < N; i++) {
            cluster[i] = r.nextInt(K);
            String id = "i" + i;
            ids.add(id);
            meta.put(id, new Item(id, "item " + i, "", List.of("cluster-" + cluster[i])));
            csv.append(id);
            for (int j = 0; j < D; j++) {
                csv.append(',').append(centres[cluster[i]][j] + 0.3 * r.nextGaussian());
            }
            csv.append('\n');
        }
        Path file = dir.resolve("vectors.csv");
        Files.writeString(file, csv);
        ItemCatalog cat = ItemCatalog.of(IdIndex.of(ids), meta);
        return cat.withVectors(ItemVectors.read(file, "synthetic", new java.util.HashSet<>(ids)));
    }

    @Test
    void contentModelOnStoredVectorsRecommendsWithinTheUsersCluster() throws Exception {
        int[] cluster = new int[N];
        ItemCatalog cat = plantedCatalog(cluster);
        ItemEmbeddings x = new EmbeddingSource(EmbeddingConfig.defaults().withCacheDir(null))
                .of(cat, EmbeddingConfig.Choice.VECTORS, Progress.NONE);
        assertEquals(D, x.dimension());
        ContentModel m = new ContentModel(x, ContentConfig.DEFAULT);
        SplittableRandom r = new SplittableRandom(7);
        int inCluster = 0;
        int total = 0;
        for (int u = 0; u < 50; u++) {
            int c = r.nextInt(K);
            List<Integer> own = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                if (cluster[i] == c) {
                    own.add(i);
                }
            }
            int[] items = new int[5];
            double[] w = new double[5];
            for (int t = 0; t < 5; t++) {
                items[t] = own.get(r.nextInt(own.size()));
                w[t] = 1;
            }
            History h = ContentModelTest.history(items, w);
            for (ScoredItem s : m.recommend(h, 10, i -> false)) {
                total++;
                inCluster += cluster[s.item()] == c ? 1 : 0;
            }
        }
        double share = (double) inCluster / total;
        // chance is about 1/K = 0.25
        assertTrue(share > 0.95, "share of recommendations in the user's cluster: " + share);
    }

    @Test
    void tagsOnStoredVectorsRecoverThePlantedClusters() throws Exception {
        int[] cluster = new int[N];
        ItemCatalog cat = plantedCatalog(cluster);
        CatalogTagger.Discovery d = new EmbeddingTagger(EmbeddingConfig.defaults().withCacheDir(null))
                .discover(cat, K, "vectors", 1, null, Progress.NONE);
        assertTrue(d.purity() > 0.95, "purity " + d.purity());
        assertTrue(d.shuffledPurity() < 0.4, "shuffled purity " + d.shuffledPurity());
    }

    @Test
    void missingVectorsAreAnErrorNamingTheCount() {
        ItemCatalog cat = ItemCatalog.of(IdIndex.of(List.of("a", "b")), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddingSource.stored(cat));
        assertTrue(e.getMessage().contains("--item-vectors"), e.getMessage());
    }
}

package io.whyrec.text.tags;

import io.whyrec.api.Shuffle;
import io.whyrec.text.model.ItemEmbeddings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Discovers interest tags for a catalogue without a taxonomy: seeded spherical k-means over the items' text
 * embeddings, each cluster named by its top tf-idf terms (and its dominant genre when genres are known). Also
 * measures how well clusters agree with known genres.
 */
public final class AutoTagger {

    /**
     * Settings, with defaults in {@link #defaults()}.
     *
     * @param clusters      number of tags; default 20
     * @param terms         terms per name; default 3
     * @param minItems      a naming term must occur in at least this many members; default 2
     * @param maxIterations k-means iteration cap; default 50
     * @param seed          k-means seed; default 42
     */
    public record Config(int clusters, int terms, int minItems, int maxIterations, long seed) {

        /** 20 tags, 3 terms each, terms in at least 2 members, 50 iterations, seed 42. */
        public static Config defaults() {
            return new Config(20, 3, 2, 50, 42L);
        }

        /** A copy with another number of clusters and seed. */
        public Config with(int newClusters, long newSeed) {
            return new Config(newClusters, terms, minItems, maxIterations, newSeed);
        }
    }

    private AutoTagger() {
    }

    /**
     * Clusters and names.
     *
     * @param x      the items' unit embeddings
     * @param texts  the text each item's terms are taken from (title and description), aligned with x
     * @param genres each item's known genres, aligned with x; null when unknown
     * @param config the settings
     */
    public static List<AutoTag> discover(ItemEmbeddings x, List<String> texts, List<List<String>> genres,
                                         Config config) {
        if (texts.size() != x.size() || (genres != null && genres.size() != x.size())) {
            throw new IllegalArgumentException("texts/genres must have one entry per item (" + x.size() + ")");
        }
        SphericalKMeans.Result km = SphericalKMeans.fit(x, config.clusters(), config.maxIterations(), config.seed());
        TagNamer namer = new TagNamer(texts, config.minItems());
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < config.clusters(); c++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < km.assignment().length; i++) {
            members.get(km.assignment()[i]).add(i);
        }
        List<AutoTag> tags = new ArrayList<>();
        for (int c = 0; c < members.size(); c++) {
            int[] m = members.get(c).stream().mapToInt(Integer::intValue).toArray();
            List<String> terms = namer.topTerms(m, config.terms());
            String genre = null;
            double share = Double.NaN;
            if (genres != null && m.length > 0) {
                Map.Entry<String, Integer> top = dominant(m, genres);
                if (top != null) {
                    genre = top.getKey();
                    share = top.getValue() / (double) m.length;
                }
            }
            String words = terms.isEmpty() ? "(no distinctive words)" : String.join(", ", terms);
            tags.add(new AutoTag(c, genre == null ? words : genre + ": " + words, terms, genre, share, m));
        }
        return tags;
    }

    /**
     * Purity against known genres: each cluster's members that have the cluster's most frequent genre, summed
     * over clusters, divided by the number of items with at least one genre (items may have several genres; an
     * item counts when it has its cluster's dominant genre).
     */
    public static double purity(int[] assignment, int clusters, List<List<String>> genres) {
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < clusters; c++) {
            members.add(new ArrayList<>());
        }
        int labelled = 0;
        for (int i = 0; i < assignment.length; i++) {
            if (!genres.get(i).isEmpty()) {
                members.get(assignment[i]).add(i);
                labelled++;
            }
        }
        long matched = 0;
        for (List<Integer> m : members) {
            Map.Entry<String, Integer> top = dominant(m.stream().mapToInt(Integer::intValue).toArray(), genres);
            if (top != null) {
                matched += top.getValue();
            }
        }
        return labelled == 0 ? Double.NaN : matched / (double) labelled;
    }

    /** The assignment of a list of tags, indexed by item. */
    public static int[] assignment(List<AutoTag> tags, int numItems) {
        int[] a = new int[numItems];
        for (AutoTag t : tags) {
            for (int i : t.members()) {
                a[i] = t.id();
            }
        }
        return a;
    }

    /** The same cluster sizes with items shuffled (seeded): the purity a meaningless clustering gets. */
    public static int[] shuffled(int[] assignment, long seed) {
        int[] a = assignment.clone();
        Shuffle.inPlace(a, a.length, new SplittableRandom(seed));
        return a;
    }

    private static Map.Entry<String, Integer> dominant(int[] members, List<List<String>> genres) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i : members) {
            for (String g : genres.get(i)) {
                counts.merge(g, 1, Integer::sum);
            }
        }
        Map.Entry<String, Integer> best = null;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (best == null || e.getValue() > best.getValue()
                    || (e.getValue().equals(best.getValue()) && e.getKey().compareTo(best.getKey()) < 0)) {
                best = e;
            }
        }
        return best;
    }
}

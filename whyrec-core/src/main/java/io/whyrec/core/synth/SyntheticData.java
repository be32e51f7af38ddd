package io.whyrec.core.synth;

import io.whyrec.api.Item;
import io.whyrec.api.Shuffle;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.IdIndex;
import io.whyrec.core.data.ItemCatalog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded synthetic rating log with a planted truth, in the spirit of Tribuo's {@code ClusteringDataGenerator}:
 * items carry 1-3 genre-like facets and readable titles ("Item 17 (Sci-Fi, Drama)"); item popularity is
 * Zipf-like; each user has 1-3 favourite facets, and a share of users swap one favourite for a new one part-way
 * through their timeline (interest drift). Ratings 1-5 are higher for items of a current favourite facet. The same
 * seed always gives identical data.
 *
 * @param config  the generator parameters
 * @param seed    the seed the data was generated with
 * @param dataset the rating log (event type "rating", value 1..5), users "u0".., items "i0"..
 * @param truth   the planted truth per dense user
 * @param itemPopularity the planted popularity of each dense item (probabilities summing to 1)
 */
public record SyntheticData(SyntheticConfig config, long seed, Dataset dataset, List<UserTruth> truth,
                            double[] itemPopularity) {

    /** The readable facet names; the first {@code numFacets} are used. */
    public static final List<String> FACET_NAMES = List.of("Drama", "Comedy", "Sci-Fi", "Thriller", "Romance",
            "Action", "Horror", "Documentary", "Animation", "Fantasy", "Crime", "Mystery", "Western", "Musical",
            "War", "Adventure", "Biography", "Sport");

    /**
     * The planted truth of one user.
     *
     * @param earlyFavourites favourite facets before the drift point (equal to {@code favourites} without drift)
     * @param favourites      favourite facets at the end of the timeline
     * @param driftTime       seconds since the epoch at which the favourites changed, or -1 without drift
     */
    public record UserTruth(List<String> earlyFavourites, List<String> favourites, long driftTime) {
        /** Copies the lists. */
        public UserTruth {
            earlyFavourites = List.copyOf(earlyFavourites);
            favourites = List.copyOf(favourites);
        }

        /** True when this user's interest drifted. */
        public boolean drifted() {
            return driftTime >= 0;
        }
    }

    /** Copies the truth list. */
    public SyntheticData {
        truth = List.copyOf(truth);
    }

    /** Generates data with the given parameters and seed. */
    public static SyntheticData generate(SyntheticConfig config, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int nItems = config.numItems();
        int nFacets = config.numFacets();

        // Items: the first facet cycles so every facet has items; 0-2 more distinct random facets.
        int[][] itemFacets = new int[nItems][];
        List<String> itemIds = new ArrayList<>(nItems);
        Map<String, Item> metadata = new HashMap<>();
        for (int i = 0; i < nItems; i++) {
            int k = 1 + random.nextInt(3);
            int[] facets = new int[k];
            facets[0] = i % nFacets;
            for (int j = 1; j < k; j++) {
                int f;
                do {
                    f = random.nextInt(nFacets);
                } while (contains(facets, j, f));
                facets[j] = f;
            }
            itemFacets[i] = facets;
            List<String> names = Arrays.stream(facets).mapToObj(FACET_NAMES::get).toList();
            String id = "i" + i;
            itemIds.add(id);
            metadata.put(id, new Item(id, "Item " + i + " (" + String.join(", ", names) + ")", "", names));
        }

        // Zipf popularity over a random ranking of the items.
        int[] rank = Shuffle.permutation(nItems, random);
        double[] popularity = new double[nItems];
        double total = 0;
        for (int i = 0; i < nItems; i++) {
            popularity[i] = 1.0 / Math.pow(rank[i] + 1, config.zipfExponent());
            total += popularity[i];
        }
        for (int i = 0; i < nItems; i++) {
            popularity[i] /= total;
        }
        Sampler global = new Sampler(allItems(nItems), popularity);
        Sampler[] byFacet = new Sampler[nFacets];
        for (int f = 0; f < nFacets; f++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < nItems; i++) {
                if (contains(itemFacets[i], itemFacets[i].length, f)) {
                    members.add(i);
                }
            }
            byFacet[f] = new Sampler(members.stream().mapToInt(Integer::intValue).toArray(), popularity);
        }

        // Users.
        long start = config.startEpochSeconds();
        long span = Math.round(config.spanDays() * 86_400);
        long driftAt = start + Math.round(config.driftPoint() * span);
        List<String> userIds = new ArrayList<>(config.numUsers());
        List<UserTruth> truth = new ArrayList<>(config.numUsers());
        List<long[]> rows = new ArrayList<>();
        for (int u = 0; u < config.numUsers(); u++) {
            userIds.add("u" + u);
            int m = 1 + random.nextInt(config.maxFavourites());
            int[] early = Arrays.copyOf(Shuffle.permutation(nFacets, random), m);
            int[] late = early.clone();
            boolean drift = random.nextDouble() < config.driftShare();
            if (drift) {
                int replacement;
                do {
                    replacement = random.nextInt(nFacets);
                } while (contains(early, m, replacement));
                late[random.nextInt(m)] = replacement;
            }
            truth.add(new UserTruth(names(early), names(late), drift ? driftAt : -1));

            int n = config.minEvents() + random.nextInt(config.maxEvents() - config.minEvents() + 1);
            long[] times = new long[n];
            for (int e = 0; e < n; e++) {
                times[e] = start + random.nextLong(span);
            }
            Arrays.sort(times);
            Set<Integer> seen = new HashSet<>();
            for (int e = 0; e < n; e++) {
                int[] favs = drift && times[e] >= driftAt ? late : early;
                int item = -1;
                for (int attempt = 0; attempt < 20 && (item < 0 || seen.contains(item)); attempt++) {
                    item = random.nextDouble() < config.favouriteShare()
                            ? byFacet[favs[random.nextInt(m)]].sample(random)
                            : global.sample(random);
                }
                seen.add(item);
                boolean liked = false;
                for (int f : itemFacets[item]) {
                    liked |= contains(favs, m, f);
                }
                double mean = liked ? config.favouriteRatingMean() : config.otherRatingMean();
                long rating = Math.round(mean + config.ratingSd() * random.nextGaussian());
                rating = Math.max(1, Math.min(5, rating));
                rows.add(new long[] {u, item, rating, times[e]});
            }
        }
        int numEvents = rows.size();
        int[] user = new int[numEvents];
        int[] item = new int[numEvents];
        long[] time = new long[numEvents];
        float[] value = new float[numEvents];
        short[] type = new short[numEvents];
        for (int r = 0; r < numEvents; r++) {
            long[] row = rows.get(r);
            user[r] = (int) row[0];
            item[r] = (int) row[1];
            value[r] = row[2];
            time[r] = row[3];
        }
        IdIndex items = IdIndex.of(itemIds);
        Dataset dataset = Dataset.fromColumns(IdIndex.of(userIds), ItemCatalog.of(items, metadata),
                List.of("rating"), user, item, time, value, type);
        return new SyntheticData(config, seed, dataset, truth, popularity);
    }

    private static List<String> names(int[] facets) {
        return Arrays.stream(facets).mapToObj(FACET_NAMES::get).toList();
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    private static int[] allItems(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }


    /** Draws members with probability proportional to their popularity (cumulative sums, binary search). */
    private static final class Sampler {
        private final int[] members;
        private final double[] cumulative;

        Sampler(int[] members, double[] popularity) {
            this.members = members;
            this.cumulative = new double[members.length];
            double sum = 0;
            for (int k = 0; k < members.length; k++) {
                sum += popularity[members[k]];
                cumulative[k] = sum;
            }
        }

        int sample(SplittableRandom random) {
            double x = random.nextDouble() * cumulative[cumulative.length - 1];
            int k = Arrays.binarySearch(cumulative, x);
            k = k >= 0 ? k + 1 : -k - 1;
            return members[Math.min(k, members.length - 1)];
        }
    }
}

package io.whyrec.core.synth;

/**
 * Parameters of {@link SyntheticData}; {@link #DEFAULT} is sized for a fast demo (500 users, 800 items, about 40
 * events per user, generated in well under a second).
 *
 * <p>Defaults, with their meaning and unit:
 * <ul>
 *   <li>{@code numUsers = 500}, {@code numItems = 800} (counts).</li>
 *   <li>{@code numFacets = 15} (count, at most {@link SyntheticData#FACET_NAMES}.size() = 18): genre-like facets;
 *       each item has 1 to 3 of them.</li>
 *   <li>{@code minEvents = 20}, {@code maxEvents = 60} (events per user, uniform, mean 40).</li>
 *   <li>{@code maxFavourites = 3} (count): each user has 1..maxFavourites favourite facets, uniformly.</li>
 *   <li>{@code favouriteShare = 0.75} (probability): an event picks an item of a current favourite facet;
 *       otherwise an item of the whole catalogue, both by popularity.</li>
 *   <li>{@code zipfExponent = 1.0} (unitless): item popularity is proportional to 1 / rank^s over a random
 *       ranking of the items (popularity bias).</li>
 *   <li>{@code driftShare = 0.3} (probability): a user replaces one favourite facet by a new one at
 *       {@code driftPoint} of the timeline.</li>
 *   <li>{@code driftPoint = 0.5} (fraction of the timeline).</li>
 *   <li>{@code spanDays = 365} (days): each user's events are spread uniformly over this period.</li>
 *   <li>{@code startEpochSeconds = 1_672_531_200} (seconds, 2023-01-01T00:00Z): start of the period.</li>
 *   <li>{@code favouriteRatingMean = 4.3}, {@code otherRatingMean = 2.6}, {@code ratingSd = 0.8} (rating points):
 *       ratings are round(mean + sd * N(0,1)) clipped to 1..5; the favourite mean applies when the item has a
 *       current favourite facet.</li>
 * </ul>
 */
public record SyntheticConfig(int numUsers, int numItems, int numFacets, int minEvents, int maxEvents,
                              int maxFavourites, double favouriteShare, double zipfExponent, double driftShare,
                              double driftPoint, double spanDays, long startEpochSeconds,
                              double favouriteRatingMean, double otherRatingMean, double ratingSd) {

    /** The defaults listed in the class comment. */
    public static final SyntheticConfig DEFAULT = new SyntheticConfig(500, 800, 15, 20, 60, 3, 0.75, 1.0, 0.3, 0.5,
            365, 1_672_531_200L, 4.3, 2.6, 0.8);

    /** Validates every parameter, naming the one that is out of range. */
    public SyntheticConfig {
        check(numUsers >= 1, "numUsers", numUsers, ">= 1");
        check(numFacets >= 2 && numFacets <= SyntheticData.FACET_NAMES.size(), "numFacets", numFacets,
                "in [2, " + SyntheticData.FACET_NAMES.size() + "]");
        check(numItems >= numFacets, "numItems", numItems, ">= numFacets");
        check(minEvents >= 1 && maxEvents >= minEvents, "minEvents/maxEvents", minEvents + ".." + maxEvents,
                "1 <= minEvents <= maxEvents");
        check(maxEvents <= numItems, "maxEvents", maxEvents, "<= numItems");
        check(maxFavourites >= 1 && maxFavourites < numFacets, "maxFavourites", maxFavourites, "in [1, numFacets)");
        check(favouriteShare >= 0 && favouriteShare <= 1, "favouriteShare", favouriteShare, "in [0, 1]");
        check(zipfExponent >= 0, "zipfExponent", zipfExponent, ">= 0");
        check(driftShare >= 0 && driftShare <= 1, "driftShare", driftShare, "in [0, 1]");
        check(driftPoint > 0 && driftPoint < 1, "driftPoint", driftPoint, "in (0, 1)");
        check(spanDays > 0, "spanDays", spanDays, "> 0");
        check(ratingSd >= 0, "ratingSd", ratingSd, ">= 0");
    }

    /** A copy with another number of users and items (for small tests). */
    public SyntheticConfig withSize(int users, int items) {
        return new SyntheticConfig(users, items, numFacets, minEvents, maxEvents, maxFavourites, favouriteShare,
                zipfExponent, driftShare, driftPoint, spanDays, startEpochSeconds, favouriteRatingMean,
                otherRatingMean, ratingSd);
    }

    private static void check(boolean ok, String name, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("SyntheticConfig." + name + " = " + value + ": must be " + rule);
        }
    }
}

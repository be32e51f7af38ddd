package io.whyrec.core.profile;

import io.whyrec.api.Item;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.IdIndex;
import io.whyrec.core.data.ItemCatalog;
import java.util.List;
import java.util.Map;

/**
 * The worked example of docs/interest-profile.md as a dataset: user "ana" watched Alien (Sci-Fi, Horror) on day 0
 * rated 5, Blade Runner (Sci-Fi) on day 90 rated 4, Casablanca (Drama, Romance) on day 150 rated 3, and Alien
 * again on day 180 rated 5. User "bob" has one unrelated event so per-user isolation is exercised.
 */
public final class WorkedExample {

    /** 2024-01-01T00:00:00Z, day 0 of the example. */
    public static final long T0 = 1_704_067_200L;
    /** Seconds per day. */
    public static final long DAY = 86_400L;

    /** Dense item indices (the catalogue keeps this order). */
    public static final int ALIEN = 0;
    /** Blade Runner. */
    public static final int BLADE_RUNNER = 1;
    /** Casablanca. */
    public static final int CASABLANCA = 2;
    /** Dense user index of ana. */
    public static final int ANA = 0;
    /** Dense user index of bob. */
    public static final int BOB = 1;

    private WorkedExample() {
    }

    /** The catalogue: facets are indexed Sci-Fi 0, Horror 1, Drama 2, Romance 3 (order of first appearance). */
    public static ItemCatalog catalog() {
        IdIndex items = IdIndex.of(List.of("alien", "blade", "casa"));
        return ItemCatalog.of(items, Map.of(
                "alien", new Item("alien", "Alien", "", List.of("Sci-Fi", "Horror")),
                "blade", new Item("blade", "Blade Runner", "", List.of("Sci-Fi")),
                "casa", new Item("casa", "Casablanca", "", List.of("Drama", "Romance"))));
    }

    /** The example's ratings. */
    public static Dataset dataset() {
        return dataset(List.of("rating"), new short[] {0, 0, 0, 0, 0}, new float[] {5, 4, 3, 5, 2});
    }

    /** The example's five events (four of ana, one of bob) with other event types and values. */
    public static Dataset dataset(List<String> types, short[] type, float[] value) {
        IdIndex users = IdIndex.of(List.of("ana", "bob"));
        int[] user = {ANA, ANA, ANA, ANA, BOB};
        int[] item = {ALIEN, BLADE_RUNNER, CASABLANCA, ALIEN, CASABLANCA};
        long[] time = {T0, T0 + 90 * DAY, T0 + 150 * DAY, T0 + 180 * DAY, T0 + 10 * DAY};
        return Dataset.fromColumns(users, catalog(), types, user, item, time, value, type);
    }
}

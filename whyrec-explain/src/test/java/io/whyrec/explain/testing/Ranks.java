package io.whyrec.explain.testing;

import io.whyrec.api.History;
import io.whyrec.api.ItemScorer;
import java.util.HashSet;
import java.util.Set;

/**
 * An independent rank for the counterfactual tests: it scores every item on the kept part of a history and counts
 * the items outside the full history that are ahead, so a test can check what a counterfactual search reports
 * without going through the search's own code.
 */
public final class Ranks {

    private Ranks() {
    }

    /**
     * The item's rank (1 = first) among the items outside the full history, scored on the events that
     * {@code keep} marks; ties go to the lower index.
     */
    public static int rank(ItemScorer model, History full, boolean[] keep, int item) {
        double[] s = new double[model.numItems()];
        model.score(full.keep(keep), s);
        Set<Integer> seen = new HashSet<>();
        for (int i : full.items()) {
            seen.add(i);
        }
        int ahead = 0;
        for (int j = 0; j < s.length; j++) {
            if (j != item && !seen.contains(j) && (s[j] > s[item] || (s[j] == s[item] && j < item))) {
                ahead++;
            }
        }
        return ahead + 1;
    }
}

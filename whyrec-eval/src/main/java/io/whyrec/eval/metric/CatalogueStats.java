package io.whyrec.eval.metric;

import io.whyrec.core.data.Dataset;
import java.util.BitSet;

/**
 * What the list metrics need to know about the training data: how many items could be recommended and how
 * popular each item is.
 *
 * @param numCandidates  number of items that can be recommended (the denominator of coverage)
 * @param userPopularity per item, the number of distinct users with at least one training event on it
 * @param numUsers       number of users with at least one training event
 */
public record CatalogueStats(int numCandidates, int[] userPopularity, int numUsers) {

    /** Checks the sizes. */
    public CatalogueStats {
        if (numCandidates <= 0) {
            throw new IllegalArgumentException("numCandidates must be positive, got " + numCandidates);
        }
        if (numUsers <= 0) {
            throw new IllegalArgumentException("numUsers must be positive, got " + numUsers);
        }
        userPopularity = userPopularity.clone();
    }

    /** Popularity and user count of a training set, with an explicit number of candidate items. */
    public static CatalogueStats of(Dataset train, int numCandidates) {
        int[] pop = new int[train.numItems()];
        int users = 0;
        for (int u = 0; u < train.numUsers(); u++) {
            if (train.userSize(u) == 0) {
                continue;
            }
            users++;
            BitSet items = train.itemSetOf(u);
            for (int i = items.nextSetBit(0); i >= 0; i = items.nextSetBit(i + 1)) {
                pop[i]++;
            }
        }
        return new CatalogueStats(numCandidates, pop, users);
    }
}

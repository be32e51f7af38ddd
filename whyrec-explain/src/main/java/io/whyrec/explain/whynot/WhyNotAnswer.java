package io.whyrec.explain.whynot;

import java.util.List;

/**
 * The answer to "why is this item not in my top-K?". Ranks are 1-based among the items that are not excluded
 * (the history's items and the caller's exclusions), ties broken as {@link io.whyrec.api.Recommender#topK}
 * does: higher score first, then lower item index.
 *
 * @param item        the asked item
 * @param status      where the item stands; only {@link Status#OUTSIDE_LIST} carries reasons and a change
 * @param k           the list length
 * @param rank        the item's rank, or -1 when it is excluded ({@link Status#SEEN}, {@link Status#EXCLUDED})
 * @param score       the item's score for the full history
 * @param kthItem     the item at rank K, or -1 when fewer than K items can be recommended
 * @param kthScore    its score, or NaN when there is none
 * @param gap         {@code kthScore - score}: how far the item is below the list's last place (NaN without one)
 * @param holdingBack the events with a negative contribution to the item, most negative first (ties by
 *                    position)
 * @param liftingKth  the events that lift the K-th item more than the asked item ({@link Blocker#margin()} &gt;
 *                    0), largest margin first (ties: the more negative contribution to the item first, then
 *                    position); the remove search tries events in this order
 * @param change      the smallest verified change found, else the closest attempt; null when the status is not
 *                    {@link Status#OUTSIDE_LIST} or nothing could be tried (no event to remove, no item to add)
 */
public record WhyNotAnswer(int item, Status status, int k, int rank, double score, int kthItem, double kthScore,
                           double gap, List<Blocker> holdingBack, List<Blocker> liftingKth, Change change) {

    /** Where the asked item stands with respect to the list. */
    public enum Status {
        /** The user already has activity on the item, so it is never recommended to them. */
        SEEN,
        /** The caller's extra exclusions (a muted tag, say) keep the item out of the list. */
        EXCLUDED,
        /** The item is already within the top-K. */
        IN_LIST,
        /** The item can be recommended but ranks below K; the answer says why and what would change it. */
        OUTSIDE_LIST
    }

    /** Copies the lists so the answer is immutable. */
    public WhyNotAnswer {
        if (status == null) {
            throw new IllegalArgumentException("WhyNotAnswer.status must not be null");
        }
        holdingBack = List.copyOf(holdingBack);
        liftingKth = List.copyOf(liftingKth);
    }

    /** True when a change was found and verified to bring the item into the top-K. */
    public boolean found() {
        return change != null && change.verified();
    }
}

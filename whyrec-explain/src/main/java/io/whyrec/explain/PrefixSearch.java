package io.whyrec.explain;

import java.util.function.IntPredicate;

/**
 * The search both counterfactual answers share: over a greedy order of events (the most responsible first), the
 * shortest prefix whose removal flips the outcome, found by doubling the prefix length and then bisecting between
 * the last length that failed and the first that held. It assumes the test is monotone in the prefix length (a
 * longer prefix of the same order flips whatever a shorter one does), which holds for additive scores and is what
 * the greedy order aims at otherwise; the callers then prune the prefix event by event.
 */
public final class PrefixSearch {

    private PrefixSearch() {
    }

    /**
     * The shortest prefix length in 1..n (0..0 when n is 0) for which {@code holds} is true, or -1 when it is false
     * even for n. It evaluates the test about 2 log2(answer) times, and for n last when it returns -1.
     */
    public static int shortest(int n, IntPredicate holds) {
        int lo = 0;
        int hi = -1;
        for (int len = Math.min(1, n); ; len = Math.min(n, len * 2)) {
            if (holds.test(len)) {
                hi = len;
                break;
            }
            lo = len;
            if (len == n) {
                break;
            }
        }
        if (hi < 0) {
            return -1;
        }
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (holds.test(mid)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }
}

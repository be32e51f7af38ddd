package io.whyrec.explain;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared doubling-then-bisection search finds the shortest prefix for every threshold, in few tests. */
class PrefixSearchTest {

    @Test
    void findsTheShortestPrefixForEveryThreshold() {
        for (int n = 0; n <= 70; n++) {
            for (int answer = Math.min(1, n); answer <= n + 1; answer++) {
                int threshold = answer;
                int size = n;
                AtomicInteger calls = new AtomicInteger();
                int found = PrefixSearch.shortest(n, len -> {
                    calls.incrementAndGet();
                    assertTrue(len >= 0 && len <= size, "length " + len + " outside 0.." + size);
                    return len >= threshold;
                });
                assertEquals(threshold > n ? -1 : threshold, found, "n=" + n + " answer=" + threshold);
                assertTrue(calls.get() <= 2 * (32 - Integer.numberOfLeadingZeros(Math.max(1, n))) + 2,
                        calls.get() + " tests for n=" + n);
            }
        }
    }
}

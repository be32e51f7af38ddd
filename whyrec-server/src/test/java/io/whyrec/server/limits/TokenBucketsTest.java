package io.whyrec.server.limits;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token buckets on a hand-driven clock: bursts, refill, separate keys, the bound on keys. */
class TokenBucketsTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);

    @Test
    void aBurstPassesThenTheRateAndTheWaitIsTheTimeToTheNextToken() {
        // 2 tokens per second, bursts of 3
        TokenBuckets b = new TokenBuckets(2, 3, now::get);
        assertEquals(0, b.take("u1"));
        assertEquals(0, b.take("u1"));
        assertEquals(0, b.take("u1"));
        // empty: one token takes 1 / 2 s
        assertEquals(500_000_000L, b.take("u1"));
        assertEquals(500_000_000L, b.take("u1"), "a refused request takes nothing");
        now.addAndGet(200_000_000L); // 0.4 tokens back: 0.6 missing, 0.3 s
        assertEquals(300_000_000L, b.take("u1"));
        now.addAndGet(300_000_000L);
        assertEquals(0, b.take("u1"));
        assertTrue(b.take("u1") > 0);
        // another key has its own full bucket
        assertEquals(0, b.take("u2"));
    }

    @Test
    void aLongQuietSpellRefillsOnlyUpToTheBurst() {
        TokenBuckets b = new TokenBuckets(10, 5, now::get);
        for (int i = 0; i < 5; i++) {
            assertEquals(0, b.take("admin"));
        }
        assertTrue(b.take("admin") > 0);
        now.addAndGet(3_600_000_000_000L); // an hour: 36,000 tokens would be earned, 5 are kept
        int passed = 0;
        while (b.take("admin") == 0) {
            passed++;
        }
        assertEquals(5, passed);
    }

    @Test
    void fullBucketsAreForgottenBeyondTheBound() {
        TokenBuckets b = new TokenBuckets(1, 1, now::get);
        for (int i = 0; i <= TokenBuckets.MAX_KEYS; i++) {
            b.take("u" + i);
        }
        assertEquals(TokenBuckets.MAX_KEYS + 1, b.size());
        now.addAndGet(2_000_000_000L); // every bucket refilled
        b.take("late");
        assertEquals(1, b.size(), "only the new key's bucket is held");
        assertEquals(0, b.take("u0"), "a forgotten key starts with a full bucket");
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBuckets(0, 1, now::get));
        assertThrows(IllegalArgumentException.class, () -> new TokenBuckets(1, 0, now::get));
        assertThrows(IllegalArgumentException.class, () -> new TokenBuckets(Double.NaN, 1, now::get));
    }
}

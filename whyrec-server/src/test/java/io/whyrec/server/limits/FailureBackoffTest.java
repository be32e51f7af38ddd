package io.whyrec.server.limits;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The admin-key backoff on a hand-driven clock: free failures, doubling waits, the cap, forgiveness. */
class FailureBackoffTest {

    private static final long MS = 1_000_000L;

    private final AtomicLong now = new AtomicLong(-7_000_000_000L); // nanoTime may be negative

    @Test
    void waitsStartAfterTheFreeFailuresAndDoubleUpToTheCap() {
        // 3 free failures, then 100 ms, 200 ms, 400 ms, capped at 500 ms
        FailureBackoff b = new FailureBackoff(3, 100, 500, now::get);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, b.failed("10.0.0.1"));
            assertEquals(0, b.waitNanos("10.0.0.1"));
        }
        assertEquals(100 * MS, b.failed("10.0.0.1"));
        assertEquals(100 * MS, b.waitNanos("10.0.0.1"));
        now.addAndGet(40 * MS);
        assertEquals(60 * MS, b.waitNanos("10.0.0.1"), "the wait runs down");
        assertEquals(0, b.waitNanos("10.0.0.2"), "another address is not held back");
        now.addAndGet(60 * MS);
        assertEquals(0, b.waitNanos("10.0.0.1"));
        assertEquals(200 * MS, b.failed("10.0.0.1"));
        now.addAndGet(200 * MS);
        assertEquals(400 * MS, b.failed("10.0.0.1"));
        now.addAndGet(400 * MS);
        assertEquals(500 * MS, b.failed("10.0.0.1"), "capped");
        now.addAndGet(500 * MS);
        for (int i = 0; i < 100; i++) {
            assertEquals(500 * MS, b.failed("10.0.0.1"), "no overflow of the doubling");
        }
    }

    @Test
    void aRightKeyOrAQuietSpellStartsTheCountAgain() {
        FailureBackoff b = new FailureBackoff(2, 100, 1_000, now::get);
        b.failed("a");
        b.failed("a");
        assertEquals(100 * MS, b.failed("a"));
        now.addAndGet(100 * MS);
        b.succeeded("a");
        assertEquals(0, b.failed("a"), "the count started again");
        assertEquals(0, b.failed("a"));
        assertEquals(100 * MS, b.failed("a"));
        now.addAndGet(2_001 * MS); // more than twice the longest wait without a wrong key
        assertEquals(0, b.failed("a"), "forgiven");
    }

    @Test
    void quietAddressesAreForgottenBeyondTheBound() {
        FailureBackoff b = new FailureBackoff(5, 100, 1_000, now::get);
        for (int i = 0; i <= FailureBackoff.MAX_ADDRESSES; i++) {
            b.failed("10.1." + i);
        }
        now.addAndGet(200 * MS);
        b.failed("late");
        assertEquals(1, b.size());
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FailureBackoff(-1, 100, 200, now::get));
        assertThrows(IllegalArgumentException.class, () -> new FailureBackoff(1, 0, 200, now::get));
        assertThrows(IllegalArgumentException.class, () -> new FailureBackoff(1, 300, 200, now::get));
    }
}

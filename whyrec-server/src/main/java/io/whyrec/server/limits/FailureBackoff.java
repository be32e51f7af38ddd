package io.whyrec.server.limits;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Makes an address that keeps sending wrong admin keys wait: its first {@code freeFailures} wrong keys cost
 * nothing, each further one shuts the address out for a wait that starts at {@code firstWaitMillis} and doubles
 * with every wrong key, up to {@code maxWaitMillis}. While it is shut out its admin keys are not even checked (the
 * caller answers 429 with the time left), so guessing runs at one key per wait. A right key clears the address's
 * count; so does a quiet spell of twice the longest wait. Addresses are forgotten when their count is cleared, and
 * beyond {@value #MAX_ADDRESSES} the quiet ones are swept out (at most once a second).
 */
public final class FailureBackoff {

    /** The least time between two sweeps. */
    private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

    /** Addresses held before quiet ones are swept out. */
    static final int MAX_ADDRESSES = 100_000;

    private final int freeFailures;
    private final long firstWaitNanos;
    private final long maxWaitNanos;
    private final LongSupplier nanoClock;
    private volatile long nextSweep;
    private final Map<String, Record> addresses = new ConcurrentHashMap<>();

    /**
     * @param freeFailures    wrong keys an address may send before it waits, >= 0
     * @param firstWaitMillis the first wait, >= 1
     * @param maxWaitMillis   the longest wait, >= the first
     * @param nanoClock       monotonic time in nanoseconds
     */
    public FailureBackoff(int freeFailures, long firstWaitMillis, long maxWaitMillis, LongSupplier nanoClock) {
        if (freeFailures < 0 || firstWaitMillis < 1 || maxWaitMillis < firstWaitMillis) {
            throw new IllegalArgumentException("freeFailures " + freeFailures + " must be >= 0 and the waits "
                    + firstWaitMillis + " <= " + maxWaitMillis + " ms at least 1 ms");
        }
        this.freeFailures = freeFailures;
        this.firstWaitNanos = firstWaitMillis * 1_000_000L;
        this.maxWaitNanos = maxWaitMillis * 1_000_000L;
        this.nanoClock = nanoClock;
        this.nextSweep = nanoClock.getAsLong();
    }

    /** Nanoseconds the address must still wait before its next admin key is checked; 0 when it need not. */
    public long waitNanos(String address) {
        Record r = addresses.get(address);
        if (r == null) {
            return 0;
        }
        long now = nanoClock.getAsLong();
        synchronized (r) {
            long left = r.until - now;
            return r.shut && left > 0 ? left : 0;
        }
    }

    /**
     * Counts a wrong admin key from the address.
     *
     * @return the nanoseconds it now has to wait (0 while it is within its free failures)
     */
    public long failed(String address) {
        long now = nanoClock.getAsLong();
        if (addresses.size() > MAX_ADDRESSES && now - nextSweep >= 0) {
            nextSweep = now + SWEEP_INTERVAL_NANOS;
            sweep(now);
        }
        Record r = addresses.computeIfAbsent(address, a -> new Record());
        synchronized (r) {
            if (r.failures > 0 && now - r.last > 2 * maxWaitNanos) {
                r.failures = 0; // a quiet spell forgives
            }
            r.failures++;
            r.last = now;
            int over = r.failures - freeFailures;
            if (over <= 0) {
                return 0;
            }
            long wait = over > 40 ? maxWaitNanos : Math.min(maxWaitNanos, firstWaitNanos << Math.min(over - 1, 40));
            if (wait <= 0) { // the shift overflowed
                wait = maxWaitNanos;
            }
            r.shut = true;
            r.until = now + wait;
            return wait;
        }
    }

    /** A right admin key from the address: its count starts again. */
    public void succeeded(String address) {
        addresses.remove(address);
    }

    /** Addresses held (for tests of the bound). */
    int size() {
        return addresses.size();
    }

    private void sweep(long now) {
        for (Iterator<Record> it = addresses.values().iterator(); it.hasNext(); ) {
            Record r = it.next();
            synchronized (r) {
                if ((!r.shut || r.until - now <= 0) && now - r.last > firstWaitNanos) {
                    it.remove();
                }
            }
        }
    }

    private static final class Record {
        int failures;
        long last;
        boolean shut;
        long until;
    }
}

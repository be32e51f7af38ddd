package io.whyrec.server.limits;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per key (a user token's user, the admin key): each key may take {@code burst} requests at once
 * and then {@code rate} per second on average. A bucket starts full and refills continuously; a request that
 * finds less than one token is refused with the time until the next one. Buckets that have refilled completely
 * are forgotten when more than {@value #MAX_KEYS} keys are held (swept at most once a second), so the map stays
 * bounded.
 */
public final class TokenBuckets {

    /** The least time between two sweeps. */
    private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

    /** Keys held before full buckets are swept out. */
    static final int MAX_KEYS = 100_000;

    private static final double NANOS = 1e9;

    private final double rate;
    private final int burst;
    private final LongSupplier nanoClock;
    private volatile long nextSweep;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param rate      tokens per second, > 0
     * @param burst     bucket size, >= 1
     * @param nanoClock monotonic time in nanoseconds ({@code System::nanoTime}, or a test's clock)
     */
    public TokenBuckets(double rate, int burst, LongSupplier nanoClock) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate " + rate + " must be finite and > 0");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst " + burst + " must be >= 1");
        }
        this.rate = rate;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.nextSweep = nanoClock.getAsLong();
    }

    /** Requests per second on average. */
    public double rate() {
        return rate;
    }

    /** Requests at once. */
    public int burst() {
        return burst;
    }

    /**
     * Takes one token of a key's bucket.
     *
     * @return 0 when the request may go ahead, else the nanoseconds until the bucket holds a token again (nothing
     *         is taken then)
     */
    public long take(String key) {
        long now = nanoClock.getAsLong();
        if (buckets.size() > MAX_KEYS && now - nextSweep >= 0) {
            nextSweep = now + SWEEP_INTERVAL_NANOS;
            sweep(now);
        }
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (b) {
            b.refill(now, rate, burst);
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / rate * NANOS));
        }
    }

    /** Keys held (for tests of the bound). */
    int size() {
        return buckets.size();
    }

    private void sweep(long now) {
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            Bucket b = it.next();
            synchronized (b) {
                b.refill(now, rate, burst);
                if (b.tokens >= burst) {
                    it.remove();
                }
            }
        }
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }

        void refill(long now, double rate, int burst) {
            if (now > at) {
                tokens = Math.min(burst, tokens + (now - at) / NANOS * rate);
                at = now;
            }
        }
    }
}

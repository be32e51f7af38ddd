package io.whyrec.server.limits;

/**
 * The fair-use settings of the server, with their defaults ({@link #DEFAULT}); a rate of 0 or a budget of 0 turns
 * that limit off.
 *
 * @param maxCost               largest accepted {@link CostBudget cost estimate} of one request, in cost units
 *                              (history events x explained items x method factor); default 20,000,000 (LIME
 *                              for 30 items of a user with 1,000 events fits, for 100 it does not); 0 = no budget
 * @param expensiveConcurrency  most expensive requests (an explanation method other than exact, a counterfactual
 *                              or a why-not answer) computed at once; default 0, meaning max(1, cores / 2); -1
 *                              = no gate (each computed at once on its request's thread, as before these limits)
 * @param expensiveWaitMillis   how long an expensive request waits for its turn before it is answered 429;
 *                              default 1,000 ms
 * @param userRate              requests per second each user token may make on average; default 50; 0 = no limit
 * @param userBurst             requests a user token may make at once after a quiet spell; default 100
 * @param adminRate             requests per second the admin key may make on average; default 0 = no limit (the
 *                              platform's backend calls with it for every user)
 * @param adminBurst            requests the admin key may make at once; default 2,000
 * @param adminFailures         wrong admin keys one address may send before it is made to wait; default 10
 * @param adminBackoffMillis    the first wait after those, doubled at each further wrong key; default 1,000 ms
 * @param adminBackoffMaxMillis the longest wait; default 900,000 ms (15 minutes)
 */
public record FairUse(long maxCost, int expensiveConcurrency, long expensiveWaitMillis, double userRate,
                      int userBurst, double adminRate, int adminBurst, int adminFailures, long adminBackoffMillis,
                      long adminBackoffMaxMillis) {

    /** Default cost budget per request, in cost units. */
    public static final long DEFAULT_MAX_COST = 20_000_000L;
    /** Default bound on concurrent expensive requests: 0, meaning max(1, cores / 2). */
    public static final int DEFAULT_EXPENSIVE_CONCURRENCY = 0;
    /** Default wait of an expensive request for its turn, in milliseconds. */
    public static final long DEFAULT_EXPENSIVE_WAIT_MILLIS = 1_000;
    /** Default rate of a user token, requests per second. */
    public static final double DEFAULT_USER_RATE = 50;
    /** Default burst of a user token, requests. */
    public static final int DEFAULT_USER_BURST = 100;
    /**
     * Default rate of the admin key: 0, no limit. The admin key is the platform's own backend credential, which
     * calls on behalf of every user (the load benchmark of whyrec-server/bench uses it), so a default limit would
     * cap the whole service; set one where the key is used otherwise.
     */
    public static final double DEFAULT_ADMIN_RATE = 0;
    /** Default burst of the admin key, requests. */
    public static final int DEFAULT_ADMIN_BURST = 2_000;
    /** Default number of wrong admin keys an address may send before it waits. */
    public static final int DEFAULT_ADMIN_FAILURES = 10;
    /** Default first wait after those, in milliseconds. */
    public static final long DEFAULT_ADMIN_BACKOFF_MILLIS = 1_000;
    /** Default longest wait, in milliseconds (15 minutes). */
    public static final long DEFAULT_ADMIN_BACKOFF_MAX_MILLIS = 900_000;

    /** The defaults listed above. */
    public static final FairUse DEFAULT = new FairUse(DEFAULT_MAX_COST, DEFAULT_EXPENSIVE_CONCURRENCY,
            DEFAULT_EXPENSIVE_WAIT_MILLIS, DEFAULT_USER_RATE, DEFAULT_USER_BURST, DEFAULT_ADMIN_RATE,
            DEFAULT_ADMIN_BURST, DEFAULT_ADMIN_FAILURES, DEFAULT_ADMIN_BACKOFF_MILLIS, DEFAULT_ADMIN_BACKOFF_MAX_MILLIS);

    /** No limit at all (the server as it was before these limits; for measurements that compare with it). */
    public static final FairUse OFF = new FairUse(0, -1, 0, 0, 1, 0, 1, Integer.MAX_VALUE, 1, 1);

    /** Checks the fields, naming the one that is out of range. */
    public FairUse {
        if (maxCost < 0) {
            throw new IllegalArgumentException("maxCost " + maxCost + " is negative");
        }
        if (expensiveConcurrency < -1) {
            throw new IllegalArgumentException("expensiveConcurrency " + expensiveConcurrency + " is below -1 (no "
                    + "gate)");
        }
        if (expensiveWaitMillis < 0) {
            throw new IllegalArgumentException("expensiveWaitMillis " + expensiveWaitMillis + " is negative");
        }
        if (!(userRate >= 0) || !(adminRate >= 0) || Double.isInfinite(userRate) || Double.isInfinite(adminRate)) {
            throw new IllegalArgumentException("userRate " + userRate + " and adminRate " + adminRate
                    + " must be finite and >= 0");
        }
        if (userBurst < 1 || adminBurst < 1) {
            throw new IllegalArgumentException("userBurst " + userBurst + " and adminBurst " + adminBurst
                    + " must be >= 1");
        }
        if (adminFailures < 0) {
            throw new IllegalArgumentException("adminFailures " + adminFailures + " is negative");
        }
        if (adminBackoffMillis < 1 || adminBackoffMaxMillis < adminBackoffMillis) {
            throw new IllegalArgumentException("adminBackoffMillis " + adminBackoffMillis + " must be >= 1 and at "
                    + "most adminBackoffMaxMillis " + adminBackoffMaxMillis);
        }
    }

    /** Whether expensive requests pass through a gate at all. */
    public boolean gated() {
        return expensiveConcurrency >= 0;
    }

    /** The number of expensive requests computed at once on a machine with that many cores (when gated). */
    public int expensivePermits(int cores) {
        return expensiveConcurrency > 0 ? expensiveConcurrency : Math.max(1, cores / 2);
    }

    /** A copy with another cost budget (0 = none). */
    public FairUse withMaxCost(long cost) {
        return new FairUse(cost, expensiveConcurrency, expensiveWaitMillis, userRate, userBurst, adminRate,
                adminBurst, adminFailures, adminBackoffMillis, adminBackoffMaxMillis);
    }

    /** A copy with another bound on concurrent expensive requests (0 = max(1, cores / 2)) and wait. */
    public FairUse withExpensive(int concurrency, long waitMillis) {
        return new FairUse(maxCost, concurrency, waitMillis, userRate, userBurst, adminRate, adminBurst,
                adminFailures, adminBackoffMillis, adminBackoffMaxMillis);
    }

    /** A copy with other per-token rates: user tokens and the admin key, requests per second and bursts. */
    public FairUse withRates(double user, int userMax, double admin, int adminMax) {
        return new FairUse(maxCost, expensiveConcurrency, expensiveWaitMillis, user, userMax, admin, adminMax,
                adminFailures, adminBackoffMillis, adminBackoffMaxMillis);
    }

    /** A copy with another admin-key backoff: free failures, first wait and longest wait. */
    public FairUse withAdminBackoff(int failures, long firstMillis, long maxMillis) {
        return new FairUse(maxCost, expensiveConcurrency, expensiveWaitMillis, userRate, userBurst, adminRate,
                adminBurst, failures, firstMillis, maxMillis);
    }
}

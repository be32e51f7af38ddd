package io.whyrec.server.api;

import io.javalin.http.Context;
import io.whyrec.server.auth.Authenticator;
import io.whyrec.server.auth.Caller;
import io.whyrec.server.limits.CostBudget;
import io.whyrec.server.limits.ExpensiveGate;
import io.whyrec.server.limits.FailureBackoff;
import io.whyrec.server.limits.FairUse;
import io.whyrec.server.limits.TokenBuckets;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Admits requests by the {@link FairUse} settings, in this order:
 * <ol>
 *   <li>an address shut out after too many wrong admin keys ({@link FailureBackoff}) gets 429 for any request
 *       carrying {@code X-Admin-Key}, without the key being checked; a wrong key counts against its address (the
 *       peer address of the connection; a proxy in front makes every client one address);</li>
 *   <li>each credential, the user token's user or the admin key, has its {@link TokenBuckets token bucket}: a
 *       request finding it empty gets 429;</li>
 *   <li>an explanation request is estimated ({@link CostBudget}) before it is computed: above the budget it gets
 *       400 naming the budget, the estimate and what to lower;</li>
 *   <li>an expensive one (an attribution method other than exact, a counterfactual, a why-not answer) is computed
 *       within the {@link ExpensiveGate}: when no permit comes free within the wait it gets 429.</li>
 * </ol>
 * Every 429 carries {@code Retry-After} (seconds) and the JSON error body. Requests without credentials are
 * refused by the endpoints (401) and pass no bucket.
 */
public final class Admission implements AutoCloseable {

    private final FairUse fair;
    private final CostBudget budget;
    private final TokenBuckets users;
    private final TokenBuckets admin;
    private final FailureBackoff backoff;
    private final ExpensiveGate gate;
    private final AtomicLong rateRefusals = new AtomicLong();
    private final AtomicLong backoffRefusals = new AtomicLong();
    private final AtomicLong budgetRefusals = new AtomicLong();

    /**
     * @param fair      the settings
     * @param cores     cores of the machine (the gate's default size is max(1, cores / 2))
     * @param nanoClock monotonic time in nanoseconds
     */
    public Admission(FairUse fair, int cores, LongSupplier nanoClock) {
        this.fair = fair;
        this.budget = new CostBudget(fair.maxCost());
        this.users = fair.userRate() > 0 ? new TokenBuckets(fair.userRate(), fair.userBurst(), nanoClock) : null;
        this.admin = fair.adminRate() > 0 ? new TokenBuckets(fair.adminRate(), fair.adminBurst(), nanoClock) : null;
        this.backoff = new FailureBackoff(fair.adminFailures(), fair.adminBackoffMillis(),
                fair.adminBackoffMaxMillis(), nanoClock);
        this.gate = fair.gated() ? new ExpensiveGate(fair.expensivePermits(cores), fair.expensiveWaitMillis()) : null;
    }

    /** The settings of {@code fair} on this machine's cores and the system clock. */
    public static Admission of(FairUse fair) {
        return new Admission(fair, Runtime.getRuntime().availableProcessors(), System::nanoTime);
    }

    /** The settings. */
    public FairUse settings() {
        return fair;
    }

    /** The gate of expensive requests, or null without one. */
    public ExpensiveGate gate() {
        return gate;
    }

    /**
     * Identifies the caller of a request and takes its token (steps 1 and 2 above).
     *
     * @param address the peer address
     * @param now     seconds since the epoch, for the token's expiry
     * @throws ApiException 429 while the address is shut out or the credential's bucket is empty
     */
    public Caller identify(Authenticator auth, String address, String adminHeader, String authorization, long now) {
        if (adminHeader != null) {
            long wait = backoff.waitNanos(address);
            if (wait > 0) {
                backoffRefusals.incrementAndGet();
                throw ApiException.tooManyRequests("X-Admin-Key: too many wrong admin keys from this address; its "
                        + "admin keys are not checked for now", wait);
            }
        }
        Caller c = auth.identify(adminHeader, authorization, now);
        if (adminHeader != null) {
            if (c.admin()) {
                backoff.succeeded(address);
            } else {
                backoff.failed(address);
            }
        }
        TokenBuckets buckets = c.admin() ? admin : c.user() != null ? users : null;
        if (buckets != null) {
            long wait = buckets.take(c.admin() ? "admin" : c.user());
            if (wait > 0) {
                rateRefusals.incrementAndGet();
                throw ApiException.tooManyRequests(String.format(Locale.ROOT, "rate: %s may make %s requests per "
                        + "second (bursts of %d)", c.admin() ? "the admin key" : "a user token",
                        trim(buckets.rate()), buckets.burst()), wait);
            }
        }
        return c;
    }

    /** Identifies a request's caller from its headers and peer address ({@link #identify(Authenticator, String,
     * String, String, long)}). */
    public Caller identify(Context ctx, Authenticator auth) {
        return identify(auth, ctx.ip(), ctx.header(Authenticator.ADMIN_HEADER), ctx.header("Authorization"),
                System.currentTimeMillis() / 1000);
    }

    /**
     * Checks an estimate against the budget (step 3).
     *
     * @param kParam the list-length parameter that multiplies the items, or null
     * @throws ApiException 400 naming the budget, the estimate and what to lower
     */
    public void checkCost(CostBudget.Estimate e, String kParam) {
        if (!budget.allows(e)) {
            budgetRefusals.incrementAndGet();
            throw ApiException.badRequest(budget.refusal(e, kParam));
        }
    }

    /**
     * Computes an expensive call within the gate (step 4).
     *
     * @throws ApiException 429 when no permit came free within the wait
     */
    public <T> T expensive(Supplier<T> call) {
        if (gate == null) {
            return call.get();
        }
        try {
            return gate.run(call);
        } catch (ExpensiveGate.BusyException e) {
            throw ApiException.tooManyRequests("busy: " + e.permits() + " expensive request" + (e.permits() == 1
                    ? " is" : "s are") + " computed at once and none finished within " + e.waitMillis() + " ms; "
                    + "method=exact without a counterfactual is served at once", e.waitMillis() * 1_000_000L);
        }
    }

    /**
     * Checks the cost of explaining and, when the method is expensive, computes the call within the gate; a cheap
     * one (no explanations, or exact ones without counterfactual) is computed at once.
     *
     * @param kParam the list-length parameter that multiplies the items, or null
     */
    public <T> T explain(CostBudget.Estimate e, String kParam, Supplier<T> call) {
        checkCost(e, kParam);
        return isExpensive(e) ? expensive(call) : call.get();
    }

    /**
     * The estimate of explaining {@code items} items of a model's ranking for a user: the user's active events
     * (those the models read) x items x the factor of the method the request resolves to (null or
     * {@code counterfactual}: the model's default, exact for an additive model, loo otherwise, with a
     * counterfactual for the latter). A request without explanations, or for a user whose list is the popularity
     * one, costs nothing.
     */
    public static CostBudget.Estimate estimate(io.whyrec.server.live.Ranker ranker, io.whyrec.server.live.UserState s,
                                               String model, int items, boolean explain, String method) {
        int history = s.active().events().size();
        if (!explain || !s.personalized() || history == 0) {
            return new CostBudget.Estimate(0, history, 0, 0, "none");
        }
        boolean counterfactual = io.whyrec.server.live.Ranker.COUNTERFACTUAL.equals(method);
        String attribution = method;
        if (method == null || method.isEmpty() || counterfactual) {
            io.whyrec.server.live.ServedModel m = ranker.registry().current(model);
            attribution = m == null || m.additive() ? io.whyrec.server.live.Ranker.EXACT : "loo";
        }
        return CostBudget.explain(history, items, attribution, counterfactual);
    }

    /** Whether an estimate's method is expensive: anything but exact attributions (and no explanation). */
    public static boolean isExpensive(CostBudget.Estimate e) {
        return e.factor() > 1;
    }

    /** Requests refused for a credential's rate. */
    public long rateRefusals() {
        return rateRefusals.get();
    }

    /** Admin-key requests refused while their address was shut out. */
    public long backoffRefusals() {
        return backoffRefusals.get();
    }

    /** Requests refused above the cost budget. */
    public long budgetRefusals() {
        return budgetRefusals.get();
    }

    /** Stops the gate's threads. */
    @Override
    public void close() {
        if (gate != null) {
            gate.close();
        }
    }

    private static String trim(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }
}

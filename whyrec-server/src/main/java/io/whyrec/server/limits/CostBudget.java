package io.whyrec.server.limits;

import java.util.Locale;
import java.util.Map;

/**
 * The cost of an explanation request before it is computed: history events x explained items x the method's
 * factor, against a budget per request. One cost unit is about the work of one event's exact contribution to one
 * item; the factors were measured on ML-100K with EASE for its heaviest user, k=10 and k=100 (the figures are in
 * {@code docs/serving.md}, "Fair use"):
 * <ul>
 *   <li>{@code exact} 1: one contribution per event and item;</li>
 *   <li>{@code loo} {@value #LOO}: the item re-scored once per left-out event;</li>
 *   <li>{@code shap} {@value #SHAP} and {@code lime} {@value #LIME}: 2,048 and 1,000 masked histories scored and
 *       a regression over them (KernelShapConfig, LimeConfig defaults); a method of another module (gradients,
 *       attention) counts as {@value #OTHER};</li>
 *   <li>{@code counterfactual} adds {@value #COUNTERFACTUAL} to the attribution's factor: its search re-ranks the
 *       catalogue O(log history) times per item;</li>
 *   <li>a why-not answer ({@code GET .../why-not}) is {@value #WHY_NOT} for its one item: it re-ranks for each
 *       candidate removal and addition.</li>
 * </ul>
 *
 * @param maxCost the budget per request in cost units; 0 = none
 */
public record CostBudget(long maxCost) {

    /** Factor of leave-one-out. */
    public static final long LOO = 20;
    /** Factor of LIME. */
    public static final long LIME = 600;
    /** Factor of KernelSHAP. */
    public static final long SHAP = 300;
    /** Factor of a method registered by another module. */
    public static final long OTHER = 600;
    /** Factor the counterfactual search adds. */
    public static final long COUNTERFACTUAL = 50;
    /** Factor of a why-not answer. */
    public static final long WHY_NOT = 1_000;

    private static final Map<String, Long> ATTRIBUTION = Map.of("exact", 1L, "loo", LOO, "lime", LIME, "shap", SHAP);

    /** Checks the budget. */
    public CostBudget {
        if (maxCost < 0) {
            throw new IllegalArgumentException("maxCost " + maxCost + " is negative");
        }
    }

    /**
     * An estimate.
     *
     * @param cost    history x items x factor
     * @param history events in the history
     * @param items   explained items
     * @param factor  the method's factor
     * @param method  the method as the request named it (e.g. {@code exact+counterfactual}, {@code why-not})
     */
    public record Estimate(long cost, int history, int items, long factor, String method) {
    }

    /** The factor of an attribution method (exact, loo, lime, shap, or another module's). */
    public static long factor(String attribution) {
        return ATTRIBUTION.getOrDefault(attribution, OTHER);
    }

    /**
     * The estimate of explaining {@code items} items over a history of {@code history} events.
     *
     * @param attribution    the attribution method
     * @param counterfactual whether a counterfactual is searched per item
     */
    public static Estimate explain(int history, int items, String attribution, boolean counterfactual) {
        long f = factor(attribution) + (counterfactual ? COUNTERFACTUAL : 0);
        return new Estimate(Math.multiplyExact(Math.multiplyExact((long) history, items), f), history, items, f,
                counterfactual ? attribution + "+counterfactual" : attribution);
    }

    /** The estimate of a why-not answer over a history of {@code history} events. */
    public static Estimate whyNot(int history) {
        return new Estimate(Math.multiplyExact((long) history, WHY_NOT), history, 1, WHY_NOT, "why-not");
    }

    /** Whether an estimate is within the budget (always, without one). */
    public boolean allows(Estimate e) {
        return maxCost == 0 || e.cost() <= maxCost;
    }

    /**
     * What an estimate above the budget should say: the budget, the estimate and its terms, and what to lower
     * (k, to the largest that fits, and the method, with exact's cost).
     *
     * @param kParam the name of the request's list-length parameter ({@code k}), or null where k does not multiply
     *               the items (one explained item)
     */
    public String refusal(Estimate e, String kParam) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "cost: the estimated cost %,d (%,d history "
                        + "events x %,d items x %,d for %s) is above the budget of %,d per request; ",
                e.cost(), e.history(), e.items(), e.factor(), e.method(), maxCost));
        if (e.method().equals("why-not")) {
            return sb.append("ask for the item's explanation instead (GET .../recommendations/{item}/explanation"
                    + "?method=exact), whose cost is ").append(String.format(Locale.ROOT, "%,d", e.history()))
                    .toString();
        }
        sb.append("lower");
        long perItem = (long) e.history() * e.factor();
        long fits = perItem == 0 ? e.items() : maxCost / perItem;
        boolean any = false;
        if (kParam != null && e.items() > 1 && fits >= 1) {
            sb.append(' ').append(kParam).append(" to at most ").append(fits);
            any = true;
        }
        if (!e.method().equals("exact")) {
            sb.append(any ? " or use" : " the method:").append(" method=exact (cost ")
                    .append(String.format(Locale.ROOT, "%,d", (long) e.history() * e.items()))
                    .append(", additive models) or a cheaper method");
            any = true;
        }
        if (!any) {
            sb.append(" the number of explained items");
        }
        return sb.toString();
    }
}

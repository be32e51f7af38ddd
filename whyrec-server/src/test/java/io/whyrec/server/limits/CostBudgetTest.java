package io.whyrec.server.limits;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cost estimates computed by hand and the refusal's advice. */
class CostBudgetTest {

    @Test
    void theEstimateIsHistoryTimesItemsTimesTheFactor() {
        // 200 events x 10 items x 1 (exact)
        assertEquals(2_000, CostBudget.explain(200, 10, "exact", false).cost());
        // 200 x 10 x (1 + COUNTERFACTUAL)
        assertEquals(200L * 10 * (1 + CostBudget.COUNTERFACTUAL), CostBudget.explain(200, 10, "exact", true).cost());
        assertEquals("exact+counterfactual", CostBudget.explain(200, 10, "exact", true).method());
        assertEquals(200L * 10 * CostBudget.SHAP, CostBudget.explain(200, 10, "shap", false).cost());
        assertEquals(200L * 10 * CostBudget.OTHER, CostBudget.explain(200, 10, "ig", false).cost());
        assertEquals(200L * CostBudget.WHY_NOT, CostBudget.whyNot(200).cost());
        // the measured order of the factors: exact < loo < counterfactual < shap < lime < why-not
        assertTrue(1 < CostBudget.LOO && CostBudget.LOO < CostBudget.COUNTERFACTUAL
                && CostBudget.COUNTERFACTUAL < CostBudget.SHAP && CostBudget.SHAP < CostBudget.LIME
                && CostBudget.LIME < CostBudget.WHY_NOT);
    }

    @Test
    void aRefusalNamesTheBudgetTheEstimateAndTheLargestKThatFits() {
        CostBudget budget = new CostBudget(20_000);
        CostBudget.Estimate e = CostBudget.explain(500, 100, "exact", true);
        assertFalse(budget.allows(e));
        // 20,000 / (500 x 51) = 0.78: no k fits, so only the method is advised
        String m = budget.refusal(e, "k");
        assertTrue(m.startsWith("cost: the estimated cost 2,550,000 (500 history events x 100 items x 51 for "
                + "exact+counterfactual) is above the budget of 20,000 per request"), m);
        assertTrue(m.contains("method=exact (cost 50,000"), m);
        assertFalse(m.contains("k to at most"), m);
        // 50 events: 20,000 / (50 x 51) = 7.8, so k=7 fits
        String m2 = budget.refusal(CostBudget.explain(50, 100, "exact", true), "k");
        assertTrue(m2.contains("lower k to at most 7 or use method=exact"), m2);
        assertTrue(budget.allows(CostBudget.explain(50, 7, "exact", true)));
        assertFalse(budget.allows(CostBudget.explain(50, 8, "exact", true)));
        String w = budget.refusal(CostBudget.whyNot(500), null);
        assertTrue(w.contains("why-not") && w.contains("method=exact"), w);
    }

    @Test
    void noBudgetAllowsEverything() {
        assertTrue(new CostBudget(0).allows(CostBudget.explain(100_000, 100, "shap", true)));
    }
}

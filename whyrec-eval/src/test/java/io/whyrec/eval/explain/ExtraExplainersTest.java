package io.whyrec.eval.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.History;
import io.whyrec.api.Progress;
import io.whyrec.api.WeightedEvent;
import io.whyrec.explain.exact.ExactExplainer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An explainer passed in from outside is measured exactly as a configured method: the exact explainer under
 * another name gets the same deletion, insertion, counterfactual and PN/PS figures as the configured "exact", and
 * no stability figure.
 */
class ExtraExplainersTest {

    // 5 items; users 0..2 with two or three events each (see RankCurvesTest for the scorer)
    static final RankCurvesTest.Linear MODEL = new RankCurvesTest.Linear(new double[][] {
        {0, 0, 3, 1, 2}, {0, 0, 1, 2, 0}, {1, 0, 0, 0, 2}, {0, 1, 0, 0, 1}, {0, 2, 1, 0, 0}});
    static final List<History> USERS = List.of(
            new History(0, List.of(WeightedEvent.unit(0, 1), WeightedEvent.unit(1, 2))),
            new History(1, List.of(WeightedEvent.unit(2, 1), WeightedEvent.unit(3, 2), WeightedEvent.unit(0, 3))),
            new History(2, List.of(WeightedEvent.unit(4, 1), WeightedEvent.unit(1, 2))));

    @Test
    void anExtraExplainerIsMeasuredLikeAConfiguredOne() {
        ExplanationEvaluationConfig config = ExplanationEvaluationConfig.DEFAULT.withK(2).withMethods(List.of("exact"));
        ExplanationEvaluation.Result r = new ExplanationEvaluation(config).evaluate("linear", MODEL, USERS::get,
                new int[] {0, 1, 2}, null, Map.of("exact-again", new ExactExplainer(MODEL, null)), Progress.NONE);
        MethodQuality a = r.method("exact");
        MethodQuality b = r.method("exact-again");
        assertEquals(6, a.explanations());
        assertEquals(a.explanations(), b.explanations());
        assertEquals(a.deletionAuc(), b.deletionAuc(), 1e-12);
        assertEquals(a.deletionAucRandom(), b.deletionAucRandom(), 1e-12);
        assertEquals(a.insertionAuc(), b.insertionAuc(), 1e-12);
        assertEquals(a.counterfactualFound(), b.counterfactualFound(), 1e-12);
        assertEquals(a.pn(), b.pn(), 1e-12);
        assertEquals(a.ps(), b.ps(), 1e-12);
        assertTrue(Double.isNaN(b.stability()), "no stability for an extra (deterministic) explainer");
        assertEquals(1.0, r.agreement().get("exact~exact-again"), 1e-12);
    }

    @Test
    void anExtraNameMayNotShadowAConfiguredMethod() {
        ExplanationEvaluation e = new ExplanationEvaluation(ExplanationEvaluationConfig.DEFAULT.withMethods(
                List.of("exact")));
        assertThrows(IllegalArgumentException.class, () -> e.evaluate("linear", MODEL, USERS::get, new int[] {0},
                null, Map.of("exact", new ExactExplainer(MODEL, null)), Progress.NONE));
    }
}

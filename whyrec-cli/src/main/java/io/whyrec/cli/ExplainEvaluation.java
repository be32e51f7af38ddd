package io.whyrec.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whyrec.api.Recommender;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.model.CatalogItemInfo;
import io.whyrec.core.model.ModelHistories;
import io.whyrec.core.model.ModelSpec;
import io.whyrec.eval.Evaluator;
import io.whyrec.eval.explain.ExplanationEvaluation;
import io.whyrec.eval.explain.ExplanationEvaluationConfig;
import io.whyrec.eval.explain.MethodQuality;
import io.whyrec.eval.protocol.EvaluationProtocol;
import io.whyrec.eval.report.EvaluationReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --explain} part of {@code whyrec evaluate}: evaluates the models as usual, keeps the fitted ones,
 * and measures the explanations of each on the top-K of a seeded sample of the evaluated users
 * ({@link ExplanationEvaluation}). The JSON is the usual report with one more key, {@code explanations}: one
 * entry per model with its per-method quality; the text output appends a table.
 */
final class ExplainEvaluation {

    private ExplainEvaluation() {
    }

    static int run(EvaluateCommand cmd, EvaluationProtocol protocol, List<ModelSpec<?>> specs) {
        Evaluator.Options options = Evaluator.Options.defaults().with(cmd.k, cmd.seed, !cmd.noTune);
        Map<String, Recommender> fitted = new LinkedHashMap<>();
        EvaluationReport report;
        ExplanationEvaluationConfig config = ExplanationEvaluationConfig.DEFAULT.withK(cmd.k)
                .withUsers(cmd.explainUsers, Math.min(ExplanationEvaluationConfig.DEFAULT.stabilityUsers(),
                        cmd.explainUsers == 0 ? Integer.MAX_VALUE : cmd.explainUsers)).withSeed(cmd.seed);
        ExplanationEvaluation evaluation = new ExplanationEvaluation(config);
        Dataset train = protocol.train();
        CatalogItemInfo info = new CatalogItemInfo(train.catalog());
        List<ExplanationEvaluation.Result> results = new java.util.ArrayList<>();
        try (ConsoleProgress progress = new ConsoleProgress(cmd.spec.commandLine().getErr(), cmd.quiet)) {
            report = new Evaluator(options).evaluate(protocol, specs, progress, fitted);
            for (Map.Entry<String, Recommender> e : fitted.entrySet()) {
                Recommender model = e.getValue();
                results.add(evaluation.evaluate(e.getKey(), model, u -> ModelHistories.of(model, train, u),
                        protocol.users(), info, progress));
            }
        }
        if (cmd.json) {
            ObjectNode tree = report.toJsonTree();
            ArrayNode arr = tree.putArray("explanations");
            for (ExplanationEvaluation.Result r : results) {
                arr.add(Json.mapper().valueToTree(r.toMap(config)));
            }
            cmd.spec.commandLine().getOut().println(Json.write(tree));
        } else {
            StringBuilder sb = new StringBuilder(report.toText());
            sb.append(String.format(Locale.ROOT, "%nExplanation quality (top-%d of %s users):%n", cmd.k,
                    cmd.explainUsers == 0 ? "all" : cmd.explainUsers + " sampled"));
            sb.append(String.format(Locale.ROOT, "%-8s %-6s %7s %7s %7s %7s %6s %5s %5s %5s %6s %6s%n", "model",
                    "method", "delAUC", "ratio", "margin", "inTopK", "cf", "cfMed", "PN", "PS", "stab", "cover"));
            for (ExplanationEvaluation.Result r : results) {
                for (MethodQuality m : r.methods()) {
                    sb.append(String.format(Locale.ROOT,
                            "%-8s %-6s %7.3f %7.3f %7.3f %7.3f %6.3f %5.1f %5.2f %5.2f %6.3f %6.3f%n", r.model(),
                            m.method(), m.deletionAuc(), m.deletionRatio(), m.marginRatio(), m.inTopKRatio(),
                            m.counterfactualFound(), m.counterfactualMedian(), m.pn(), m.ps(), m.stability(),
                            m.coverage()));
                }
            }
            cmd.spec.commandLine().getOut().print(sb);
        }
        return 0;
    }
}

package io.whyrec.cli;

import io.whyrec.core.model.ModelSpec;
import io.whyrec.core.model.Models;
import io.whyrec.eval.Evaluator;
import io.whyrec.eval.protocol.EvaluationProtocol;
import io.whyrec.eval.protocol.FixedSpec;
import io.whyrec.eval.protocol.ParamGrid;
import io.whyrec.eval.protocol.ProtocolSpec;
import io.whyrec.eval.report.EvaluationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code whyrec evaluate}: full-ranking evaluation of several models on one split, each tuned on a validation
 * split carved from train (never on test), with paired bootstrap 95% intervals against the first model;
 * {@code --param MODEL.KEY=VALUE} fixes a parameter (a list of values is the grid searched instead). A model
 * refused before its fit (it does not fit in the heap) is listed as not fitted and the others are kept. With
 * {@code --json} it prints one JSON object whose {@code results} array has, per model,
 * {@code {"model", "params", "metrics": {"Recall@10", "NDCG@10", "HR@10", "MRR@10", ...}, "ci95", ...}}.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate models with full ranking, validation tuning and bootstrap intervals.",
        footer = {"", "Examples:",
                "  whyrec evaluate --format ml100k --train ../shared/data/ml-100k/ua.base "
                        + "--test ../shared/data/ml-100k/ua.test --models pop,itemknn,ease,profile --k 10 --json",
                "  whyrec evaluate --format user-items --train train.txt --test test.txt --models pop,ease,ials",
                "  whyrec evaluate --data-dir ml100k --models pop,ease --param ease.lambda=200,400,800",
                "  whyrec evaluate --data-dir ml100k --protocol random:0.8 --seed 7 --models ease",
                "  whyrec evaluate --data-dir ml100k --protocol loo --models pop,ease"})
final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Option(names = "--protocol", paramLabel = "SPEC",
            description = "given | random:0.8 | temporal:TIMESTAMP | loo (leave-one-out: each user's last event is "
                    + "the target, the second-to-last the validation target); validation is always carved from "
                    + "train the same way as the test (default: given when a test part exists, else random:0.8).")
    String protocol;

    @Option(names = "--models", split = ",", defaultValue = "pop,itemknn,ease,profile",
            description = "Models to evaluate, baseline first: pop, itemknn, ease, ials, blend, profile, and from the "
                    + "optional "
                    + "modules content, hybrid and sasrec (default: ${DEFAULT-VALUE}).")
    List<String> models = new ArrayList<>();

    @Option(names = "--k", defaultValue = "10", description = "Cut-off K (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of splits and bootstrap (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-tune", description = "Use each model's defaults instead of tuning on validation.")
    boolean noTune;

    @Option(names = "--param", paramLabel = "MODEL.KEY=VALUE[,VALUE...]",
            description = "Fix a model's parameter instead of tuning it, e.g. ease.lambda=400; a list of values is "
                    + "the grid the tuner searches on validation instead of the model's own, e.g. "
                    + "ease.lambda=200,400,800 (repeatable; any model of --models, any of its parameters).")
    List<String> params = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Option(names = "--explain", description = "Also measure explanation quality per model and method "
            + "(adds an 'explanations' section to the JSON).")
    boolean explain;

    @Option(names = "--explain-users", defaultValue = "100", paramLabel = "N",
            description = "Users (seeded sample) whose top-K are explained with --explain; 0 = all "
                    + "(default: ${DEFAULT-VALUE}).")
    int explainUsers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, Map<String, List<String>>> given = ParamGrid.parse(params);
        for (String m : given.keySet()) {
            if (!models.contains(m)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--param " + m + "."
                        + given.get(m).keySet().iterator().next() + ": model '" + m + "' is not among --models "
                        + models);
            }
        }
        List<ModelSpec<?>> specs = models.stream().<ModelSpec<?>>map(name -> {
            ModelSpec<?> model = Models.require(name);
            return given.containsKey(name) ? FixedSpec.grid(model, ParamGrid.combinations(given.get(name))) : model;
        }).toList();
        DataOptions.Loaded loaded = data.load(spec.commandLine().getErr());
        Evaluator.Options options = Evaluator.Options.defaults().with(k, seed, !noTune);
        EvaluationProtocol run = ProtocolSpec.parse(protocol, loaded.given() != null, seed)
                .build(loaded.trainingData(), loaded.given(), k, options.settings());
        if (explain) {
            return ExplainEvaluation.run(this, run, specs);
        }
        EvaluationReport report;
        try (ConsoleProgress progress = new ConsoleProgress(spec.commandLine().getErr(), quiet)) {
            report = new Evaluator(options).evaluate(run, specs, progress);
        }
        spec.commandLine().getOut().println(json ? report.toJson() : report.toText());
        return 0;
    }
}

package io.whyrec.cli;

import io.whyrec.api.Recommender;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.files.ModelFiles;
import io.whyrec.core.model.ModelSpec;
import io.whyrec.core.model.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code whyrec train}: fits one model on the training data (the train part of an imported split, or all
 * events) and saves it in the versioned, checksummed model format to {@code DIR/models/NAME.model} (or
 * {@code --out}). Hyper-parameters are the model's documented defaults unless given with {@code --param}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Fit a model and save it.",
        footer = {"", "Examples:",
                "  whyrec train --data-dir ml100k --model ease --param lambda=400",
                "  whyrec train --data-dir ml100k --model itemknn --param k=100,shrinkage=10",
                "  whyrec train --format ml100k --train ../shared/data/ml-100k/u.data --model profile --out p.model"})
final class TrainCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Option(names = "--model", required = true, description = "Model name: pop, itemknn, ease, ials, blend, profile, and "
            + "from "
            + "the optional modules content, hybrid and sasrec (bin/whyrec adds those modules when named).")
    String model;

    @Option(names = "--param", split = ",", paramLabel = "KEY=VALUE", description = "Hyper-parameter overrides.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "FILE", description = "Model file (default: DIR/models/NAME.model).")
    Path out;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Dataset train = data.load(spec.commandLine().getErr()).trainingData();
        Recommender fitted = fit(Models.require(model), params, train);
        Path file = out != null ? out : modelFile(data, model);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        ModelFiles.save(fitted, file, train.items().ids(), train.fingerprint());
        spec.commandLine().getOut().printf("trained %s %s on %d events of %d users -> %s%n", fitted.name(),
                fitted.params(), train.numEvents(), train.activeUsers().length, file);
        return 0;
    }

    private <C> Recommender fit(ModelSpec<C> modelSpec, Map<String, String> overrides, Dataset train) {
        try (ConsoleProgress progress = new ConsoleProgress(spec.commandLine().getErr(), quiet)) {
            return modelSpec.fit(train, modelSpec.configure(overrides), progress);
        }
    }

    /** Fits a model with its documented defaults, without progress output. */
    static <C> Recommender fitDefaults(ModelSpec<C> modelSpec, Dataset train) {
        return modelSpec.fit(train, modelSpec.defaults(), io.whyrec.api.Progress.NONE);
    }

    /** Where a model of this name lives in a data directory. */
    static Path modelFile(DataOptions data, String name) {
        return data.dataDirOrDefault().resolve("models").resolve(name + ".model");
    }
}

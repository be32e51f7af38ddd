package io.whyrec.neural.train;

import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.config.Params;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.files.ModelReader;
import io.whyrec.core.model.ModelSpec;
import io.whyrec.neural.model.ItemVectorInit;
import io.whyrec.neural.model.SasRec;
import io.whyrec.neural.model.SasRecConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The spec of the "sasrec" model. Override keys (defaults in {@link SasRecConfig}): {@code maxLen}, {@code dim},
 * {@code blocks}, {@code heads}, {@code dropout}, {@code learningRate}, {@code batchSize}, {@code maxEpochs},
 * {@code evalEvery}, {@code patience}, {@code seed}, {@code negatives}, {@code context} (true or false: hour-of-day
 * and weekday embeddings of each event's time; the data must have timestamps), {@code refit} (true or false: retrain
 * on the validation items too after early stopping). The tuning grid has the defaults only: the model tunes its
 * number of epochs itself by early stopping on the validation item carved from the training data it is given
 * ({@link TrainingSequences}), never on test data.
 */
public final class SasRecSpec implements ModelSpec<SasRecConfig> {

    private final SasRecConfig defaults;
    private final Function<Dataset, float[][]> itemVectors;

    /** The spec with {@link SasRecConfig#defaults()}. */
    public SasRecSpec() {
        this(SasRecConfig.defaults());
    }

    /** The spec with other defaults (e.g. a dataset-specific dropout). */
    public SasRecSpec(SasRecConfig defaults) {
        this(defaults, null);
    }

    /**
     * The spec with item embeddings initialised from external vectors, e.g. whyrec-text's embeddings of each item's
     * title and genres (this module does not depend on whyrec-text; the caller supplies the vectors).
     *
     * @param itemVectors gives one vector per dense item of the training data (null rows for items without one);
     *                    they are projected to {@code dim} by {@link ItemVectorInit#project} with the config's seed
     */
    public SasRecSpec(SasRecConfig defaults, Function<Dataset, float[][]> itemVectors) {
        this.defaults = defaults;
        this.itemVectors = itemVectors;
    }

    @Override
    public String name() {
        return SasRec.NAME;
    }

    @Override
    public SasRecConfig defaults() {
        return defaults;
    }

    @Override
    public List<SasRecConfig> tuningGrid() {
        return List.of(defaults);
    }

    @Override
    public SasRecConfig configure(Map<String, String> overrides) {
        return defaults.override(Params.of(name(), overrides, SasRecConfig.KEYS));
    }

    @Override
    public Recommender fit(Dataset train, SasRecConfig config, Progress progress) {
        float[][] initial = itemVectors == null ? null
                : ItemVectorInit.project(itemVectors.apply(train), config.dim(), config.seed());
        return SasRecTrainer.train(train.numItems(), TrainingSequences.of(train), config, initial, progress).model();
    }

    @Override
    public Optional<ModelReader> reader() {
        return Optional.of(SasRec::readPayload);
    }
}

package io.whyrec.core.model;

import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.files.ModelReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to build one kind of model: its name, its typed configuration with documented defaults, the grid of
 * configurations tried on a validation split, fitting, and reading a saved model back. Hyper-parameters are only ever chosen on
 * validation data; a spec never sees test data.
 *
 * @param <C> the model's immutable configuration record
 */
public interface ModelSpec<C> {

    /** The model name used on the command line ("pop", "itemknn", "ease", "ials", "blend", "profile"). */
    String name();

    /** The default configuration. */
    C defaults();

    /** Candidate configurations for validation tuning; a single element when there is nothing to tune. */
    List<C> tuningGrid();

    /** Parses "key=value" overrides (from the command line) on top of the defaults; unknown keys are errors. */
    C configure(Map<String, String> overrides);

    /** Fits the model on training data. */
    Recommender fit(Dataset train, C config, Progress progress);

    /**
     * How to read this kind back from a model file (the payload its model's
     * {@link io.whyrec.core.files.PersistentModel#writePayload} wrote), or empty when the model is not saved.
     */
    default Optional<ModelReader> reader() {
        return Optional.empty();
    }
}

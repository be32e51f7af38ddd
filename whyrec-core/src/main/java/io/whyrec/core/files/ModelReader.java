package io.whyrec.core.files;

import io.whyrec.api.Recommender;
import java.io.DataInput;
import java.io.IOException;
import java.util.Map;

/**
 * Reads one kind of model back from the payload its {@link PersistentModel#writePayload} wrote. Each model's
 * spec gives its reader ({@code io.whyrec.core.model.ModelSpec#reader()}); the model registry passes them to
 * {@link ModelFiles#read}.
 */
@FunctionalInterface
public interface ModelReader {

    /**
     * Rebuilds the model.
     *
     * @param params  the parameters the model reported when saved (JSON numbers arrive as Integer/Long/Double)
     * @param payload the payload bytes, positioned at their start
     * @throws IOException when the payload is inconsistent (the message says what was wrong)
     */
    Recommender read(Map<String, Object> params, DataInput payload) throws IOException;
}

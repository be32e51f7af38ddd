package io.whyrec.core.files;

import io.whyrec.api.Recommender;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The persistence role: a fitted model that can write itself into a whyrec model file. {@link ModelFiles}
 * writes the envelope (magic, format version, kind, parameters, checksum); the model writes only its payload,
 * and a {@link ModelReader} registered for its kind reads it back.
 */
public interface PersistentModel extends Recommender {

    /** The kind recorded in the file, which selects the reader on load; usually {@link #name()}. */
    default String kind() {
        return name();
    }

    /** Writes the fitted state (everything {@link #params()} does not already say). */
    void writePayload(DataOutput out) throws IOException;
}

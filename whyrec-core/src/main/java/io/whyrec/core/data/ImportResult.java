package io.whyrec.core.data;

import java.util.Map;

/**
 * The outcome of an import.
 *
 * @param dataset        the whole dataset, or the train part when a test file was given
 * @param split          the given split when a test file was given, otherwise null
 * @param report         counts of rows read, kept, skipped and dropped
 * @param userAttributes optional user attributes by user id (age, gender, occupation, zip from u.user or
 *                       users.dat); empty when the format has none. They are not stored by {@link DatasetStore}.
 */
public record ImportResult(Dataset dataset, Split split, ImportReport report,
                           Map<String, Map<String, String>> userAttributes) {

    /** Whether the result is a train/test split. */
    public boolean isSplit() {
        return split != null;
    }
}

package io.whyrec.core.data;

import io.whyrec.core.privacy.Pseudonymizer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of an import.
 *
 * @param dataset        the whole dataset, or the train part when a test file was given
 * @param split          the given split when a test file was given, otherwise null
 * @param report         counts of rows read, kept, skipped and dropped
 * @param userAttributes optional user attributes by user id (age, gender, occupation, zip from u.user or
 *                       users.dat); empty when the format has none. They are not stored by {@link DatasetFile}.
 */
public record ImportResult(Dataset dataset, Split split, ImportReport report,
                           Map<String, Map<String, String>> userAttributes) {

    /** Whether the result is a train/test split. */
    public boolean isSplit() {
        return split != null;
    }

    /**
     * The same result with every user id replaced by its pseudonym under a key (in the dataset, both parts of a
     * split and the user attributes); users keep their order, so models fitted on either rank alike.
     */
    public ImportResult pseudonymized(Pseudonymizer key) {
        IdIndex users = Dataset.renamed(dataset.users(), key::pseudonym);
        Dataset train = dataset.withUserIndex(users);
        Split s = split == null ? null : new Split(train, split.test().withUserIndex(users), split.name());
        Map<String, Map<String, String>> attrs = new LinkedHashMap<>();
        userAttributes.forEach((u, a) -> attrs.put(key.pseudonym(u), a));
        return new ImportResult(train, s, report, java.util.Collections.unmodifiableMap(attrs));
    }
}

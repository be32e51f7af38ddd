package io.whyrec.core.data;

import java.util.List;
import java.util.Map;

/**
 * What an import did, for the user to check: how many interaction rows were read and kept, how many bad rows
 * were skipped (only in skip-bad mode), grouped by reason with the location of the first example, and how many
 * test rows were dropped because their item never occurs in train (the evaluation protocol ranks over train
 * items, so such rows could never be hit; this is not an error).
 *
 * @param rowsRead         interaction rows read from the train/interactions and test files, bad ones included
 * @param rowsKept         interaction rows that became events (train plus test)
 * @param skipped          bad rows skipped, by reason, in order of first occurrence (empty in strict mode);
 *                         rows of item, tag and map files are included here too
 * @param droppedTestRows  test rows dropped because their item is not in train
 * @param droppedTestItems distinct items behind {@code droppedTestRows}
 * @param notes            other facts worth telling (files found beside the input, ignored context columns)
 */
public record ImportReport(long rowsRead, long rowsKept, Map<String, Skipped> skipped, long droppedTestRows,
                           int droppedTestItems, List<String> notes) {

    /**
     * Rows skipped for one reason.
     *
     * @param count        how many rows
     * @param firstExample the full message (file:line: reason) of the first such row
     */
    public record Skipped(long count, String firstExample) {
    }

    /** Copies the collections so the report stays immutable. */
    public ImportReport {
        skipped = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(skipped));
        notes = List.copyOf(notes);
    }

    /** Total bad rows skipped, over every reason. */
    public long rowsSkipped() {
        return skipped.values().stream().mapToLong(Skipped::count).sum();
    }

    /** A few human-readable lines for the command line. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append("rows read: ").append(rowsRead).append(", kept: ").append(rowsKept)
                .append(", skipped: ").append(rowsSkipped()).append('\n');
        skipped.forEach((reason, k) -> s.append("  skipped ").append(k.count()).append(" x ").append(reason)
                .append(" (first: ").append(k.firstExample()).append(")\n"));
        if (droppedTestRows > 0) {
            s.append("dropped ").append(droppedTestRows).append(" test rows of ").append(droppedTestItems)
                    .append(" items not seen in train\n");
        }
        notes.forEach(n -> s.append(n).append('\n'));
        return s.toString();
    }
}

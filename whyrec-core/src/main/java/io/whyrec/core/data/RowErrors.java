package io.whyrec.core.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bad-row policy of one import. In the default strict mode the first bad row throws a
 * {@link DataFormatException}; in skip-bad mode the row is counted under its reason (a short category such as
 * "wrong column count") together with the full message of the first row that had it, and reading goes on.
 */
final class RowErrors {

    private final boolean skipBad;
    private final Map<String, ImportReport.Skipped> skipped = new LinkedHashMap<>();

    RowErrors(boolean skipBad) {
        this.skipBad = skipBad;
    }

    /** Whether bad rows are skipped rather than fatal. */
    boolean skipBad() {
        return skipBad;
    }

    /**
     * Rejects a row: throws in strict mode, otherwise records it and returns.
     *
     * @param category the reason group used in the report, e.g. "not a number"
     * @param reason   the specific reason, e.g. "not a number: 'abc'"
     */
    void reject(Path file, long line, String field, String category, String reason) {
        if (!skipBad) {
            throw new DataFormatException(file, line, field, reason);
        }
        skipped.merge(category, new ImportReport.Skipped(1, DataFormatException.format(file, line, field, reason)),
                (a, b) -> new ImportReport.Skipped(a.count() + 1, a.firstExample()));
    }

    /** Skipped rows by reason, in order of first occurrence. */
    Map<String, ImportReport.Skipped> skipped() {
        return skipped;
    }

    /** Total number of skipped rows. */
    long total() {
        return skipped.values().stream().mapToLong(ImportReport.Skipped::count).sum();
    }
}

package io.whyrec.core.data;

import io.whyrec.core.privacy.Pseudonymizer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What to import. Only {@code format} and {@code interactions} are required; the {@code with*} methods return
 * changed copies.
 *
 * @param format       the input format; {@link ImportFormat#AUTO} detects it from the file name and first line
 * @param interactions the train (or only) interactions file
 * @param test         an optional test file of the same format; the result is then a given split whose parts
 *                     share indices; null for none
 * @param items        an optional item metadata file; null to use the one found beside the interactions
 *                     (u.item, movies.dat, movies.csv) when the format has one
 * @param itemMap      an optional {@code original_id remapped_id} file: the interactions use remapped ids and the
 *                     items file original ids (CoLaKG); null for none
 * @param itemTexts    an optional JSON object of item id (as in the items file) to free text; null for none
 * @param syntax       for the generic format: "csv", "tsv" or "jsonl"; null to choose by file extension
 * @param skipBad      false (the default): the first bad row fails the import; true: bad rows are skipped and
 *                     counted by reason in the report
 * @param columns      for the generic format with a header: whyrec's column name to the header's name for it
 *                     (replacing the aliases for those columns); empty for the aliases alone
 * @param eventType    for the generic format: the event type of rows without an event_type column (what their
 *                     value means to the heat term: "play" for counts, "rating" for ratings); null for
 *                     "interaction"
 * @param ratingScale  the range ratings must lie in (a rating outside it is a bad row); null for the format's own:
 *                     1..5 for ml100k and ml1m, 0.5..5 for mllatest, 0..5 for generic rows of type "rating"
 * @param pseudonyms   the key under which every user id is replaced by its keyed pseudonym before anything is
 *                     written ({@code whyrec import --pseudonymize}); null to keep the ids as they are
 */
public record ImportRequest(ImportFormat format, Path interactions, Path test, Path items, Path itemMap,
                            Path itemTexts, String syntax, boolean skipBad, Map<String, String> columns,
                            String eventType, RatingScale ratingScale, Pseudonymizer pseudonyms) {

    /** The columns a generic file's header may be mapped to. */
    public static final java.util.List<String> COLUMNS = java.util.List.of("user", "item", "timestamp", "event_type",
            "value");

    /** Checks the required fields, the syntax name and the column mapping. */
    public ImportRequest {
        Objects.requireNonNull(format, "format");
        columns = columns == null ? Map.of() : Map.copyOf(columns);
        for (String key : columns.keySet()) {
            if (!COLUMNS.contains(key)) {
                throw new IllegalArgumentException("--columns: unknown column '" + key + "' (known: "
                        + String.join(", ", COLUMNS) + ")");
            }
        }
        Objects.requireNonNull(interactions, "interactions");
        if (eventType != null && (eventType.isBlank() || !eventType.strip().equals(eventType))) {
            throw new IllegalArgumentException("--event-type: must be a non-empty name without surrounding spaces, got '"
                    + eventType + "'");
        }
        if (syntax != null) {
            syntax = syntax.toLowerCase(Locale.ROOT);
            if (!syntax.equals("csv") && !syntax.equals("tsv") && !syntax.equals("jsonl")) {
                throw new IllegalArgumentException("syntax must be csv, tsv or jsonl, got '" + syntax + "'");
            }
        }
    }

    /** A request with the format's own rating scale. */
    public ImportRequest(ImportFormat format, Path interactions, Path test, Path items, Path itemMap,
                         Path itemTexts, String syntax, boolean skipBad, Map<String, String> columns,
                         String eventType) {
        this(format, interactions, test, items, itemMap, itemTexts, syntax, skipBad, columns, eventType, null, null);
    }

    /** A request for one file in strict mode with nothing else. */
    public static ImportRequest of(ImportFormat format, Path interactions) {
        return new ImportRequest(format, interactions, null, null, null, null, null, false, Map.of(), null, null,
                null);
    }

    /** With a declared rating scale (null for the format's own). */
    public ImportRequest withRatingScale(RatingScale scale) {
        return new ImportRequest(format, interactions, test, items, itemMap, itemTexts, syntax, skipBad, columns,
                eventType, scale, pseudonyms);
    }

    /** The rating scale that applies to a format: the declared one, else the format's own. */
    public RatingScale ratingScale(ImportFormat resolved) {
        if (ratingScale != null) {
            return ratingScale;
        }
        return switch (resolved) {
            case ML100K, ML1M -> RatingScale.MOVIELENS_STARS;
            case MLLATEST -> RatingScale.MOVIELENS_HALF_STARS;
            default -> RatingScale.GENERIC_DEFAULT;
        };
    }

    /** With a test file. */
    public ImportRequest withTest(Path file) {
        return new ImportRequest(format, interactions, file, items, itemMap, itemTexts, syntax, skipBad, columns,
                eventType, ratingScale, pseudonyms);
    }

    /** With an items file. */
    public ImportRequest withItems(Path file) {
        return new ImportRequest(format, interactions, test, file, itemMap, itemTexts, syntax, skipBad, columns,
                eventType, ratingScale, pseudonyms);
    }

    /** With an item map file. */
    public ImportRequest withItemMap(Path file) {
        return new ImportRequest(format, interactions, test, items, file, itemTexts, syntax, skipBad, columns,
                eventType, ratingScale, pseudonyms);
    }

    /** With an item texts file. */
    public ImportRequest withItemTexts(Path file) {
        return new ImportRequest(format, interactions, test, items, itemMap, file, syntax, skipBad, columns,
                eventType, ratingScale, pseudonyms);
    }

    /** With an explicit generic syntax. */
    public ImportRequest withSyntax(String name) {
        return new ImportRequest(format, interactions, test, items, itemMap, itemTexts, name, skipBad, columns,
                eventType, ratingScale, pseudonyms);
    }

    /** With the skip-bad mode set. */
    public ImportRequest withSkipBad(boolean skip) {
        return new ImportRequest(format, interactions, test, items, itemMap, itemTexts, syntax, skip, columns,
                eventType, ratingScale, pseudonyms);
    }

    /** With user ids replaced by their pseudonyms under a key (null: ids as they are). */
    public ImportRequest withPseudonyms(Pseudonymizer key) {
        return new ImportRequest(format, interactions, test, items, itemMap, itemTexts, syntax, skipBad, columns,
                eventType, ratingScale, key);
    }
}

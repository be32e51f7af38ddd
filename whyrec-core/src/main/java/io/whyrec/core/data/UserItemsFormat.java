package io.whyrec.core.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reader for "user-items" files: one user per line, {@code user item1 item2 ...}, whitespace separated, items in
 * chronological order (CoLaKG train/test, S3-Rec sequences). There are no timestamps, so an event's timestamp is
 * its position: 0, 1, 2, ... along the train line, and in a test file the positions continue after the user's
 * train events, so time order is line order. Every event is of type {@value #TYPE} with value 1. A line with
 * only a user id declares a user without events. Also reads item map files ({@code original_id remapped_id}).
 */
final class UserItemsFormat {

    /** Event type of user-items events. */
    static final String TYPE = "interaction";

    private UserItemsFormat() {
    }

    /** Reads a user-items file into the collector (train or test, whichever mode it is in). */
    static void read(Path file, InteractionCollector c) {
        int skipped = TextFile.forEachLine(file, StandardCharsets.UTF_8, c.errors, (line, no) -> {
            String[] f = Fields.splitWhitespace(line);
            c.countRead(f.length - 1);
            String[] fields = new String[f.length];
            fields[0] = "user";
            for (int k = 1; k < f.length; k++) {
                fields[k] = "item " + k;
            }
            if (!c.validIds(file, no, fields, f)) {
                return;
            }
            int u = c.user(f[0], file, no, "user");
            if (u < 0) {
                return;
            }
            long base = c.trainCount(u);
            for (int k = 1; k < f.length; k++) {
                c.row(file, no, u, f[k], base + k - 1, TYPE, 1f);
            }
        });
        c.countRead(skipped);
    }

    /**
     * Reads an item map ({@code original_id remapped_id} per line) as remapped id to original id. Both ids must
     * be unique.
     */
    static Map<String, String> readItemMap(Path file, RowErrors errors) {
        Map<String, String> remappedToOriginal = new HashMap<>();
        Map<String, String> seenOriginal = new HashMap<>();
        TextFile.forEachLine(file, StandardCharsets.UTF_8, errors, (line, no) -> {
            String[] f = Fields.splitWhitespace(line);
            if (f.length != 2) {
                errors.reject(file, no, null, "wrong column count",
                        "expected 2 fields (original_id remapped_id), found " + f.length);
            } else if (InputRules.idProblem(f[0]) != null) {
                errors.reject(file, no, "original_id", "bad id", InputRules.idProblem(f[0]));
            } else if (InputRules.idProblem(f[1]) != null) {
                errors.reject(file, no, "remapped_id", "bad id", InputRules.idProblem(f[1]));
            } else if (seenOriginal.putIfAbsent(f[0], f[1]) != null) {
                errors.reject(file, no, "original_id", "duplicate id", "original id '" + f[0] + "' mapped twice");
            } else if (remappedToOriginal.putIfAbsent(f[1], f[0]) != null) {
                errors.reject(file, no, "remapped_id", "duplicate id", "remapped id '" + f[1] + "' used twice");
            }
        });
        return remappedToOriginal;
    }
}

package io.whyrec.core.data;

/** The input formats {@link Importer} understands; docs/data-formats.md describes each with an example. */
public enum ImportFormat {
    /** MovieLens 100K: {@code u.data}, {@code ua.base}/{@code ua.test}, with {@code u.item}, {@code u.genre}, {@code u.user}. */
    ML100K,
    /** MovieLens 1M: {@code ratings.dat} with {@code movies.dat}, {@code users.dat}. */
    ML1M,
    /** MovieLens latest(-small): {@code ratings.csv} with {@code movies.csv}, {@code tags.csv}. */
    MLLATEST,
    /** One user per line: {@code user item1 item2 ...}. */
    USER_ITEMS,
    /** The generic CSV / TSV / JSON Lines format. */
    GENERIC,
    /** Detect from the file name and first line. */
    AUTO;

    /** Parses a command-line name such as {@code ml100k}, {@code user-items} or {@code auto}. */
    public static ImportFormat parse(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        for (ImportFormat f : values()) {
            if (f.name().toLowerCase(java.util.Locale.ROOT).equals(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + name
                + "' (expected ml100k, ml1m, mllatest, user-items, generic or auto)");
    }

    /**
     * The generic format's canonical interaction column ("user", "item", "timestamp", "event_type" or "value")
     * that a header names, by the same names and aliases its importer accepts (case-insensitive, trimmed), or null
     * for any other column. Readers outside whyrec-core (the Spark job's) find their columns with it.
     */
    public static String genericColumn(String header) {
        return GenericFormat.INTERACTION_ALIASES.get(header.strip().toLowerCase(java.util.Locale.ROOT));
    }
}

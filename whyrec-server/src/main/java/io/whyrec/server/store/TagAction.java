package io.whyrec.server.store;

import java.util.Locale;

/** What a user did to one facet of their profile. Both remove the facet from ranking and explanations. */
public enum TagAction {
    /** Hidden from ranking and explanations, still listed as muted so the user can unmute it. */
    MUTED,
    /** Hidden from ranking, explanations and the profile page for good (until the user re-enables it by API). */
    DELETED;

    /** The value stored in the {@code tag_edits.action} column. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a stored column value. */
    public static TagAction fromColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}

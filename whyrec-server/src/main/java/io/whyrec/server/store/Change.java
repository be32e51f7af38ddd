package io.whyrec.server.store;

import java.util.Locale;

/**
 * One row of the store's change log ({@code user_changes}): that something other than a new event changed, and
 * whose, never the change itself. A replica reads the rows above the last one it read and reloads what each names
 * from the store (docs/serving.md, "Replicas on one PostgreSQL").
 *
 * @param seq     the row's number, increasing in commit order across every process writing the store
 * @param kind    what changed
 * @param user    the user id the other tables use, or null for an item, an erasure, and a row of a user who was
 *                erased since (erasing clears it)
 * @param userKey the keyed pseudonym of an erased user ({@code token_generations.user_key}), or null
 * @param ref     the event id of a deleted event, the item id of an upserted item or the name of a refitted
 *                model, else null
 * @param own     whether this store object wrote the row (its process applied the change already)
 */
public record Change(long seq, Kind kind, String user, String userKey, String ref, boolean own) {

    /** What a change-log row says changed. */
    public enum Kind {
        /** The user's tag edits (a mute, a deletion or a clear). */
        TAGS,
        /** The user's excluded events. */
        EXCLUSIONS,
        /** The user's personalisation switch. */
        PERSONALIZATION,
        /** One event of the user was deleted ({@code ref} names it). */
        EVENT_DELETED,
        /** A user was erased, and their token generation moved on when {@code userKey} is given. */
        ERASED,
        /** An item's title or tags were inserted or replaced ({@code ref} names it). */
        ITEM,
        /** An admin's refit swapped in a new version of a served model ({@code ref} names it). */
        REFIT;

        /** The value stored in {@code user_changes.kind}. */
        public String column() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses a stored column value. */
        public static Kind fromColumn(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}

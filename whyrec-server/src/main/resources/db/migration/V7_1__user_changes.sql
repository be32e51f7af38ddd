-- whyrec server schema, version 7.1 (issue 14, serving replicas on one PostgreSQL): the change log. Every change
-- of a user's state other than a new event (events have their own feed, events.seq), and every item upsert, writes
-- one row here in the same transaction as the change, so a replica that reads the rows above the last seq it read
-- learns every change the others committed, in commit order. seq is given out while the writer holds the same
-- PostgreSQL advisory lock as event arrival numbers (MAX + 1 under the lock), so it has no gaps except those that
-- pruning leaves below the oldest row. kind is one of tags, exclusions, personalization, event_deleted, erased,
-- item, refit (an admin's refit swapped in a new model version, ref naming the model: the other replicas refit
-- theirs on the same events) (docs/serving.md, "Replicas on one PostgreSQL").
--
-- The rows name what changed, never the change itself: user_id (the id the other tables use) for a user's change,
-- item_id for an upserted item, ref for the event id of a deleted event or a refitted model's name, user_key (the
-- keyed pseudonym of
-- token_generations) for an erasure, whose row holds no user id. Item ids have a column of their own, as in every
-- other table, because an item id may equal a user id (MovieLens numbers both from 1). Erasing a user also clears
-- user_id and ref in the user's earlier rows (kept, so the seq stays without gaps), so no row names an erased user. at (seconds since the
-- epoch) is when the row was written; rows older than the retention are pruned by every write.
CREATE TABLE user_changes (
    seq       BIGINT       NOT NULL PRIMARY KEY,
    kind      VARCHAR(20)  NOT NULL CHECK (kind IN ('tags', 'exclusions', 'personalization', 'event_deleted',
                                                    'erased', 'item', 'refit')),
    user_id   VARCHAR(200),
    user_key  VARCHAR(64),
    item_id   VARCHAR(200),
    ref       VARCHAR(200),
    at        BIGINT       NOT NULL
);
CREATE INDEX user_changes_by_user ON user_changes (user_id);
CREATE INDEX user_changes_by_time ON user_changes (at);

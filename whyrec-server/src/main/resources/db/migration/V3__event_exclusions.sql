-- whyrec server schema, version 3: the events a user excluded from their recommendations. An excluded event stays
-- in the user's timeline (the events table is untouched) but no model ranks or explains with it; deleting the row
-- includes it again. Like tag_edits, a user's own scrutability edit, erased with the user.
CREATE TABLE event_exclusions (
    user_id     VARCHAR(200) NOT NULL REFERENCES users (user_id),
    event_id    VARCHAR(200) NOT NULL,
    updated_at  BIGINT       NOT NULL,
    PRIMARY KEY (user_id, event_id)
);

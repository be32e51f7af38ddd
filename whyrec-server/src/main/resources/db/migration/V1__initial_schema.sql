-- whyrec server schema, version 1. Plain SQL that SQLite and PostgreSQL both accept: VARCHAR, BIGINT,
-- DOUBLE PRECISION, BOOLEAN, composite primary keys, CHECK constraints; no AUTOINCREMENT, no SQLite pragmas.

-- Pseudonymous users: the platform's opaque id, nothing else about the person.
CREATE TABLE users (
    user_id     VARCHAR(200) NOT NULL PRIMARY KEY,
    created_at  BIGINT       NOT NULL
);

-- Item content: display title; the facets (genres, tags) are in item_tags.
CREATE TABLE items (
    item_id     VARCHAR(200)  NOT NULL PRIMARY KEY,
    title       VARCHAR(1000) NOT NULL,
    seq         BIGINT        NOT NULL
);

-- One row per facet of an item, position = order in the source.
CREATE TABLE item_tags (
    item_id     VARCHAR(200) NOT NULL REFERENCES items (item_id),
    position    INTEGER      NOT NULL,
    tag         VARCHAR(200) NOT NULL,
    PRIMARY KEY (item_id, position)
);

-- Behaviour events. event_id is the client's id and makes ingestion idempotent. ts is seconds since the epoch;
-- seq is the server's arrival order (ties of ts keep arrival order).
CREATE TABLE events (
    event_id    VARCHAR(200)     NOT NULL PRIMARY KEY,
    user_id     VARCHAR(200)     NOT NULL REFERENCES users (user_id),
    item_id     VARCHAR(200)     NOT NULL REFERENCES items (item_id),
    ts          BIGINT           NOT NULL,
    event_type  VARCHAR(50)      NOT NULL,
    event_value DOUBLE PRECISION NOT NULL,
    seq         BIGINT           NOT NULL
);
CREATE INDEX events_by_user ON events (user_id, ts, seq);

-- A user's edits of their own profile: a facet muted (reversible) or deleted (hidden for good).
CREATE TABLE tag_edits (
    user_id     VARCHAR(200) NOT NULL REFERENCES users (user_id),
    tag         VARCHAR(200) NOT NULL,
    action      VARCHAR(10)  NOT NULL CHECK (action IN ('muted', 'deleted')),
    updated_at  BIGINT       NOT NULL,
    PRIMARY KEY (user_id, tag)
);

-- Whether a user wants a personalised ranking (absent row = enabled).
CREATE TABLE personalization (
    user_id     VARCHAR(200) NOT NULL PRIMARY KEY REFERENCES users (user_id),
    enabled     BOOLEAN      NOT NULL,
    updated_at  BIGINT       NOT NULL
);

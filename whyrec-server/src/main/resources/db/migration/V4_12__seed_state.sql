-- whyrec server schema, version 4.12 (issue 11, crash-safe writes): how far seeding the store from the data
-- directory's dataset.whyrec got. At most one row (id = 1). Every seeding transaction stores one chunk of the
-- file's events and moves next_event on in the same commit; the last one sets complete. A start that finds the
-- row incomplete resumes at next_event once the file's fingerprint matches (and refuses to start otherwise), so a
-- kill -9 during seeding never leaves a partial store that is served as complete.
CREATE TABLE seed_state (
    id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    fingerprint BIGINT  NOT NULL,
    total       BIGINT  NOT NULL,
    next_event  BIGINT  NOT NULL,
    complete    BOOLEAN NOT NULL,
    updated_at  BIGINT  NOT NULL
);

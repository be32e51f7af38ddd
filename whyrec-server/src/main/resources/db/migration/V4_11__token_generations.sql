-- whyrec server schema, version 4.11 (issue 11, erasure): every user's token generation. A token is accepted
-- only while it carries its user's current generation; erasing a user moves it on, so the erased user's old tokens
-- stop working at once and for good. The user is named by a keyed pseudonym (hex HMAC-SHA256 under a key derived
-- from the token secret), never by the raw id, because this row must outlive the erasure of everything else.
CREATE TABLE token_generations (
    user_key    VARCHAR(64) NOT NULL PRIMARY KEY,
    generation  BIGINT      NOT NULL
);

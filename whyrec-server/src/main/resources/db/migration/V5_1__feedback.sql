-- whyrec server schema, version 5.1 (issue 12, explanation feedback): a user's answer to an explanation ("was this
-- helpful?"), with what the server issued the explanation under (read from its explanation id: model and version,
-- method, who wrote the sentence, language and A/B arm), for the satisfaction report. One answer per user and
-- explanation id (a second one replaces the first). A user's own data: erased with the user.
CREATE TABLE explanation_feedback (
    user_id         VARCHAR(200) NOT NULL REFERENCES users (user_id),
    explanation_id  VARCHAR(400) NOT NULL,
    item_id         VARCHAR(200) NOT NULL,
    helpful         BOOLEAN      NOT NULL,
    reason          VARCHAR(500),
    arm             VARCHAR(40)  NOT NULL,
    model           VARCHAR(200) NOT NULL,
    model_version   BIGINT       NOT NULL,
    method          VARCHAR(40)  NOT NULL,
    narrator        VARCHAR(200) NOT NULL,
    lang            VARCHAR(8)   NOT NULL,
    created_at      BIGINT       NOT NULL,
    PRIMARY KEY (user_id, explanation_id)
);

-- A hand-over of an AI agent to a human in progress or done: the POST starts it on one instance, and the dialog
-- asks for its progress, maybe of another instance (behind a load balancer), until it is done.
CREATE TABLE hand_over (
    id           VARCHAR(36)   NOT NULL PRIMARY KEY,
    room         VARCHAR(256)  NOT NULL,
    participant  VARCHAR(256)  NOT NULL,
    username     VARCHAR(64)   NOT NULL,
    state        VARCHAR(16)   NOT NULL,
    progress     VARCHAR(1000) NOT NULL,
    outcome      VARCHAR(2000),
    started_at   TIMESTAMP     NOT NULL,
    updated_at   TIMESTAMP     NOT NULL,
    -- The agent's room and identity while its hand-over runs, NULL once it ended: one hand-over of an agent at a time,
    -- whichever instance starts it (NULLs do not collide in a unique key, on H2 or PostgreSQL).
    running_room        VARCHAR(256),
    running_participant VARCHAR(256),
    CONSTRAINT uq_hand_over_running UNIQUE (running_room, running_participant)
);
CREATE INDEX ix_hand_over_started ON hand_over (started_at);

-- Every egress Roomwarden has seen (egress webhooks, ListEgress answers), kept after LiveKit forgets it (24 h after
-- its end). One row per egress id however many instances see it; updated_nanos (LiveKit's updated_at) keeps the
-- newest state when answers and webhooks arrive out of order. started_at: LiveKit's, or when first seen.
CREATE TABLE recording (
    egress_id       VARCHAR(64)  NOT NULL PRIMARY KEY,
    room_name       VARCHAR(256) NOT NULL,
    status          VARCHAR(32)  NOT NULL,
    active          BOOLEAN      NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_nanos   BIGINT       NOT NULL,
    started_by      VARCHAR(64),
    started_by_role VARCHAR(16),
    egress_json     TEXT         NOT NULL
);
CREATE INDEX ix_recording_active_started ON recording (active, started_at);
CREATE INDEX ix_recording_room_started ON recording (room_name, started_at);

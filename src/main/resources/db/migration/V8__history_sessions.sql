-- Sessions built from history_event as each new event is stored, whatever order LiveKit's events arrive in.
-- The *_key columns order the events that set the metadata (created_at in seconds; room_started first and
-- room_finished last whatever their time), so a late event does not overwrite what the room had at its start or end.
CREATE TABLE room_session (
    room_sid          VARCHAR(64)  NOT NULL PRIMARY KEY,
    room_name         VARCHAR(256) NOT NULL,
    started_at        TIMESTAMP WITH TIME ZONE,
    ended_at          TIMESTAMP WITH TIME ZONE,
    peak_participants INTEGER      NOT NULL DEFAULT 0,
    had_agent         BOOLEAN      NOT NULL DEFAULT FALSE,
    metadata_at_start TEXT,
    start_key         BIGINT,
    metadata_at_end   TEXT,
    end_key           BIGINT
);
CREATE INDEX ix_room_session_name_started ON room_session (room_name, started_at);
CREATE INDEX ix_room_session_started ON room_session (started_at);

CREATE TABLE participant_session (
    participant_sid   VARCHAR(64)  NOT NULL PRIMARY KEY,
    room_sid          VARCHAR(64)  NOT NULL,
    identity          VARCHAR(256) NOT NULL,
    name              VARCHAR(256),
    kind              VARCHAR(32),
    joined_at         TIMESTAMP WITH TIME ZONE,
    left_at           TIMESTAMP WITH TIME ZONE,
    disconnect_reason VARCHAR(64),
    tracks_published  INTEGER      NOT NULL DEFAULT 0
);
CREATE INDEX ix_participant_session_room ON participant_session (room_sid, joined_at);
CREATE INDEX ix_participant_session_identity ON participant_session (identity);

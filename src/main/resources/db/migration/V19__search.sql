-- Search (issue 22). What stored things can be found by: lower-cased words of a room name, a participant's identity,
-- name and attribute values (split on non-alphanumerics and where letters meet digits), the whole lower-cased value,
-- and for phone-like values the digits and their endings. A query is a prefix range on the primary key
-- (term >= ? AND term < ?), so no keystroke scans a table. kind: 'room' (participant_sid '') or 'participant'.
-- at: when the room started or the participant joined, to show the newest first.
CREATE TABLE search_term (
    term            VARCHAR(200) NOT NULL,
    kind            VARCHAR(16)  NOT NULL,
    room_sid        VARCHAR(64)  NOT NULL,
    participant_sid VARCHAR(64)  NOT NULL,
    at              TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_search_term PRIMARY KEY (term, kind, room_sid, participant_sid)
);
CREATE INDEX ix_search_term_target ON search_term (room_sid, participant_sid);

-- Participant attributes as LiveKit last showed them to Roomwarden (participant_joined, or a list of the room's
-- participants): history keeps no attributes, and a webhook reaches one instance only, so they are kept here.
CREATE TABLE participant_attribute (
    participant_sid VARCHAR(64)   NOT NULL,
    attr_key        VARCHAR(256)  NOT NULL,
    attr_value      VARCHAR(2000) NOT NULL,
    CONSTRAINT pk_participant_attribute PRIMARY KEY (participant_sid, attr_key)
);

-- Sessions stored before this version: found by the start of their whole room name or identity (later ones by every word).
INSERT INTO search_term (term, kind, room_sid, participant_sid, at)
    SELECT DISTINCT LOWER(SUBSTRING(room_name, 1, 200)), 'room', room_sid, '', started_at FROM room_session;
INSERT INTO search_term (term, kind, room_sid, participant_sid, at)
    SELECT DISTINCT LOWER(SUBSTRING(identity, 1, 200)), 'participant', room_sid, participant_sid, joined_at FROM participant_session;

-- Audit records by the start of their participant or account (room has V2's (room, at)), as the search asks.
CREATE INDEX ix_audit_record_participant ON audit_record (participant, at);
CREATE INDEX ix_audit_record_account ON audit_record (account, at);

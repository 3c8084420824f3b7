-- The attention rules, every few seconds: sessions still open (left_at / ended_at NULL), and agents that left lately.
CREATE INDEX ix_participant_session_left ON participant_session (left_at);
CREATE INDEX ix_participant_session_kind_left ON participant_session (kind, left_at);
CREATE INDEX ix_room_session_ended ON room_session (ended_at);

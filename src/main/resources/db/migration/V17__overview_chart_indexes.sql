-- The overview's charts read the sessions that started in the last 7 days (or 24 hours), and those still open when
-- that began: by start (room_session has it since V8) and by end, so that the week before is not read whole.
CREATE INDEX ix_participant_session_joined ON participant_session (joined_at);
CREATE INDEX ix_participant_session_left ON participant_session (left_at);
CREATE INDEX ix_room_session_ended ON room_session (ended_at);

-- The overview's charts read the participant sessions that joined in the last 7 days (and the 7 before, for those
-- still in a room): by join time, which V8's (room_sid, joined_at) cannot answer alone.
CREATE INDEX ix_participant_session_joined ON participant_session (joined_at);

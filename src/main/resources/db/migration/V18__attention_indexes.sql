-- The attention rules, every few seconds: agents that left lately (open sessions use V17's index on left_at).
CREATE INDEX ix_participant_session_kind_left ON participant_session (kind, left_at);

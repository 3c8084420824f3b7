-- The history page's filters over 100,000 sessions: a participant by name (identity has its index, V8), and the
-- sessions that had an agent or a SIP caller, newest first. A room name prefix uses (room_name, started_at) of V8;
-- on PostgreSQL also the pattern index of db/vendor/postgresql/V10_1, as LIKE cannot use V8's under a non-C collation.
CREATE INDEX ix_participant_session_name ON participant_session (name);
CREATE INDEX ix_room_session_agent_started ON room_session (had_agent, started_at);
CREATE INDEX ix_room_session_sip_started ON room_session (had_sip, started_at);

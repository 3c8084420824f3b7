-- Where a history event came from: a LiveKit webhook, or Roomwarden's own polling (what LiveKit showed that no
-- webhook said: webhook drift), so the timeline can mark it and the history page can count it.
ALTER TABLE history_event ADD COLUMN source VARCHAR(16) DEFAULT 'webhook' NOT NULL;
CREATE INDEX ix_history_event_source_created ON history_event (source, created_at);

-- A SIP caller in the room, for the history page's "had a SIP caller" filter, as had_agent is for agents.
ALTER TABLE room_session ADD COLUMN had_sip BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE room_session SET had_sip = TRUE WHERE room_sid IN (SELECT room_sid FROM participant_session WHERE kind = 'SIP');

-- Actions taken on several targets at once (remove selected participants, end empty rooms, ...) share a batch id.
ALTER TABLE audit_record ADD COLUMN batch_id VARCHAR(40);
CREATE INDEX ix_audit_record_batch ON audit_record (batch_id);

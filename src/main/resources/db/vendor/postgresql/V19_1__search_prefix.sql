-- PostgreSQL only: a prefix range (term >= ? AND term < ?) and LIKE 'prefix%' need byte order, whatever the
-- database's collation. The term column compares as bytes ("C"), which rebuilds its primary key so; the audit
-- columns get pattern indexes, as V10_1 did for room names.
ALTER TABLE search_term ALTER COLUMN term TYPE VARCHAR(200) COLLATE "C";
CREATE INDEX ix_audit_record_room_pattern ON audit_record (room varchar_pattern_ops);
CREATE INDEX ix_audit_record_participant_pattern ON audit_record (participant varchar_pattern_ops);
CREATE INDEX ix_audit_record_account_pattern ON audit_record (account varchar_pattern_ops);

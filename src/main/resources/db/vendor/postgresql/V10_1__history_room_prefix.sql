-- PostgreSQL only (spring.flyway.locations: db/vendor/{vendor}): a B-tree index answers LIKE 'prefix%' under any collation only when it
-- compares characters as bytes, as varchar_pattern_ops does; H2 answers it from V8's (room_name, started_at).
CREATE INDEX ix_room_session_name_pattern ON room_session (room_name varchar_pattern_ops);

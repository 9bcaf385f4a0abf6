-- The audit log (security-research.md §1.5): written in the same transaction as the change
-- it records, append-only (0005), each row chained to the previous one with HMAC-SM3 under a key
-- kept outside the database. Ids are assigned by the writer as previous + 1, so a deleted
-- row also shows as a gap.
CREATE TABLE audit_log (
  id BIGINT PRIMARY KEY,
  ts_utc TEXT NOT NULL,
  actor_user_id BIGINT,
  actor_login TEXT NOT NULL,
  actor_roles TEXT NOT NULL,
  session_hash TEXT NOT NULL,
  source_ip TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  request_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  outcome TEXT NOT NULL,
  reason_code TEXT NOT NULL,
  changes TEXT NOT NULL,
  prev_hmac TEXT NOT NULL,
  hmac TEXT NOT NULL
);
CREATE INDEX audit_log_ts ON audit_log (ts_utc);
CREATE INDEX audit_log_actor ON audit_log (actor_login, id);

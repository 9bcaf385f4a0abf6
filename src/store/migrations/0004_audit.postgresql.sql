-- Same table as 0004_audit.sql; PostgreSQL enforces append-only with a trigger function
-- (also against TRUNCATE) and by revoking the privileges. In production the server should
-- connect as a role that does not own the table, so it cannot drop the triggers either.
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
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;

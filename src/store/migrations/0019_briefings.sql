-- The monthly briefing (月度通报, SPEC §10): each issue the project office publishes, for one
-- month of one year, numbered per year (第N期). A published briefing is a record: its PDF and
-- xlsx are archived in the file store under their SM3 and never rebuilt; the row is never
-- updated. One issue per month.
CREATE TABLE briefings (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  month INTEGER NOT NULL,
  issue_number INTEGER NOT NULL,
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  pdf_key TEXT NOT NULL,
  pdf_sm3 TEXT NOT NULL,
  pdf_size INTEGER NOT NULL,
  xlsx_key TEXT NOT NULL,
  xlsx_sm3 TEXT NOT NULL,
  xlsx_size INTEGER NOT NULL,
  created_by INTEGER NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  UNIQUE (year, month),
  UNIQUE (year, issue_number)
);

-- Imports of spreadsheets (SPEC §11): each uploaded file, kept in the file store under its SM3,
-- with the choices its preview was made with (sheet, header row, column mapping) and the
-- fingerprint of that preview, so that applying can refuse when the data changed since. An
-- import is applied at most once.
CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('projects', 'reports')),
  file_name TEXT NOT NULL,
  file_key TEXT NOT NULL,
  file_sm3 TEXT NOT NULL,
  file_size INTEGER NOT NULL,
  period TEXT,
  sheet INTEGER NOT NULL DEFAULT 0,
  header_line INTEGER,
  mapping TEXT NOT NULL DEFAULT '{}',
  fingerprint TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'previewed' CHECK (status IN ('previewed', 'applied')),
  result TEXT NOT NULL DEFAULT '{}',
  created_by INTEGER NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  applied_at TEXT
);
CREATE INDEX imports_by_user ON imports (created_by, id);

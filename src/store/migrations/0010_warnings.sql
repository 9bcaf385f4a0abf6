-- Warnings (红黄绿灯, SPEC §5): the current findings of each project and, per project and
-- month, the colour it had, so "red three months running" is a fact the ranking can read.
ALTER TABLE projects ADD COLUMN warning_colour TEXT NOT NULL DEFAULT 'green';
CREATE INDEX projects_warning ON projects (warning_colour, id);
CREATE TABLE project_warnings (
  project_id INTEGER NOT NULL REFERENCES projects (id),
  position INTEGER NOT NULL,
  rule_id TEXT NOT NULL,
  measure TEXT NOT NULL,
  colour TEXT NOT NULL,
  reason TEXT NOT NULL,
  value INTEGER NOT NULL DEFAULT 0,
  computed_at TEXT NOT NULL,
  PRIMARY KEY (project_id, position)
);
CREATE TABLE warning_history (
  project_id INTEGER NOT NULL REFERENCES projects (id),
  year INTEGER NOT NULL,
  month INTEGER NOT NULL,
  colour TEXT NOT NULL,
  computed_at TEXT NOT NULL,
  PRIMARY KEY (project_id, year, month)
);

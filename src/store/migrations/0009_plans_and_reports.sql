-- Annual plans, dispatch rounds and monthly reports (SPEC §3). Money in 分. A report is
-- one row per version: a correction of an accepted report is a new row (version_no + 1)
-- that, once accepted, supersedes it; the old one stays readable. At most one version of
-- a month is accepted at any time, so sums read status = 'accepted'.
CREATE TABLE annual_plans (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects (id),
  year INTEGER NOT NULL,
  planned_investment INTEGER NOT NULL,
  monthly_targets TEXT,
  progress_goal TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft',
  review_reason TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX annual_plans_project_year ON annual_plans (project_id, year);
CREATE INDEX annual_plans_year ON annual_plans (year, status);

CREATE TABLE dispatch_rounds (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  year INTEGER NOT NULL,
  month INTEGER NOT NULL,
  opens_on TEXT NOT NULL,
  closes_on TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  created_by INTEGER REFERENCES users (id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX dispatch_rounds_period ON dispatch_rounds (year, month);

-- The office's permission to report after a round's window closed.
CREATE TABLE report_extensions (
  round_id INTEGER NOT NULL REFERENCES dispatch_rounds (id),
  project_id INTEGER NOT NULL REFERENCES projects (id),
  until TEXT NOT NULL,
  granted_by INTEGER REFERENCES users (id),
  created_at TEXT NOT NULL,
  PRIMARY KEY (round_id, project_id)
);

CREATE TABLE monthly_reports (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects (id),
  year INTEGER NOT NULL,
  month INTEGER NOT NULL,
  version_no INTEGER NOT NULL DEFAULT 1,
  supersedes_id INTEGER REFERENCES monthly_reports (id),
  status TEXT NOT NULL,
  investment INTEGER NOT NULL DEFAULT 0,
  progress_text TEXT NOT NULL DEFAULT '',
  progress INTEGER NOT NULL DEFAULT 0,
  workers_required INTEGER NOT NULL DEFAULT 0,
  workers_on_site INTEGER NOT NULL DEFAULT 0,
  site_status TEXT NOT NULL DEFAULT 'not_started',
  problems TEXT NOT NULL DEFAULT '',
  next_plan TEXT NOT NULL DEFAULT '',
  review_reason TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users (id),
  submitted_at TEXT,
  reviewed_by INTEGER REFERENCES users (id),
  reviewed_at TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX monthly_reports_version ON monthly_reports (project_id, year, month, version_no);
-- Year-to-date sums for a whole province read only this index.
CREATE INDEX monthly_reports_period ON monthly_reports (year, status, project_id, month, investment);

CREATE TABLE report_funds (
  report_id INTEGER NOT NULL REFERENCES monthly_reports (id),
  position INTEGER NOT NULL,
  source TEXT NOT NULL,
  amount INTEGER NOT NULL,
  PRIMARY KEY (report_id, source)
);

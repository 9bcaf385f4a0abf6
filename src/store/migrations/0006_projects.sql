-- The project library (SPEC §2). Money is integer 分; dates are ISO civil dates as text.
-- region_code is the administrative division of the owner unit: the partition key beyond
-- one PostgreSQL. project_orgs lists every organisation a project is bound to (owner,
-- town, agency, responsible units): the data scope filter joins through it.
CREATE TABLE projects (
  id INTEGER PRIMARY KEY,
  region_code TEXT NOT NULL DEFAULT '',
  national_code TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  short_name TEXT NOT NULL DEFAULT '',
  level TEXT NOT NULL,
  category TEXT NOT NULL,
  industry TEXT NOT NULL DEFAULT '',
  nature TEXT NOT NULL,
  regime TEXT NOT NULL,
  subject TEXT NOT NULL,
  town_org_id INTEGER REFERENCES orgs (id),
  address TEXT NOT NULL DEFAULT '',
  longitude REAL,
  latitude REAL,
  content TEXT NOT NULL DEFAULT '',
  total_investment INTEGER NOT NULL DEFAULT 0,
  planned_start TEXT,
  planned_completion TEXT,
  actual_start TEXT,
  actual_completion TEXT,
  owner_org_id INTEGER NOT NULL REFERENCES orgs (id),
  agency_org_id INTEGER REFERENCES orgs (id),
  leader_user_id INTEGER REFERENCES users (id),
  contacts TEXT NOT NULL DEFAULT '',
  remarks TEXT NOT NULL DEFAULT '',
  stage TEXT NOT NULL,
  review TEXT NOT NULL DEFAULT 'none',
  resume_stage TEXT,
  resume_review TEXT NOT NULL DEFAULT 'none',
  version INTEGER NOT NULL DEFAULT 1,
  created_by INTEGER REFERENCES users (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX projects_national_code ON projects (national_code) WHERE national_code <> '';
CREATE INDEX projects_stage ON projects (stage, id);
CREATE INDEX projects_category ON projects (category, id);
CREATE INDEX projects_level ON projects (level, id);
CREATE INDEX projects_town ON projects (town_org_id, id);
CREATE INDEX projects_owner ON projects (owner_org_id, id);
CREATE INDEX projects_leader ON projects (leader_user_id, id);
CREATE INDEX projects_investment ON projects (total_investment, id);
CREATE INDEX projects_updated ON projects (updated_at, id);
CREATE INDEX projects_planned_start ON projects (planned_start, id);

CREATE TABLE project_funds (
  project_id INTEGER NOT NULL REFERENCES projects (id),
  position INTEGER NOT NULL,
  source TEXT NOT NULL,
  amount INTEGER NOT NULL,
  PRIMARY KEY (project_id, source)
);

CREATE TABLE project_orgs (
  project_id INTEGER NOT NULL REFERENCES projects (id),
  relation TEXT NOT NULL,
  org_id INTEGER NOT NULL REFERENCES orgs (id),
  position INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (project_id, relation, org_id)
);
CREATE INDEX project_orgs_org ON project_orgs (org_id, relation, project_id);

CREATE TABLE project_tags (
  project_id INTEGER NOT NULL REFERENCES projects (id),
  tag TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (project_id, tag)
);
CREATE INDEX project_tags_tag ON project_tags (tag, project_id);

-- The project's timeline: its creation, every edit (with the changed fields) and every
-- life-cycle transition (who, when, why, the civil date it took effect).
CREATE TABLE project_events (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects (id),
  kind TEXT NOT NULL,
  action TEXT NOT NULL DEFAULT '',
  from_stage TEXT,
  from_review TEXT,
  to_stage TEXT,
  to_review TEXT,
  reason TEXT NOT NULL DEFAULT '',
  event_date TEXT,
  user_id INTEGER REFERENCES users (id),
  changes TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
);
CREATE INDEX project_events_project ON project_events (project_id, id);

-- Files live outside the database and the web root, under a random storage key.
CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects (id),
  event_id INTEGER REFERENCES project_events (id),
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sm3 TEXT NOT NULL,
  storage_key TEXT NOT NULL,
  thumbnail_key TEXT,
  created_by INTEGER REFERENCES users (id),
  created_at TEXT NOT NULL
);
CREATE INDEX attachments_project ON attachments (project_id, id);

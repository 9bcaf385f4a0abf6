-- The problem closed loop (SPEC §6): problems, their units, their timeline, photos, the meetings
-- of the escalation ladder, and the supervision letters with their per-year numbering.
CREATE TABLE problems (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects (id),
  type TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  confirmed INTEGER NOT NULL DEFAULT 0,
  level TEXT NOT NULL DEFAULT 'unit',
  raised_by INTEGER NOT NULL REFERENCES users (id),
  raised_org_id INTEGER NOT NULL REFERENCES orgs (id),
  raised_role TEXT NOT NULL,
  raised_on TEXT NOT NULL,
  inspection_id INTEGER,
  responsible_org_id INTEGER REFERENCES orgs (id),
  deadline TEXT,
  result TEXT NOT NULL DEFAULT '',
  closed_on TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX problems_project ON problems (project_id, id);
CREATE INDEX problems_state ON problems (state, deadline);
CREATE INDEX problems_responsible ON problems (responsible_org_id, state);

-- The units a problem is assigned to (the responsible one and the cooperating ones), for the
-- scope filter: a unit sees the problems assigned to it even on projects outside its scope.
CREATE TABLE problem_orgs (
  problem_id INTEGER NOT NULL REFERENCES problems (id),
  org_id INTEGER NOT NULL REFERENCES orgs (id),
  responsible INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (problem_id, org_id)
);
CREATE INDEX problem_orgs_org ON problem_orgs (org_id, problem_id);

CREATE TABLE meetings (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  held_on TEXT NOT NULL,
  chair TEXT NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  minutes_filename TEXT,
  minutes_type TEXT,
  minutes_key TEXT,
  minutes_size INTEGER,
  minutes_sm3 TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_by INTEGER REFERENCES users (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX meetings_held ON meetings (held_on, id);

-- A meeting's agenda: the problems it decided, with its decision on each.
CREATE TABLE meeting_problems (
  meeting_id INTEGER NOT NULL REFERENCES meetings (id),
  problem_id INTEGER NOT NULL REFERENCES problems (id),
  decision TEXT NOT NULL,
  PRIMARY KEY (meeting_id, problem_id)
);
CREATE INDEX meeting_problems_problem ON meeting_problems (problem_id);

-- 两函一单: numbered per kind and year without gaps (letter_counters), archived as PDF.
CREATE TABLE letter_counters (
  kind TEXT NOT NULL,
  year INTEGER NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (kind, year)
);
CREATE TABLE letters (
  id INTEGER PRIMARY KEY,
  problem_id INTEGER NOT NULL REFERENCES problems (id),
  kind TEXT NOT NULL,
  year INTEGER NOT NULL,
  serial INTEGER NOT NULL,
  number TEXT NOT NULL,
  title TEXT NOT NULL,
  addressee_org_id INTEGER NOT NULL REFERENCES orgs (id),
  issued_on TEXT NOT NULL,
  reply_deadline TEXT NOT NULL,
  replied_on TEXT,
  reply_text TEXT NOT NULL DEFAULT '',
  replied_by INTEGER REFERENCES users (id),
  file_key TEXT NOT NULL,
  file_sm3 TEXT NOT NULL,
  file_size INTEGER NOT NULL,
  created_by INTEGER REFERENCES users (id),
  created_at TEXT NOT NULL,
  UNIQUE (kind, year, serial)
);
CREATE INDEX letters_problem ON letters (problem_id);
CREATE INDEX letters_addressee ON letters (addressee_org_id, replied_on);

-- The timeline: every move, step, escalation and letter, who did it and when.
CREATE TABLE problem_events (
  id INTEGER PRIMARY KEY,
  problem_id INTEGER NOT NULL REFERENCES problems (id),
  kind TEXT NOT NULL,
  at TEXT NOT NULL,
  on_date TEXT NOT NULL,
  user_id INTEGER REFERENCES users (id),
  org_id INTEGER REFERENCES orgs (id),
  text TEXT NOT NULL DEFAULT '',
  level TEXT,
  meeting_id INTEGER REFERENCES meetings (id),
  letter_id INTEGER REFERENCES letters (id)
);
CREATE INDEX problem_events_problem ON problem_events (problem_id, id);

-- Photos: attachments of the problem's project, listed on the problem.
CREATE TABLE problem_photos (
  problem_id INTEGER NOT NULL REFERENCES problems (id),
  attachment_id INTEGER NOT NULL REFERENCES attachments (id),
  PRIMARY KEY (problem_id, attachment_id)
);


-- Inspections (督查/走访, SPEC §6): the leaders' and the office's site visits, the projects each
-- visited, and its photos (attachments of one of the visited projects). Problems raised from an
-- inspection keep its id in problems.inspection_id.
CREATE TABLE inspections (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  held_on TEXT NOT NULL,
  title TEXT NOT NULL,
  people TEXT NOT NULL DEFAULT '',
  leader_user_id INTEGER REFERENCES users (id),
  findings TEXT NOT NULL DEFAULT '',
  created_by INTEGER NOT NULL REFERENCES users (id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX inspections_held ON inspections (held_on, id);

-- The projects an inspection visited, for the list filter and the scope: an inspection is
-- visible to whoever sees any of them.
CREATE TABLE inspection_projects (
  inspection_id INTEGER NOT NULL REFERENCES inspections (id),
  project_id INTEGER NOT NULL REFERENCES projects (id),
  PRIMARY KEY (inspection_id, project_id)
);
CREATE INDEX inspection_projects_project ON inspection_projects (project_id, inspection_id);

-- Photos: attachments of one of the visited projects, listed on the inspection.
CREATE TABLE inspection_photos (
  inspection_id INTEGER NOT NULL REFERENCES inspections (id),
  attachment_id INTEGER NOT NULL REFERENCES attachments (id),
  PRIMARY KEY (inspection_id, attachment_id)
);

CREATE INDEX problems_inspection ON problems (inspection_id);

-- Organisations: the district, its departments, towns and streets, parks and owner units.
-- region_code is the administrative division code (行政区划代码) of the district the
-- organisation belongs to: the key data is partitioned by beyond one PostgreSQL.
CREATE TABLE orgs (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES orgs (id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  region_code TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX orgs_parent_name ON orgs (COALESCE(parent_id, 0), name);
CREATE INDEX orgs_kind ON orgs (kind, id);

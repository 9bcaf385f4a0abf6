-- Milestone nodes (关键节点, SPEC §4): editable templates, each project's nodes with
-- finish-to-start links (also across projects; lags in working days), and the
-- administrator's additions to the working-day calendar. Three templates ship as data.
CREATE TABLE milestone_templates (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);
CREATE TABLE milestone_template_nodes (
  template_id INTEGER NOT NULL REFERENCES milestone_templates (id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  anchor TEXT NOT NULL,
  offset_days INTEGER NOT NULL,
  PRIMARY KEY (template_id, position)
);
CREATE TABLE milestones (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects (id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  planned TEXT NOT NULL,
  actual TEXT,
  forecast TEXT,  -- the schedule's forecast, kept for warnings and lists; refreshed on writes and daily
  responsible_org_id INTEGER REFERENCES orgs (id),
  responsible_person TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX milestones_project ON milestones (project_id, position);
CREATE INDEX milestones_open ON milestones (planned) WHERE actual IS NULL;
CREATE TABLE milestone_deps (
  successor_id INTEGER NOT NULL REFERENCES milestones (id),
  predecessor_id INTEGER NOT NULL REFERENCES milestones (id),
  lag_days INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (successor_id, predecessor_id)
);
CREATE INDEX milestone_deps_predecessor ON milestone_deps (predecessor_id);
-- The administrator's additions to the built-in working-day calendar (SPEC §4, issue 5).
CREATE TABLE calendar_days (
  day TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
);
INSERT INTO milestone_templates (id, name, version, updated_at) VALUES (1, '产业项目', 1, '2026-01-01T00:00:00Z');
INSERT INTO milestone_template_nodes (template_id, position, name, anchor, offset_days) VALUES
  (1, 0, '立项', 'start', -180),
  (1, 1, '用地', 'start', -120),
  (1, 2, '规划许可', 'start', -90),
  (1, 3, '施工许可', 'start', -30),
  (1, 4, '开工', 'start', 0),
  (1, 5, '主体完工', 'end', -120),
  (1, 6, '设备安装', 'end', -60),
  (1, 7, '竣工验收', 'end', 0),
  (1, 8, '投产', 'end', 30);
INSERT INTO milestone_templates (id, name, version, updated_at) VALUES (2, '基础设施项目', 1, '2026-01-01T00:00:00Z');
INSERT INTO milestone_template_nodes (template_id, position, name, anchor, offset_days) VALUES
  (2, 0, '立项', 'start', -240),
  (2, 1, '可研批复', 'start', -180),
  (2, 2, '初步设计批复', 'start', -120),
  (2, 3, '用地', 'start', -90),
  (2, 4, '施工许可', 'start', -30),
  (2, 5, '开工', 'start', 0),
  (2, 6, '主体完工', 'end', -90),
  (2, 7, '竣工验收', 'end', 0),
  (2, 8, '交付使用', 'end', 30);
INSERT INTO milestone_templates (id, name, version, updated_at) VALUES (3, '社会民生项目', 1, '2026-01-01T00:00:00Z');
INSERT INTO milestone_template_nodes (template_id, position, name, anchor, offset_days) VALUES
  (3, 0, '立项', 'start', -150),
  (3, 1, '用地', 'start', -90),
  (3, 2, '施工许可', 'start', -30),
  (3, 3, '开工', 'start', 0),
  (3, 4, '主体完工', 'end', -60),
  (3, 5, '竣工验收', 'end', 0),
  (3, 6, '投入使用', 'end', 30);

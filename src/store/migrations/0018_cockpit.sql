-- The leaders' cockpit (驾驶舱, SPEC §10; api/cockpit.h): what its answers are computed from, and the
-- generation its in-process cache compares. docs/architecture.md ("The cockpit") has the design;
-- docs/performance.md ("Cockpit") the figures that shaped it.
--
-- cockpit_projects: one narrow row per project with what the cockpit groups, filters and counts by,
-- kept by triggers from projects and project_orgs (unit_org_id: the first responsible unit). Its
-- covering indexes serve the panels: each count is one streaming GROUP BY over one of them (a
-- province's 50,000 projects in about 10 ms), the map one index-only walk.
--
-- cockpit_years: one row per project and year with an approved plan or an accepted report: the plan,
-- and per month m the investment completed in months 1..m (done_m), the plan's monthly targets added
-- up where it has them, else the proportional share (plan_m), and the proportional share alone
-- (prop_m), as engine/cockpit computes them. Written by the server in the transaction that accepts a
-- report or a plan (api::RefreshCockpitYear); rebuilt in bulk by api::RebuildCockpitYears (the demo,
-- and at start-up once per definition version). It carries copies of the project's grouping
-- columns, kept by the triggers below, for the scoped sums.
--
-- cockpit_year_cells: cockpit_years summed by year and grouping columns (org ids 0 for none), kept by
-- triggers; the whole district's money figures read a year's few thousand cells instead of its
-- tens of thousands of project rows.
--
-- work_day_ordinals and cockpit_approval_cells: the approvals panel's durations. An ordinal counts the
-- working days from 2000-01-01 (api::RefreshCockpitCalendar fills them from the working-day
-- calendar, and again when the calendar changes), so an item's duration in working days is the
-- difference of two ordinals; the cells count the obtained items by approval month, department,
-- the project's stage and duration, kept by triggers on project_approvals and projects.
--
-- cockpit_bulk: while it holds a row (inside a bulk rebuild's transaction) the cell triggers stand
-- aside, and the rebuild sums the cells in one statement at the end.
--
-- cache_generations: a counter per cache, moved on whenever a table the cockpit reads changes. Every
-- cockpit request reads it (one primary-key lookup) and serves a cached answer only while it is
-- unchanged, so a change committed through any server instance retires every instance's answers
-- (SPEC §14).
CREATE TABLE cockpit_projects (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  stage TEXT NOT NULL,
  category TEXT NOT NULL,
  level TEXT NOT NULL,
  town_org_id INTEGER,
  unit_org_id INTEGER,
  leader_user_id INTEGER,
  total_investment INTEGER NOT NULL,
  actual_start TEXT,
  actual_completion TEXT,
  longitude REAL,
  latitude REAL,
  colour TEXT NOT NULL
);
-- Covering indexes in the GROUP BY orders of store/cockpit_repository's counts, so that each
-- streams through one index without a sort; leader_user_id and the rowid serve the scope filter.
-- Only the first and the map's hold the colour, which a full warnings recompute rewrites.
CREATE INDEX cockpit_projects_colours ON cockpit_projects
  (stage, colour, town_org_id, unit_org_id, total_investment, actual_start, actual_completion, leader_user_id);
CREATE INDEX cockpit_projects_category ON cockpit_projects (stage, category, total_investment, leader_user_id);
CREATE INDEX cockpit_projects_level ON cockpit_projects (stage, level, total_investment, leader_user_id);
CREATE INDEX cockpit_projects_town ON cockpit_projects (stage, town_org_id, total_investment, leader_user_id);
CREATE INDEX cockpit_projects_unit ON cockpit_projects (stage, unit_org_id, total_investment, leader_user_id);
CREATE INDEX cockpit_projects_map ON cockpit_projects (stage, longitude, latitude, colour, name, leader_user_id);
CREATE INDEX cockpit_projects_start ON cockpit_projects (actual_start);
CREATE INDEX cockpit_projects_completion ON cockpit_projects (actual_completion);
CREATE INDEX cockpit_projects_leader ON cockpit_projects (leader_user_id);

-- Clustered by year where the engine allows: a year's rows are one range.
CREATE TABLE cockpit_years (
  year INTEGER NOT NULL,
  project_id INTEGER NOT NULL,
  stage TEXT NOT NULL,
  category TEXT NOT NULL,
  level TEXT NOT NULL,
  town_org_id INTEGER,
  unit_org_id INTEGER,
  leader_user_id INTEGER,
  planned INTEGER NOT NULL DEFAULT 0,
  done_1 INTEGER NOT NULL DEFAULT 0,
  done_2 INTEGER NOT NULL DEFAULT 0,
  done_3 INTEGER NOT NULL DEFAULT 0,
  done_4 INTEGER NOT NULL DEFAULT 0,
  done_5 INTEGER NOT NULL DEFAULT 0,
  done_6 INTEGER NOT NULL DEFAULT 0,
  done_7 INTEGER NOT NULL DEFAULT 0,
  done_8 INTEGER NOT NULL DEFAULT 0,
  done_9 INTEGER NOT NULL DEFAULT 0,
  done_10 INTEGER NOT NULL DEFAULT 0,
  done_11 INTEGER NOT NULL DEFAULT 0,
  done_12 INTEGER NOT NULL DEFAULT 0,
  plan_1 INTEGER NOT NULL DEFAULT 0,
  plan_2 INTEGER NOT NULL DEFAULT 0,
  plan_3 INTEGER NOT NULL DEFAULT 0,
  plan_4 INTEGER NOT NULL DEFAULT 0,
  plan_5 INTEGER NOT NULL DEFAULT 0,
  plan_6 INTEGER NOT NULL DEFAULT 0,
  plan_7 INTEGER NOT NULL DEFAULT 0,
  plan_8 INTEGER NOT NULL DEFAULT 0,
  plan_9 INTEGER NOT NULL DEFAULT 0,
  plan_10 INTEGER NOT NULL DEFAULT 0,
  plan_11 INTEGER NOT NULL DEFAULT 0,
  plan_12 INTEGER NOT NULL DEFAULT 0,
  prop_1 INTEGER NOT NULL DEFAULT 0,
  prop_2 INTEGER NOT NULL DEFAULT 0,
  prop_3 INTEGER NOT NULL DEFAULT 0,
  prop_4 INTEGER NOT NULL DEFAULT 0,
  prop_5 INTEGER NOT NULL DEFAULT 0,
  prop_6 INTEGER NOT NULL DEFAULT 0,
  prop_7 INTEGER NOT NULL DEFAULT 0,
  prop_8 INTEGER NOT NULL DEFAULT 0,
  prop_9 INTEGER NOT NULL DEFAULT 0,
  prop_10 INTEGER NOT NULL DEFAULT 0,
  prop_11 INTEGER NOT NULL DEFAULT 0,
  prop_12 INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (year, project_id)
) WITHOUT ROWID;
CREATE INDEX cockpit_years_project ON cockpit_years (project_id);

CREATE TABLE cockpit_year_cells (
  year INTEGER NOT NULL,
  stage TEXT NOT NULL,
  category TEXT NOT NULL,
  level TEXT NOT NULL,
  town_org_id INTEGER NOT NULL,
  unit_org_id INTEGER NOT NULL,
  planned INTEGER NOT NULL DEFAULT 0,
  done_1 INTEGER NOT NULL DEFAULT 0,
  done_2 INTEGER NOT NULL DEFAULT 0,
  done_3 INTEGER NOT NULL DEFAULT 0,
  done_4 INTEGER NOT NULL DEFAULT 0,
  done_5 INTEGER NOT NULL DEFAULT 0,
  done_6 INTEGER NOT NULL DEFAULT 0,
  done_7 INTEGER NOT NULL DEFAULT 0,
  done_8 INTEGER NOT NULL DEFAULT 0,
  done_9 INTEGER NOT NULL DEFAULT 0,
  done_10 INTEGER NOT NULL DEFAULT 0,
  done_11 INTEGER NOT NULL DEFAULT 0,
  done_12 INTEGER NOT NULL DEFAULT 0,
  plan_1 INTEGER NOT NULL DEFAULT 0,
  plan_2 INTEGER NOT NULL DEFAULT 0,
  plan_3 INTEGER NOT NULL DEFAULT 0,
  plan_4 INTEGER NOT NULL DEFAULT 0,
  plan_5 INTEGER NOT NULL DEFAULT 0,
  plan_6 INTEGER NOT NULL DEFAULT 0,
  plan_7 INTEGER NOT NULL DEFAULT 0,
  plan_8 INTEGER NOT NULL DEFAULT 0,
  plan_9 INTEGER NOT NULL DEFAULT 0,
  plan_10 INTEGER NOT NULL DEFAULT 0,
  plan_11 INTEGER NOT NULL DEFAULT 0,
  plan_12 INTEGER NOT NULL DEFAULT 0,
  prop_1 INTEGER NOT NULL DEFAULT 0,
  prop_2 INTEGER NOT NULL DEFAULT 0,
  prop_3 INTEGER NOT NULL DEFAULT 0,
  prop_4 INTEGER NOT NULL DEFAULT 0,
  prop_5 INTEGER NOT NULL DEFAULT 0,
  prop_6 INTEGER NOT NULL DEFAULT 0,
  prop_7 INTEGER NOT NULL DEFAULT 0,
  prop_8 INTEGER NOT NULL DEFAULT 0,
  prop_9 INTEGER NOT NULL DEFAULT 0,
  prop_10 INTEGER NOT NULL DEFAULT 0,
  prop_11 INTEGER NOT NULL DEFAULT 0,
  prop_12 INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (year, stage, category, level, town_org_id, unit_org_id)
) WITHOUT ROWID;

CREATE TABLE work_day_ordinals (
  day TEXT PRIMARY KEY,
  ordinal INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE cockpit_approval_cells (
  year INTEGER NOT NULL,
  month INTEGER NOT NULL,
  department_org_id INTEGER NOT NULL,
  stage TEXT NOT NULL,
  days INTEGER NOT NULL,
  items INTEGER NOT NULL,
  PRIMARY KEY (year, month, department_org_id, stage, days)
) WITHOUT ROWID;

-- The approvals panel's items in progress, and a scope's obtained items project by project, without
-- a look at the wide item rows.
CREATE INDEX cockpit_approvals_open ON project_approvals
  (status, department_org_id, applied_on, limit_days, limit_kind, project_id) WHERE status = 'in_progress';
CREATE INDEX cockpit_approvals_obtained ON project_approvals
  (project_id, status, approved_on, applied_on, department_org_id) WHERE status = 'obtained';

CREATE TABLE cockpit_bulk (
  name TEXT PRIMARY KEY
);

CREATE TABLE cache_generations (
  name TEXT PRIMARY KEY,
  generation INTEGER NOT NULL
);
INSERT INTO cache_generations (name, generation) VALUES ('cockpit', 0);

INSERT INTO cockpit_projects (id, name, stage, category, level, town_org_id, unit_org_id, leader_user_id,
                              total_investment, actual_start, actual_completion, longitude, latitude, colour)
SELECT p.id, p.name, p.stage, p.category, p.level, p.town_org_id, (SELECT po.org_id FROM project_orgs po WHERE po.project_id = p.id AND po.relation = 'responsible' ORDER BY po.position, po.org_id LIMIT 1),
       p.leader_user_id, p.total_investment, p.actual_start, p.actual_completion, p.longitude, p.latitude,
       p.warning_colour
FROM projects p;

CREATE TRIGGER cockpit_projects_insert AFTER INSERT ON projects
BEGIN
  INSERT INTO cockpit_projects (id, name, stage, category, level, town_org_id, unit_org_id, leader_user_id,
                                total_investment, actual_start, actual_completion, longitude, latitude, colour)
  VALUES (NEW.id, NEW.name, NEW.stage, NEW.category, NEW.level, NEW.town_org_id, (SELECT po.org_id FROM project_orgs po WHERE po.project_id = NEW.id AND po.relation = 'responsible' ORDER BY po.position, po.org_id LIMIT 1),
          NEW.leader_user_id, NEW.total_investment, NEW.actual_start, NEW.actual_completion, NEW.longitude,
          NEW.latitude, NEW.warning_colour);
END;
-- The light alone, as a warnings recompute writes it for thousands of projects at once: an UPDATE
-- touches only the indexes holding the columns it sets, so the colour has a trigger of its own.
CREATE TRIGGER cockpit_projects_colour AFTER UPDATE OF warning_colour ON projects
WHEN OLD.warning_colour IS NOT NEW.warning_colour
BEGIN
  UPDATE cockpit_projects SET colour = NEW.warning_colour WHERE id = NEW.id;
END;
CREATE TRIGGER cockpit_projects_update AFTER UPDATE ON projects
WHEN OLD.name IS NOT NEW.name OR OLD.stage IS NOT NEW.stage OR OLD.category IS NOT NEW.category
  OR OLD.level IS NOT NEW.level OR OLD.town_org_id IS NOT NEW.town_org_id OR OLD.leader_user_id IS NOT NEW.leader_user_id
  OR OLD.total_investment IS NOT NEW.total_investment OR OLD.actual_start IS NOT NEW.actual_start
  OR OLD.actual_completion IS NOT NEW.actual_completion OR OLD.longitude IS NOT NEW.longitude
  OR OLD.latitude IS NOT NEW.latitude
BEGIN
  UPDATE cockpit_projects SET name = NEW.name, stage = NEW.stage, category = NEW.category, level = NEW.level,
    town_org_id = NEW.town_org_id, leader_user_id = NEW.leader_user_id, total_investment = NEW.total_investment,
    actual_start = NEW.actual_start, actual_completion = NEW.actual_completion, longitude = NEW.longitude,
    latitude = NEW.latitude
  WHERE id = NEW.id;
END;
-- The copies in cockpit_years follow only the grouping columns (not the colour, which a full
-- warnings recompute rewrites for thousands of projects at once).
CREATE TRIGGER cockpit_years_follow AFTER UPDATE ON projects
WHEN OLD.stage IS NOT NEW.stage OR OLD.category IS NOT NEW.category OR OLD.level IS NOT NEW.level
  OR OLD.town_org_id IS NOT NEW.town_org_id OR OLD.leader_user_id IS NOT NEW.leader_user_id
BEGIN
  UPDATE cockpit_years SET stage = NEW.stage, category = NEW.category, level = NEW.level,
    town_org_id = NEW.town_org_id, leader_user_id = NEW.leader_user_id
  WHERE project_id = NEW.id;
END;
-- A project that moves to another stage takes its obtained approval items to that stage's cells.
CREATE TRIGGER cockpit_approval_cells_stage AFTER UPDATE OF stage ON projects
WHEN OLD.stage IS NOT NEW.stage AND NOT EXISTS (SELECT 1 FROM cockpit_bulk)
BEGIN
  INSERT INTO cockpit_approval_cells (year, month, department_org_id, stage, days, items)
    SELECT CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), OLD.stage, o2.ordinal - o1.ordinal, -COUNT(*)
    FROM project_approvals a JOIN work_day_ordinals o1 ON o1.day = a.applied_on JOIN work_day_ordinals o2 ON o2.day = a.approved_on WHERE a.project_id = NEW.id AND a.status = 'obtained'
    GROUP BY CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), OLD.stage, o2.ordinal - o1.ordinal
    ON CONFLICT (year, month, department_org_id, stage, days) DO UPDATE SET items = cockpit_approval_cells.items + excluded.items;
  INSERT INTO cockpit_approval_cells (year, month, department_org_id, stage, days, items)
    SELECT CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), NEW.stage, o2.ordinal - o1.ordinal, COUNT(*)
    FROM project_approvals a JOIN work_day_ordinals o1 ON o1.day = a.applied_on JOIN work_day_ordinals o2 ON o2.day = a.approved_on WHERE a.project_id = NEW.id AND a.status = 'obtained'
    GROUP BY CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), NEW.stage, o2.ordinal - o1.ordinal
    ON CONFLICT (year, month, department_org_id, stage, days) DO UPDATE SET items = cockpit_approval_cells.items + excluded.items;
END;
CREATE TRIGGER cockpit_projects_delete AFTER DELETE ON projects
BEGIN
  DELETE FROM cockpit_years WHERE project_id = OLD.id;
  DELETE FROM cockpit_projects WHERE id = OLD.id;
END;
CREATE TRIGGER cockpit_unit_insert AFTER INSERT ON project_orgs WHEN NEW.relation = 'responsible'
BEGIN
  UPDATE cockpit_projects SET unit_org_id = (SELECT po.org_id FROM project_orgs po WHERE po.project_id = NEW.project_id AND po.relation = 'responsible' ORDER BY po.position, po.org_id LIMIT 1) WHERE id = NEW.project_id;
  UPDATE cockpit_years SET unit_org_id = (SELECT po.org_id FROM project_orgs po WHERE po.project_id = NEW.project_id AND po.relation = 'responsible' ORDER BY po.position, po.org_id LIMIT 1) WHERE project_id = NEW.project_id;
END;
CREATE TRIGGER cockpit_unit_delete AFTER DELETE ON project_orgs WHEN OLD.relation = 'responsible'
BEGIN
  UPDATE cockpit_projects SET unit_org_id = (SELECT po.org_id FROM project_orgs po WHERE po.project_id = OLD.project_id AND po.relation = 'responsible' ORDER BY po.position, po.org_id LIMIT 1) WHERE id = OLD.project_id;
  UPDATE cockpit_years SET unit_org_id = (SELECT po.org_id FROM project_orgs po WHERE po.project_id = OLD.project_id AND po.relation = 'responsible' ORDER BY po.position, po.org_id LIMIT 1) WHERE project_id = OLD.project_id;
END;
CREATE TRIGGER cockpit_unit_update AFTER UPDATE ON project_orgs
WHEN OLD.relation = 'responsible' OR NEW.relation = 'responsible'
BEGIN
  UPDATE cockpit_projects SET unit_org_id = (SELECT po.org_id FROM project_orgs po WHERE po.project_id = OLD.project_id AND po.relation = 'responsible' ORDER BY po.position, po.org_id LIMIT 1) WHERE id = OLD.project_id;
  UPDATE cockpit_years SET unit_org_id = (SELECT po.org_id FROM project_orgs po WHERE po.project_id = OLD.project_id AND po.relation = 'responsible' ORDER BY po.position, po.org_id LIMIT 1) WHERE project_id = OLD.project_id;
  UPDATE cockpit_projects SET unit_org_id = (SELECT po.org_id FROM project_orgs po WHERE po.project_id = NEW.project_id AND po.relation = 'responsible' ORDER BY po.position, po.org_id LIMIT 1) WHERE id = NEW.project_id;
  UPDATE cockpit_years SET unit_org_id = (SELECT po.org_id FROM project_orgs po WHERE po.project_id = NEW.project_id AND po.relation = 'responsible' ORDER BY po.position, po.org_id LIMIT 1) WHERE project_id = NEW.project_id;
END;

-- The year cells follow cockpit_years row by row, except inside a bulk rebuild.
CREATE TRIGGER cockpit_year_cells_insert AFTER INSERT ON cockpit_years WHEN NOT EXISTS (SELECT 1 FROM cockpit_bulk)
BEGIN
  INSERT INTO cockpit_year_cells (year, stage, category, level, town_org_id, unit_org_id, planned, done_1, done_2, done_3, done_4, done_5, done_6, done_7, done_8, done_9, done_10, done_11, done_12, plan_1, plan_2, plan_3, plan_4, plan_5, plan_6, plan_7, plan_8, plan_9, plan_10, plan_11, plan_12, prop_1, prop_2, prop_3, prop_4, prop_5, prop_6, prop_7, prop_8, prop_9, prop_10, prop_11, prop_12)
    VALUES (NEW.year, NEW.stage, NEW.category, NEW.level, COALESCE(NEW.town_org_id, 0), COALESCE(NEW.unit_org_id, 0), NEW.planned, NEW.done_1, NEW.done_2, NEW.done_3, NEW.done_4, NEW.done_5, NEW.done_6, NEW.done_7, NEW.done_8, NEW.done_9, NEW.done_10, NEW.done_11, NEW.done_12, NEW.plan_1, NEW.plan_2, NEW.plan_3, NEW.plan_4, NEW.plan_5, NEW.plan_6, NEW.plan_7, NEW.plan_8, NEW.plan_9, NEW.plan_10, NEW.plan_11, NEW.plan_12, NEW.prop_1, NEW.prop_2, NEW.prop_3, NEW.prop_4, NEW.prop_5, NEW.prop_6, NEW.prop_7, NEW.prop_8, NEW.prop_9, NEW.prop_10, NEW.prop_11, NEW.prop_12)
    ON CONFLICT (year, stage, category, level, town_org_id, unit_org_id) DO UPDATE SET planned = cockpit_year_cells.planned + excluded.planned, done_1 = cockpit_year_cells.done_1 + excluded.done_1, done_2 = cockpit_year_cells.done_2 + excluded.done_2, done_3 = cockpit_year_cells.done_3 + excluded.done_3, done_4 = cockpit_year_cells.done_4 + excluded.done_4, done_5 = cockpit_year_cells.done_5 + excluded.done_5, done_6 = cockpit_year_cells.done_6 + excluded.done_6, done_7 = cockpit_year_cells.done_7 + excluded.done_7, done_8 = cockpit_year_cells.done_8 + excluded.done_8, done_9 = cockpit_year_cells.done_9 + excluded.done_9, done_10 = cockpit_year_cells.done_10 + excluded.done_10, done_11 = cockpit_year_cells.done_11 + excluded.done_11, done_12 = cockpit_year_cells.done_12 + excluded.done_12, plan_1 = cockpit_year_cells.plan_1 + excluded.plan_1, plan_2 = cockpit_year_cells.plan_2 + excluded.plan_2, plan_3 = cockpit_year_cells.plan_3 + excluded.plan_3, plan_4 = cockpit_year_cells.plan_4 + excluded.plan_4, plan_5 = cockpit_year_cells.plan_5 + excluded.plan_5, plan_6 = cockpit_year_cells.plan_6 + excluded.plan_6, plan_7 = cockpit_year_cells.plan_7 + excluded.plan_7, plan_8 = cockpit_year_cells.plan_8 + excluded.plan_8, plan_9 = cockpit_year_cells.plan_9 + excluded.plan_9, plan_10 = cockpit_year_cells.plan_10 + excluded.plan_10, plan_11 = cockpit_year_cells.plan_11 + excluded.plan_11, plan_12 = cockpit_year_cells.plan_12 + excluded.plan_12, prop_1 = cockpit_year_cells.prop_1 + excluded.prop_1, prop_2 = cockpit_year_cells.prop_2 + excluded.prop_2, prop_3 = cockpit_year_cells.prop_3 + excluded.prop_3, prop_4 = cockpit_year_cells.prop_4 + excluded.prop_4, prop_5 = cockpit_year_cells.prop_5 + excluded.prop_5, prop_6 = cockpit_year_cells.prop_6 + excluded.prop_6, prop_7 = cockpit_year_cells.prop_7 + excluded.prop_7, prop_8 = cockpit_year_cells.prop_8 + excluded.prop_8, prop_9 = cockpit_year_cells.prop_9 + excluded.prop_9, prop_10 = cockpit_year_cells.prop_10 + excluded.prop_10, prop_11 = cockpit_year_cells.prop_11 + excluded.prop_11, prop_12 = cockpit_year_cells.prop_12 + excluded.prop_12;
END;
CREATE TRIGGER cockpit_year_cells_update AFTER UPDATE ON cockpit_years WHEN NOT EXISTS (SELECT 1 FROM cockpit_bulk)
BEGIN
  INSERT INTO cockpit_year_cells (year, stage, category, level, town_org_id, unit_org_id, planned, done_1, done_2, done_3, done_4, done_5, done_6, done_7, done_8, done_9, done_10, done_11, done_12, plan_1, plan_2, plan_3, plan_4, plan_5, plan_6, plan_7, plan_8, plan_9, plan_10, plan_11, plan_12, prop_1, prop_2, prop_3, prop_4, prop_5, prop_6, prop_7, prop_8, prop_9, prop_10, prop_11, prop_12)
    VALUES (OLD.year, OLD.stage, OLD.category, OLD.level, COALESCE(OLD.town_org_id, 0), COALESCE(OLD.unit_org_id, 0), -OLD.planned, -OLD.done_1, -OLD.done_2, -OLD.done_3, -OLD.done_4, -OLD.done_5, -OLD.done_6, -OLD.done_7, -OLD.done_8, -OLD.done_9, -OLD.done_10, -OLD.done_11, -OLD.done_12, -OLD.plan_1, -OLD.plan_2, -OLD.plan_3, -OLD.plan_4, -OLD.plan_5, -OLD.plan_6, -OLD.plan_7, -OLD.plan_8, -OLD.plan_9, -OLD.plan_10, -OLD.plan_11, -OLD.plan_12, -OLD.prop_1, -OLD.prop_2, -OLD.prop_3, -OLD.prop_4, -OLD.prop_5, -OLD.prop_6, -OLD.prop_7, -OLD.prop_8, -OLD.prop_9, -OLD.prop_10, -OLD.prop_11, -OLD.prop_12)
    ON CONFLICT (year, stage, category, level, town_org_id, unit_org_id) DO UPDATE SET planned = cockpit_year_cells.planned + excluded.planned, done_1 = cockpit_year_cells.done_1 + excluded.done_1, done_2 = cockpit_year_cells.done_2 + excluded.done_2, done_3 = cockpit_year_cells.done_3 + excluded.done_3, done_4 = cockpit_year_cells.done_4 + excluded.done_4, done_5 = cockpit_year_cells.done_5 + excluded.done_5, done_6 = cockpit_year_cells.done_6 + excluded.done_6, done_7 = cockpit_year_cells.done_7 + excluded.done_7, done_8 = cockpit_year_cells.done_8 + excluded.done_8, done_9 = cockpit_year_cells.done_9 + excluded.done_9, done_10 = cockpit_year_cells.done_10 + excluded.done_10, done_11 = cockpit_year_cells.done_11 + excluded.done_11, done_12 = cockpit_year_cells.done_12 + excluded.done_12, plan_1 = cockpit_year_cells.plan_1 + excluded.plan_1, plan_2 = cockpit_year_cells.plan_2 + excluded.plan_2, plan_3 = cockpit_year_cells.plan_3 + excluded.plan_3, plan_4 = cockpit_year_cells.plan_4 + excluded.plan_4, plan_5 = cockpit_year_cells.plan_5 + excluded.plan_5, plan_6 = cockpit_year_cells.plan_6 + excluded.plan_6, plan_7 = cockpit_year_cells.plan_7 + excluded.plan_7, plan_8 = cockpit_year_cells.plan_8 + excluded.plan_8, plan_9 = cockpit_year_cells.plan_9 + excluded.plan_9, plan_10 = cockpit_year_cells.plan_10 + excluded.plan_10, plan_11 = cockpit_year_cells.plan_11 + excluded.plan_11, plan_12 = cockpit_year_cells.plan_12 + excluded.plan_12, prop_1 = cockpit_year_cells.prop_1 + excluded.prop_1, prop_2 = cockpit_year_cells.prop_2 + excluded.prop_2, prop_3 = cockpit_year_cells.prop_3 + excluded.prop_3, prop_4 = cockpit_year_cells.prop_4 + excluded.prop_4, prop_5 = cockpit_year_cells.prop_5 + excluded.prop_5, prop_6 = cockpit_year_cells.prop_6 + excluded.prop_6, prop_7 = cockpit_year_cells.prop_7 + excluded.prop_7, prop_8 = cockpit_year_cells.prop_8 + excluded.prop_8, prop_9 = cockpit_year_cells.prop_9 + excluded.prop_9, prop_10 = cockpit_year_cells.prop_10 + excluded.prop_10, prop_11 = cockpit_year_cells.prop_11 + excluded.prop_11, prop_12 = cockpit_year_cells.prop_12 + excluded.prop_12;
  INSERT INTO cockpit_year_cells (year, stage, category, level, town_org_id, unit_org_id, planned, done_1, done_2, done_3, done_4, done_5, done_6, done_7, done_8, done_9, done_10, done_11, done_12, plan_1, plan_2, plan_3, plan_4, plan_5, plan_6, plan_7, plan_8, plan_9, plan_10, plan_11, plan_12, prop_1, prop_2, prop_3, prop_4, prop_5, prop_6, prop_7, prop_8, prop_9, prop_10, prop_11, prop_12)
    VALUES (NEW.year, NEW.stage, NEW.category, NEW.level, COALESCE(NEW.town_org_id, 0), COALESCE(NEW.unit_org_id, 0), NEW.planned, NEW.done_1, NEW.done_2, NEW.done_3, NEW.done_4, NEW.done_5, NEW.done_6, NEW.done_7, NEW.done_8, NEW.done_9, NEW.done_10, NEW.done_11, NEW.done_12, NEW.plan_1, NEW.plan_2, NEW.plan_3, NEW.plan_4, NEW.plan_5, NEW.plan_6, NEW.plan_7, NEW.plan_8, NEW.plan_9, NEW.plan_10, NEW.plan_11, NEW.plan_12, NEW.prop_1, NEW.prop_2, NEW.prop_3, NEW.prop_4, NEW.prop_5, NEW.prop_6, NEW.prop_7, NEW.prop_8, NEW.prop_9, NEW.prop_10, NEW.prop_11, NEW.prop_12)
    ON CONFLICT (year, stage, category, level, town_org_id, unit_org_id) DO UPDATE SET planned = cockpit_year_cells.planned + excluded.planned, done_1 = cockpit_year_cells.done_1 + excluded.done_1, done_2 = cockpit_year_cells.done_2 + excluded.done_2, done_3 = cockpit_year_cells.done_3 + excluded.done_3, done_4 = cockpit_year_cells.done_4 + excluded.done_4, done_5 = cockpit_year_cells.done_5 + excluded.done_5, done_6 = cockpit_year_cells.done_6 + excluded.done_6, done_7 = cockpit_year_cells.done_7 + excluded.done_7, done_8 = cockpit_year_cells.done_8 + excluded.done_8, done_9 = cockpit_year_cells.done_9 + excluded.done_9, done_10 = cockpit_year_cells.done_10 + excluded.done_10, done_11 = cockpit_year_cells.done_11 + excluded.done_11, done_12 = cockpit_year_cells.done_12 + excluded.done_12, plan_1 = cockpit_year_cells.plan_1 + excluded.plan_1, plan_2 = cockpit_year_cells.plan_2 + excluded.plan_2, plan_3 = cockpit_year_cells.plan_3 + excluded.plan_3, plan_4 = cockpit_year_cells.plan_4 + excluded.plan_4, plan_5 = cockpit_year_cells.plan_5 + excluded.plan_5, plan_6 = cockpit_year_cells.plan_6 + excluded.plan_6, plan_7 = cockpit_year_cells.plan_7 + excluded.plan_7, plan_8 = cockpit_year_cells.plan_8 + excluded.plan_8, plan_9 = cockpit_year_cells.plan_9 + excluded.plan_9, plan_10 = cockpit_year_cells.plan_10 + excluded.plan_10, plan_11 = cockpit_year_cells.plan_11 + excluded.plan_11, plan_12 = cockpit_year_cells.plan_12 + excluded.plan_12, prop_1 = cockpit_year_cells.prop_1 + excluded.prop_1, prop_2 = cockpit_year_cells.prop_2 + excluded.prop_2, prop_3 = cockpit_year_cells.prop_3 + excluded.prop_3, prop_4 = cockpit_year_cells.prop_4 + excluded.prop_4, prop_5 = cockpit_year_cells.prop_5 + excluded.prop_5, prop_6 = cockpit_year_cells.prop_6 + excluded.prop_6, prop_7 = cockpit_year_cells.prop_7 + excluded.prop_7, prop_8 = cockpit_year_cells.prop_8 + excluded.prop_8, prop_9 = cockpit_year_cells.prop_9 + excluded.prop_9, prop_10 = cockpit_year_cells.prop_10 + excluded.prop_10, prop_11 = cockpit_year_cells.prop_11 + excluded.prop_11, prop_12 = cockpit_year_cells.prop_12 + excluded.prop_12;
END;
CREATE TRIGGER cockpit_year_cells_delete AFTER DELETE ON cockpit_years WHEN NOT EXISTS (SELECT 1 FROM cockpit_bulk)
BEGIN
  INSERT INTO cockpit_year_cells (year, stage, category, level, town_org_id, unit_org_id, planned, done_1, done_2, done_3, done_4, done_5, done_6, done_7, done_8, done_9, done_10, done_11, done_12, plan_1, plan_2, plan_3, plan_4, plan_5, plan_6, plan_7, plan_8, plan_9, plan_10, plan_11, plan_12, prop_1, prop_2, prop_3, prop_4, prop_5, prop_6, prop_7, prop_8, prop_9, prop_10, prop_11, prop_12)
    VALUES (OLD.year, OLD.stage, OLD.category, OLD.level, COALESCE(OLD.town_org_id, 0), COALESCE(OLD.unit_org_id, 0), -OLD.planned, -OLD.done_1, -OLD.done_2, -OLD.done_3, -OLD.done_4, -OLD.done_5, -OLD.done_6, -OLD.done_7, -OLD.done_8, -OLD.done_9, -OLD.done_10, -OLD.done_11, -OLD.done_12, -OLD.plan_1, -OLD.plan_2, -OLD.plan_3, -OLD.plan_4, -OLD.plan_5, -OLD.plan_6, -OLD.plan_7, -OLD.plan_8, -OLD.plan_9, -OLD.plan_10, -OLD.plan_11, -OLD.plan_12, -OLD.prop_1, -OLD.prop_2, -OLD.prop_3, -OLD.prop_4, -OLD.prop_5, -OLD.prop_6, -OLD.prop_7, -OLD.prop_8, -OLD.prop_9, -OLD.prop_10, -OLD.prop_11, -OLD.prop_12)
    ON CONFLICT (year, stage, category, level, town_org_id, unit_org_id) DO UPDATE SET planned = cockpit_year_cells.planned + excluded.planned, done_1 = cockpit_year_cells.done_1 + excluded.done_1, done_2 = cockpit_year_cells.done_2 + excluded.done_2, done_3 = cockpit_year_cells.done_3 + excluded.done_3, done_4 = cockpit_year_cells.done_4 + excluded.done_4, done_5 = cockpit_year_cells.done_5 + excluded.done_5, done_6 = cockpit_year_cells.done_6 + excluded.done_6, done_7 = cockpit_year_cells.done_7 + excluded.done_7, done_8 = cockpit_year_cells.done_8 + excluded.done_8, done_9 = cockpit_year_cells.done_9 + excluded.done_9, done_10 = cockpit_year_cells.done_10 + excluded.done_10, done_11 = cockpit_year_cells.done_11 + excluded.done_11, done_12 = cockpit_year_cells.done_12 + excluded.done_12, plan_1 = cockpit_year_cells.plan_1 + excluded.plan_1, plan_2 = cockpit_year_cells.plan_2 + excluded.plan_2, plan_3 = cockpit_year_cells.plan_3 + excluded.plan_3, plan_4 = cockpit_year_cells.plan_4 + excluded.plan_4, plan_5 = cockpit_year_cells.plan_5 + excluded.plan_5, plan_6 = cockpit_year_cells.plan_6 + excluded.plan_6, plan_7 = cockpit_year_cells.plan_7 + excluded.plan_7, plan_8 = cockpit_year_cells.plan_8 + excluded.plan_8, plan_9 = cockpit_year_cells.plan_9 + excluded.plan_9, plan_10 = cockpit_year_cells.plan_10 + excluded.plan_10, plan_11 = cockpit_year_cells.plan_11 + excluded.plan_11, plan_12 = cockpit_year_cells.plan_12 + excluded.plan_12, prop_1 = cockpit_year_cells.prop_1 + excluded.prop_1, prop_2 = cockpit_year_cells.prop_2 + excluded.prop_2, prop_3 = cockpit_year_cells.prop_3 + excluded.prop_3, prop_4 = cockpit_year_cells.prop_4 + excluded.prop_4, prop_5 = cockpit_year_cells.prop_5 + excluded.prop_5, prop_6 = cockpit_year_cells.prop_6 + excluded.prop_6, prop_7 = cockpit_year_cells.prop_7 + excluded.prop_7, prop_8 = cockpit_year_cells.prop_8 + excluded.prop_8, prop_9 = cockpit_year_cells.prop_9 + excluded.prop_9, prop_10 = cockpit_year_cells.prop_10 + excluded.prop_10, prop_11 = cockpit_year_cells.prop_11 + excluded.prop_11, prop_12 = cockpit_year_cells.prop_12 + excluded.prop_12;
END;

-- The approval cells follow project_approvals item by item (an item counts while obtained with both dates).
CREATE TRIGGER cockpit_approval_cells_insert AFTER INSERT ON project_approvals
WHEN NEW.status = 'obtained' AND NOT EXISTS (SELECT 1 FROM cockpit_bulk)
BEGIN
  INSERT INTO cockpit_approval_cells (year, month, department_org_id, stage, days, items)
    SELECT CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal, COUNT(*)
    FROM (SELECT NEW.department_org_id AS department_org_id, NEW.applied_on AS applied_on, NEW.approved_on AS approved_on) a JOIN projects p ON p.id = NEW.project_id JOIN work_day_ordinals o1 ON o1.day = a.applied_on JOIN work_day_ordinals o2 ON o2.day = a.approved_on WHERE NEW.status = 'obtained'
    GROUP BY CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal
    ON CONFLICT (year, month, department_org_id, stage, days) DO UPDATE SET items = cockpit_approval_cells.items + excluded.items;
END;
CREATE TRIGGER cockpit_approval_cells_update AFTER UPDATE ON project_approvals
WHEN (OLD.status = 'obtained' OR NEW.status = 'obtained') AND NOT EXISTS (SELECT 1 FROM cockpit_bulk)
BEGIN
  INSERT INTO cockpit_approval_cells (year, month, department_org_id, stage, days, items)
    SELECT CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal, -COUNT(*)
    FROM (SELECT OLD.department_org_id AS department_org_id, OLD.applied_on AS applied_on, OLD.approved_on AS approved_on) a JOIN projects p ON p.id = OLD.project_id JOIN work_day_ordinals o1 ON o1.day = a.applied_on JOIN work_day_ordinals o2 ON o2.day = a.approved_on WHERE OLD.status = 'obtained'
    GROUP BY CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal
    ON CONFLICT (year, month, department_org_id, stage, days) DO UPDATE SET items = cockpit_approval_cells.items + excluded.items;
  INSERT INTO cockpit_approval_cells (year, month, department_org_id, stage, days, items)
    SELECT CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal, COUNT(*)
    FROM (SELECT NEW.department_org_id AS department_org_id, NEW.applied_on AS applied_on, NEW.approved_on AS approved_on) a JOIN projects p ON p.id = NEW.project_id JOIN work_day_ordinals o1 ON o1.day = a.applied_on JOIN work_day_ordinals o2 ON o2.day = a.approved_on WHERE NEW.status = 'obtained'
    GROUP BY CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal
    ON CONFLICT (year, month, department_org_id, stage, days) DO UPDATE SET items = cockpit_approval_cells.items + excluded.items;
END;
CREATE TRIGGER cockpit_approval_cells_delete AFTER DELETE ON project_approvals
WHEN OLD.status = 'obtained' AND NOT EXISTS (SELECT 1 FROM cockpit_bulk)
BEGIN
  INSERT INTO cockpit_approval_cells (year, month, department_org_id, stage, days, items)
    SELECT CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal, -COUNT(*)
    FROM (SELECT OLD.department_org_id AS department_org_id, OLD.applied_on AS applied_on, OLD.approved_on AS approved_on) a JOIN projects p ON p.id = OLD.project_id JOIN work_day_ordinals o1 ON o1.day = a.applied_on JOIN work_day_ordinals o2 ON o2.day = a.approved_on WHERE OLD.status = 'obtained'
    GROUP BY CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal
    ON CONFLICT (year, month, department_org_id, stage, days) DO UPDATE SET items = cockpit_approval_cells.items + excluded.items;
END;

-- Every change to what the cockpit reads moves its cache generation on (SQLite has row triggers only;
-- one writer at a time, so the counter row cannot deadlock).
CREATE TRIGGER projects_cockpit_insert AFTER INSERT ON projects
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER projects_cockpit_update AFTER UPDATE ON projects
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER projects_cockpit_delete AFTER DELETE ON projects
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER project_orgs_cockpit_insert AFTER INSERT ON project_orgs
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER project_orgs_cockpit_update AFTER UPDATE ON project_orgs
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER project_orgs_cockpit_delete AFTER DELETE ON project_orgs
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER cockpit_years_cockpit_insert AFTER INSERT ON cockpit_years
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER cockpit_years_cockpit_update AFTER UPDATE ON cockpit_years
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER cockpit_years_cockpit_delete AFTER DELETE ON cockpit_years
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER problems_cockpit_insert AFTER INSERT ON problems
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER problems_cockpit_update AFTER UPDATE ON problems
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER problems_cockpit_delete AFTER DELETE ON problems
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER project_approvals_cockpit_insert AFTER INSERT ON project_approvals
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER project_approvals_cockpit_update AFTER UPDATE ON project_approvals
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER project_approvals_cockpit_delete AFTER DELETE ON project_approvals
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER project_warnings_cockpit_insert AFTER INSERT ON project_warnings
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER project_warnings_cockpit_update AFTER UPDATE ON project_warnings
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER project_warnings_cockpit_delete AFTER DELETE ON project_warnings
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER milestones_cockpit_insert AFTER INSERT ON milestones
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER milestones_cockpit_update AFTER UPDATE ON milestones
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER milestones_cockpit_delete AFTER DELETE ON milestones
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER orgs_cockpit_insert AFTER INSERT ON orgs
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER orgs_cockpit_update AFTER UPDATE ON orgs
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER orgs_cockpit_delete AFTER DELETE ON orgs
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER users_cockpit_update AFTER UPDATE OF org_id, scope_kind ON users
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER user_scope_orgs_cockpit_insert AFTER INSERT ON user_scope_orgs
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER user_scope_orgs_cockpit_update AFTER UPDATE ON user_scope_orgs
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER user_scope_orgs_cockpit_delete AFTER DELETE ON user_scope_orgs
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER settings_cockpit_insert AFTER INSERT ON settings
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER settings_cockpit_update AFTER UPDATE ON settings
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER settings_cockpit_delete AFTER DELETE ON settings
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER calendar_days_cockpit_insert AFTER INSERT ON calendar_days
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER calendar_days_cockpit_update AFTER UPDATE ON calendar_days
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER calendar_days_cockpit_delete AFTER DELETE ON calendar_days
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER work_day_ordinals_cockpit_insert AFTER INSERT ON work_day_ordinals
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER work_day_ordinals_cockpit_update AFTER UPDATE ON work_day_ordinals
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
CREATE TRIGGER work_day_ordinals_cockpit_delete AFTER DELETE ON work_day_ordinals
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;

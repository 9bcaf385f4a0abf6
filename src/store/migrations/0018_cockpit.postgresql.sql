-- Same as 0018_cockpit.sql with BIGINT, trigger functions, and the cache generation moved on once
-- per writing transaction at its commit (see below).
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
  id BIGINT PRIMARY KEY,
  name TEXT NOT NULL,
  stage TEXT NOT NULL,
  category TEXT NOT NULL,
  level TEXT NOT NULL,
  town_org_id BIGINT,
  unit_org_id BIGINT,
  leader_user_id BIGINT,
  total_investment BIGINT NOT NULL,
  actual_start TEXT,
  actual_completion TEXT,
  longitude DOUBLE PRECISION,
  latitude DOUBLE PRECISION,
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
  year BIGINT NOT NULL,
  project_id BIGINT NOT NULL,
  stage TEXT NOT NULL,
  category TEXT NOT NULL,
  level TEXT NOT NULL,
  town_org_id BIGINT,
  unit_org_id BIGINT,
  leader_user_id BIGINT,
  planned BIGINT NOT NULL DEFAULT 0,
  done_1 BIGINT NOT NULL DEFAULT 0,
  done_2 BIGINT NOT NULL DEFAULT 0,
  done_3 BIGINT NOT NULL DEFAULT 0,
  done_4 BIGINT NOT NULL DEFAULT 0,
  done_5 BIGINT NOT NULL DEFAULT 0,
  done_6 BIGINT NOT NULL DEFAULT 0,
  done_7 BIGINT NOT NULL DEFAULT 0,
  done_8 BIGINT NOT NULL DEFAULT 0,
  done_9 BIGINT NOT NULL DEFAULT 0,
  done_10 BIGINT NOT NULL DEFAULT 0,
  done_11 BIGINT NOT NULL DEFAULT 0,
  done_12 BIGINT NOT NULL DEFAULT 0,
  plan_1 BIGINT NOT NULL DEFAULT 0,
  plan_2 BIGINT NOT NULL DEFAULT 0,
  plan_3 BIGINT NOT NULL DEFAULT 0,
  plan_4 BIGINT NOT NULL DEFAULT 0,
  plan_5 BIGINT NOT NULL DEFAULT 0,
  plan_6 BIGINT NOT NULL DEFAULT 0,
  plan_7 BIGINT NOT NULL DEFAULT 0,
  plan_8 BIGINT NOT NULL DEFAULT 0,
  plan_9 BIGINT NOT NULL DEFAULT 0,
  plan_10 BIGINT NOT NULL DEFAULT 0,
  plan_11 BIGINT NOT NULL DEFAULT 0,
  plan_12 BIGINT NOT NULL DEFAULT 0,
  prop_1 BIGINT NOT NULL DEFAULT 0,
  prop_2 BIGINT NOT NULL DEFAULT 0,
  prop_3 BIGINT NOT NULL DEFAULT 0,
  prop_4 BIGINT NOT NULL DEFAULT 0,
  prop_5 BIGINT NOT NULL DEFAULT 0,
  prop_6 BIGINT NOT NULL DEFAULT 0,
  prop_7 BIGINT NOT NULL DEFAULT 0,
  prop_8 BIGINT NOT NULL DEFAULT 0,
  prop_9 BIGINT NOT NULL DEFAULT 0,
  prop_10 BIGINT NOT NULL DEFAULT 0,
  prop_11 BIGINT NOT NULL DEFAULT 0,
  prop_12 BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (year, project_id)
);
CREATE INDEX cockpit_years_project ON cockpit_years (project_id);

CREATE TABLE cockpit_year_cells (
  year BIGINT NOT NULL,
  stage TEXT NOT NULL,
  category TEXT NOT NULL,
  level TEXT NOT NULL,
  town_org_id BIGINT NOT NULL,
  unit_org_id BIGINT NOT NULL,
  planned BIGINT NOT NULL DEFAULT 0,
  done_1 BIGINT NOT NULL DEFAULT 0,
  done_2 BIGINT NOT NULL DEFAULT 0,
  done_3 BIGINT NOT NULL DEFAULT 0,
  done_4 BIGINT NOT NULL DEFAULT 0,
  done_5 BIGINT NOT NULL DEFAULT 0,
  done_6 BIGINT NOT NULL DEFAULT 0,
  done_7 BIGINT NOT NULL DEFAULT 0,
  done_8 BIGINT NOT NULL DEFAULT 0,
  done_9 BIGINT NOT NULL DEFAULT 0,
  done_10 BIGINT NOT NULL DEFAULT 0,
  done_11 BIGINT NOT NULL DEFAULT 0,
  done_12 BIGINT NOT NULL DEFAULT 0,
  plan_1 BIGINT NOT NULL DEFAULT 0,
  plan_2 BIGINT NOT NULL DEFAULT 0,
  plan_3 BIGINT NOT NULL DEFAULT 0,
  plan_4 BIGINT NOT NULL DEFAULT 0,
  plan_5 BIGINT NOT NULL DEFAULT 0,
  plan_6 BIGINT NOT NULL DEFAULT 0,
  plan_7 BIGINT NOT NULL DEFAULT 0,
  plan_8 BIGINT NOT NULL DEFAULT 0,
  plan_9 BIGINT NOT NULL DEFAULT 0,
  plan_10 BIGINT NOT NULL DEFAULT 0,
  plan_11 BIGINT NOT NULL DEFAULT 0,
  plan_12 BIGINT NOT NULL DEFAULT 0,
  prop_1 BIGINT NOT NULL DEFAULT 0,
  prop_2 BIGINT NOT NULL DEFAULT 0,
  prop_3 BIGINT NOT NULL DEFAULT 0,
  prop_4 BIGINT NOT NULL DEFAULT 0,
  prop_5 BIGINT NOT NULL DEFAULT 0,
  prop_6 BIGINT NOT NULL DEFAULT 0,
  prop_7 BIGINT NOT NULL DEFAULT 0,
  prop_8 BIGINT NOT NULL DEFAULT 0,
  prop_9 BIGINT NOT NULL DEFAULT 0,
  prop_10 BIGINT NOT NULL DEFAULT 0,
  prop_11 BIGINT NOT NULL DEFAULT 0,
  prop_12 BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (year, stage, category, level, town_org_id, unit_org_id)
);

CREATE TABLE work_day_ordinals (
  day TEXT PRIMARY KEY,
  ordinal BIGINT NOT NULL
);

CREATE TABLE cockpit_approval_cells (
  year BIGINT NOT NULL,
  month BIGINT NOT NULL,
  department_org_id BIGINT NOT NULL,
  stage TEXT NOT NULL,
  days BIGINT NOT NULL,
  items BIGINT NOT NULL,
  PRIMARY KEY (year, month, department_org_id, stage, days)
);

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
  generation BIGINT NOT NULL
);
INSERT INTO cache_generations (name, generation) VALUES ('cockpit', 0);

INSERT INTO cockpit_projects (id, name, stage, category, level, town_org_id, unit_org_id, leader_user_id,
                              total_investment, actual_start, actual_completion, longitude, latitude, colour)
SELECT p.id, p.name, p.stage, p.category, p.level, p.town_org_id, (SELECT po.org_id FROM project_orgs po WHERE po.project_id = p.id AND po.relation = 'responsible' ORDER BY po.position, po.org_id LIMIT 1),
       p.leader_user_id, p.total_investment, p.actual_start, p.actual_completion, p.longitude, p.latitude,
       p.warning_colour
FROM projects p;

CREATE FUNCTION cockpit_project_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO cockpit_projects (id, name, stage, category, level, town_org_id, unit_org_id, leader_user_id,
                                  total_investment, actual_start, actual_completion, longitude, latitude, colour)
    VALUES (NEW.id, NEW.name, NEW.stage, NEW.category, NEW.level, NEW.town_org_id, (SELECT po.org_id FROM project_orgs po WHERE po.project_id = NEW.id AND po.relation = 'responsible' ORDER BY po.position, po.org_id LIMIT 1),
            NEW.leader_user_id, NEW.total_investment, NEW.actual_start, NEW.actual_completion, NEW.longitude,
            NEW.latitude, NEW.warning_colour);
  ELSIF TG_OP = 'DELETE' THEN
    DELETE FROM cockpit_years WHERE project_id = OLD.id;
    DELETE FROM cockpit_projects WHERE id = OLD.id;
  ELSE
    IF (OLD.name, OLD.stage, OLD.category, OLD.level, OLD.town_org_id, OLD.leader_user_id, OLD.total_investment,
        OLD.actual_start, OLD.actual_completion, OLD.longitude, OLD.latitude)
       IS DISTINCT FROM
       (NEW.name, NEW.stage, NEW.category, NEW.level, NEW.town_org_id, NEW.leader_user_id, NEW.total_investment,
        NEW.actual_start, NEW.actual_completion, NEW.longitude, NEW.latitude) THEN
      UPDATE cockpit_projects SET name = NEW.name, stage = NEW.stage, category = NEW.category, level = NEW.level,
        town_org_id = NEW.town_org_id, leader_user_id = NEW.leader_user_id, total_investment = NEW.total_investment,
        actual_start = NEW.actual_start, actual_completion = NEW.actual_completion, longitude = NEW.longitude,
        latitude = NEW.latitude, colour = NEW.warning_colour
      WHERE id = NEW.id;
    ELSIF OLD.warning_colour IS DISTINCT FROM NEW.warning_colour THEN
      -- The light alone, as a warnings recompute writes it for thousands of projects at once.
      UPDATE cockpit_projects SET colour = NEW.warning_colour WHERE id = NEW.id;
    END IF;
    -- The copies in cockpit_years follow only the grouping columns (not the colour, which a full
    -- warnings recompute rewrites for thousands of projects at once).
    IF (OLD.stage, OLD.category, OLD.level, OLD.town_org_id, OLD.leader_user_id)
       IS DISTINCT FROM (NEW.stage, NEW.category, NEW.level, NEW.town_org_id, NEW.leader_user_id) THEN
      UPDATE cockpit_years SET stage = NEW.stage, category = NEW.category, level = NEW.level,
        town_org_id = NEW.town_org_id, leader_user_id = NEW.leader_user_id
      WHERE project_id = NEW.id;
    END IF;
    -- A project that moves to another stage takes its obtained approval items to that stage's cells.
    IF OLD.stage IS DISTINCT FROM NEW.stage AND NOT EXISTS (SELECT 1 FROM cockpit_bulk) THEN
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
    END IF;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER cockpit_projects_sync AFTER INSERT OR UPDATE OR DELETE ON projects
  FOR EACH ROW EXECUTE FUNCTION cockpit_project_sync();

CREATE FUNCTION cockpit_unit_set(project BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  unit BIGINT := (SELECT po.org_id FROM project_orgs po WHERE po.project_id = project AND po.relation = 'responsible' ORDER BY po.position, po.org_id LIMIT 1);
BEGIN
  UPDATE cockpit_projects SET unit_org_id = unit WHERE id = project AND unit_org_id IS DISTINCT FROM unit;
  UPDATE cockpit_years SET unit_org_id = unit WHERE project_id = project AND unit_org_id IS DISTINCT FROM unit;
END
$$;
CREATE FUNCTION cockpit_unit_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.relation = 'responsible' THEN
    PERFORM cockpit_unit_set(OLD.project_id);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.relation = 'responsible' THEN
    PERFORM cockpit_unit_set(NEW.project_id);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER cockpit_unit_sync AFTER INSERT OR UPDATE OR DELETE ON project_orgs
  FOR EACH ROW EXECUTE FUNCTION cockpit_unit_sync();

-- The year cells follow cockpit_years row by row, except inside a bulk rebuild.
CREATE FUNCTION cockpit_year_cells_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM cockpit_bulk) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO cockpit_year_cells (year, stage, category, level, town_org_id, unit_org_id, planned, done_1, done_2, done_3, done_4, done_5, done_6, done_7, done_8, done_9, done_10, done_11, done_12, plan_1, plan_2, plan_3, plan_4, plan_5, plan_6, plan_7, plan_8, plan_9, plan_10, plan_11, plan_12, prop_1, prop_2, prop_3, prop_4, prop_5, prop_6, prop_7, prop_8, prop_9, prop_10, prop_11, prop_12)
    VALUES (OLD.year, OLD.stage, OLD.category, OLD.level, COALESCE(OLD.town_org_id, 0), COALESCE(OLD.unit_org_id, 0), -OLD.planned, -OLD.done_1, -OLD.done_2, -OLD.done_3, -OLD.done_4, -OLD.done_5, -OLD.done_6, -OLD.done_7, -OLD.done_8, -OLD.done_9, -OLD.done_10, -OLD.done_11, -OLD.done_12, -OLD.plan_1, -OLD.plan_2, -OLD.plan_3, -OLD.plan_4, -OLD.plan_5, -OLD.plan_6, -OLD.plan_7, -OLD.plan_8, -OLD.plan_9, -OLD.plan_10, -OLD.plan_11, -OLD.plan_12, -OLD.prop_1, -OLD.prop_2, -OLD.prop_3, -OLD.prop_4, -OLD.prop_5, -OLD.prop_6, -OLD.prop_7, -OLD.prop_8, -OLD.prop_9, -OLD.prop_10, -OLD.prop_11, -OLD.prop_12)
    ON CONFLICT (year, stage, category, level, town_org_id, unit_org_id) DO UPDATE SET planned = cockpit_year_cells.planned + excluded.planned, done_1 = cockpit_year_cells.done_1 + excluded.done_1, done_2 = cockpit_year_cells.done_2 + excluded.done_2, done_3 = cockpit_year_cells.done_3 + excluded.done_3, done_4 = cockpit_year_cells.done_4 + excluded.done_4, done_5 = cockpit_year_cells.done_5 + excluded.done_5, done_6 = cockpit_year_cells.done_6 + excluded.done_6, done_7 = cockpit_year_cells.done_7 + excluded.done_7, done_8 = cockpit_year_cells.done_8 + excluded.done_8, done_9 = cockpit_year_cells.done_9 + excluded.done_9, done_10 = cockpit_year_cells.done_10 + excluded.done_10, done_11 = cockpit_year_cells.done_11 + excluded.done_11, done_12 = cockpit_year_cells.done_12 + excluded.done_12, plan_1 = cockpit_year_cells.plan_1 + excluded.plan_1, plan_2 = cockpit_year_cells.plan_2 + excluded.plan_2, plan_3 = cockpit_year_cells.plan_3 + excluded.plan_3, plan_4 = cockpit_year_cells.plan_4 + excluded.plan_4, plan_5 = cockpit_year_cells.plan_5 + excluded.plan_5, plan_6 = cockpit_year_cells.plan_6 + excluded.plan_6, plan_7 = cockpit_year_cells.plan_7 + excluded.plan_7, plan_8 = cockpit_year_cells.plan_8 + excluded.plan_8, plan_9 = cockpit_year_cells.plan_9 + excluded.plan_9, plan_10 = cockpit_year_cells.plan_10 + excluded.plan_10, plan_11 = cockpit_year_cells.plan_11 + excluded.plan_11, plan_12 = cockpit_year_cells.plan_12 + excluded.plan_12, prop_1 = cockpit_year_cells.prop_1 + excluded.prop_1, prop_2 = cockpit_year_cells.prop_2 + excluded.prop_2, prop_3 = cockpit_year_cells.prop_3 + excluded.prop_3, prop_4 = cockpit_year_cells.prop_4 + excluded.prop_4, prop_5 = cockpit_year_cells.prop_5 + excluded.prop_5, prop_6 = cockpit_year_cells.prop_6 + excluded.prop_6, prop_7 = cockpit_year_cells.prop_7 + excluded.prop_7, prop_8 = cockpit_year_cells.prop_8 + excluded.prop_8, prop_9 = cockpit_year_cells.prop_9 + excluded.prop_9, prop_10 = cockpit_year_cells.prop_10 + excluded.prop_10, prop_11 = cockpit_year_cells.prop_11 + excluded.prop_11, prop_12 = cockpit_year_cells.prop_12 + excluded.prop_12;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO cockpit_year_cells (year, stage, category, level, town_org_id, unit_org_id, planned, done_1, done_2, done_3, done_4, done_5, done_6, done_7, done_8, done_9, done_10, done_11, done_12, plan_1, plan_2, plan_3, plan_4, plan_5, plan_6, plan_7, plan_8, plan_9, plan_10, plan_11, plan_12, prop_1, prop_2, prop_3, prop_4, prop_5, prop_6, prop_7, prop_8, prop_9, prop_10, prop_11, prop_12)
    VALUES (NEW.year, NEW.stage, NEW.category, NEW.level, COALESCE(NEW.town_org_id, 0), COALESCE(NEW.unit_org_id, 0), NEW.planned, NEW.done_1, NEW.done_2, NEW.done_3, NEW.done_4, NEW.done_5, NEW.done_6, NEW.done_7, NEW.done_8, NEW.done_9, NEW.done_10, NEW.done_11, NEW.done_12, NEW.plan_1, NEW.plan_2, NEW.plan_3, NEW.plan_4, NEW.plan_5, NEW.plan_6, NEW.plan_7, NEW.plan_8, NEW.plan_9, NEW.plan_10, NEW.plan_11, NEW.plan_12, NEW.prop_1, NEW.prop_2, NEW.prop_3, NEW.prop_4, NEW.prop_5, NEW.prop_6, NEW.prop_7, NEW.prop_8, NEW.prop_9, NEW.prop_10, NEW.prop_11, NEW.prop_12)
    ON CONFLICT (year, stage, category, level, town_org_id, unit_org_id) DO UPDATE SET planned = cockpit_year_cells.planned + excluded.planned, done_1 = cockpit_year_cells.done_1 + excluded.done_1, done_2 = cockpit_year_cells.done_2 + excluded.done_2, done_3 = cockpit_year_cells.done_3 + excluded.done_3, done_4 = cockpit_year_cells.done_4 + excluded.done_4, done_5 = cockpit_year_cells.done_5 + excluded.done_5, done_6 = cockpit_year_cells.done_6 + excluded.done_6, done_7 = cockpit_year_cells.done_7 + excluded.done_7, done_8 = cockpit_year_cells.done_8 + excluded.done_8, done_9 = cockpit_year_cells.done_9 + excluded.done_9, done_10 = cockpit_year_cells.done_10 + excluded.done_10, done_11 = cockpit_year_cells.done_11 + excluded.done_11, done_12 = cockpit_year_cells.done_12 + excluded.done_12, plan_1 = cockpit_year_cells.plan_1 + excluded.plan_1, plan_2 = cockpit_year_cells.plan_2 + excluded.plan_2, plan_3 = cockpit_year_cells.plan_3 + excluded.plan_3, plan_4 = cockpit_year_cells.plan_4 + excluded.plan_4, plan_5 = cockpit_year_cells.plan_5 + excluded.plan_5, plan_6 = cockpit_year_cells.plan_6 + excluded.plan_6, plan_7 = cockpit_year_cells.plan_7 + excluded.plan_7, plan_8 = cockpit_year_cells.plan_8 + excluded.plan_8, plan_9 = cockpit_year_cells.plan_9 + excluded.plan_9, plan_10 = cockpit_year_cells.plan_10 + excluded.plan_10, plan_11 = cockpit_year_cells.plan_11 + excluded.plan_11, plan_12 = cockpit_year_cells.plan_12 + excluded.plan_12, prop_1 = cockpit_year_cells.prop_1 + excluded.prop_1, prop_2 = cockpit_year_cells.prop_2 + excluded.prop_2, prop_3 = cockpit_year_cells.prop_3 + excluded.prop_3, prop_4 = cockpit_year_cells.prop_4 + excluded.prop_4, prop_5 = cockpit_year_cells.prop_5 + excluded.prop_5, prop_6 = cockpit_year_cells.prop_6 + excluded.prop_6, prop_7 = cockpit_year_cells.prop_7 + excluded.prop_7, prop_8 = cockpit_year_cells.prop_8 + excluded.prop_8, prop_9 = cockpit_year_cells.prop_9 + excluded.prop_9, prop_10 = cockpit_year_cells.prop_10 + excluded.prop_10, prop_11 = cockpit_year_cells.prop_11 + excluded.prop_11, prop_12 = cockpit_year_cells.prop_12 + excluded.prop_12;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER cockpit_year_cells_sync AFTER INSERT OR UPDATE OR DELETE ON cockpit_years
  FOR EACH ROW EXECUTE FUNCTION cockpit_year_cells_sync();

-- The approval cells follow project_approvals item by item (an item counts while obtained with both dates).
CREATE FUNCTION cockpit_approval_cells_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM cockpit_bulk) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'obtained' THEN
    INSERT INTO cockpit_approval_cells (year, month, department_org_id, stage, days, items)
    SELECT CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal, -COUNT(*)
    FROM (SELECT OLD.department_org_id AS department_org_id, OLD.applied_on AS applied_on, OLD.approved_on AS approved_on) a JOIN projects p ON p.id = OLD.project_id JOIN work_day_ordinals o1 ON o1.day = a.applied_on JOIN work_day_ordinals o2 ON o2.day = a.approved_on WHERE OLD.status = 'obtained'
    GROUP BY CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal
    ON CONFLICT (year, month, department_org_id, stage, days) DO UPDATE SET items = cockpit_approval_cells.items + excluded.items;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.status = 'obtained' THEN
    INSERT INTO cockpit_approval_cells (year, month, department_org_id, stage, days, items)
    SELECT CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal, COUNT(*)
    FROM (SELECT NEW.department_org_id AS department_org_id, NEW.applied_on AS applied_on, NEW.approved_on AS approved_on) a JOIN projects p ON p.id = NEW.project_id JOIN work_day_ordinals o1 ON o1.day = a.applied_on JOIN work_day_ordinals o2 ON o2.day = a.approved_on WHERE NEW.status = 'obtained'
    GROUP BY CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal
    ON CONFLICT (year, month, department_org_id, stage, days) DO UPDATE SET items = cockpit_approval_cells.items + excluded.items;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER cockpit_approval_cells_sync AFTER INSERT OR UPDATE OR DELETE ON project_approvals
  FOR EACH ROW EXECUTE FUNCTION cockpit_approval_cells_sync();

-- The generation is moved on at commit, once per writing transaction: the first statement that
-- changes a table the cockpit reads queues one row in cache_bumps (a transaction-local flag keeps
-- it to one), and that row's deferred trigger updates the counter when the transaction commits.
-- Taking the counter's row lock last, after every other lock the transaction holds, means two
-- writers can wait for each other there but never deadlock over it; and readers see the new
-- generation exactly when they see the data that moved it.
CREATE TABLE cache_bumps (
  txid BIGINT NOT NULL,
  name TEXT NOT NULL
);
CREATE FUNCTION cache_bump_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE cache_generations SET generation = generation + 1 WHERE name = NEW.name;
  DELETE FROM cache_bumps WHERE txid = NEW.txid AND name = NEW.name;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER cache_bumps_commit AFTER INSERT ON cache_bumps
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_bump_at_commit();
CREATE FUNCTION cockpit_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('gongjian.cockpit_changed', true) IS DISTINCT FROM 'on' THEN
    PERFORM set_config('gongjian.cockpit_changed', 'on', true);
    INSERT INTO cache_bumps (txid, name) VALUES (txid_current(), 'cockpit');
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER projects_cockpit_changed AFTER INSERT OR UPDATE OR DELETE ON projects
  FOR EACH STATEMENT EXECUTE FUNCTION cockpit_changed();
CREATE TRIGGER project_orgs_cockpit_changed AFTER INSERT OR UPDATE OR DELETE ON project_orgs
  FOR EACH STATEMENT EXECUTE FUNCTION cockpit_changed();
CREATE TRIGGER cockpit_years_cockpit_changed AFTER INSERT OR UPDATE OR DELETE ON cockpit_years
  FOR EACH STATEMENT EXECUTE FUNCTION cockpit_changed();
CREATE TRIGGER problems_cockpit_changed AFTER INSERT OR UPDATE OR DELETE ON problems
  FOR EACH STATEMENT EXECUTE FUNCTION cockpit_changed();
CREATE TRIGGER project_approvals_cockpit_changed AFTER INSERT OR UPDATE OR DELETE ON project_approvals
  FOR EACH STATEMENT EXECUTE FUNCTION cockpit_changed();
CREATE TRIGGER project_warnings_cockpit_changed AFTER INSERT OR UPDATE OR DELETE ON project_warnings
  FOR EACH STATEMENT EXECUTE FUNCTION cockpit_changed();
CREATE TRIGGER milestones_cockpit_changed AFTER INSERT OR UPDATE OR DELETE ON milestones
  FOR EACH STATEMENT EXECUTE FUNCTION cockpit_changed();
CREATE TRIGGER orgs_cockpit_changed AFTER INSERT OR UPDATE OR DELETE ON orgs
  FOR EACH STATEMENT EXECUTE FUNCTION cockpit_changed();
CREATE TRIGGER users_cockpit_changed AFTER UPDATE OF org_id, scope_kind ON users
  FOR EACH STATEMENT EXECUTE FUNCTION cockpit_changed();
CREATE TRIGGER user_scope_orgs_cockpit_changed AFTER INSERT OR UPDATE OR DELETE ON user_scope_orgs
  FOR EACH STATEMENT EXECUTE FUNCTION cockpit_changed();
CREATE TRIGGER settings_cockpit_changed AFTER INSERT OR UPDATE OR DELETE ON settings
  FOR EACH STATEMENT EXECUTE FUNCTION cockpit_changed();
CREATE TRIGGER calendar_days_cockpit_changed AFTER INSERT OR UPDATE OR DELETE ON calendar_days
  FOR EACH STATEMENT EXECUTE FUNCTION cockpit_changed();
CREATE TRIGGER work_day_ordinals_cockpit_changed AFTER INSERT OR UPDATE OR DELETE ON work_day_ordinals
  FOR EACH STATEMENT EXECUTE FUNCTION cockpit_changed();

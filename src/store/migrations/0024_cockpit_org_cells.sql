-- A narrower scope's cockpit from cells, as the whole district's is (migration 0018): a town's
-- staff see the projects related to an organisation of their town's subtree, 9,500 of a province's
-- 50,000, and their breakdowns, ranking and approval durations summed those projects row by row.
-- Now they read the cells of one organisation.
--
-- org_ancestors: every organisation with itself and each organisation above it (a closure table),
-- kept by triggers on orgs. A trigger cannot walk the tree (SQLite allows no WITH in a trigger), so
-- the triggers below read this table instead.
--
-- cockpit_scope_projects: for every organisation, the projects related (project_orgs, any
-- relation) to it or to an organisation below it, each once: exactly the projects a user whose
-- scope is that organisation's subtree sees (ProjectScopeSql), the viewer's own led projects
-- apart. Kept by triggers on project_orgs and org_ancestors.
--
-- cockpit_org_year_cells, cockpit_org_count_cells, cockpit_org_approval_cells: per organisation
-- of cockpit_scope_projects, its projects' cockpit_years summed by year and grouping columns, its
-- projects counted by grouping columns, and their obtained approval items counted as
-- cockpit_approval_cells counts them (org ids 0 for none). Kept by triggers on
-- cockpit_scope_projects (a project entering or leaving an organisation's scope) and on what each
-- sums; they stand aside while cockpit_bulk holds a row, and the bulk paths recount them
-- (store::ReplaceCockpitYears, store::RecountApprovalCells).
CREATE TABLE org_ancestors (
  org_id INTEGER NOT NULL,
  ancestor_id INTEGER NOT NULL,
  PRIMARY KEY (org_id, ancestor_id)
) WITHOUT ROWID;
CREATE INDEX org_ancestors_below ON org_ancestors (ancestor_id, org_id);

CREATE TABLE cockpit_scope_projects (
  org_id INTEGER NOT NULL,
  project_id INTEGER NOT NULL,
  PRIMARY KEY (org_id, project_id)
) WITHOUT ROWID;
CREATE INDEX cockpit_scope_projects_project ON cockpit_scope_projects (project_id, org_id);

CREATE TABLE cockpit_org_year_cells (
  org_id INTEGER NOT NULL,
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
  PRIMARY KEY (org_id, year, stage, category, level, town_org_id, unit_org_id)
) WITHOUT ROWID;

CREATE TABLE cockpit_org_count_cells (
  org_id INTEGER NOT NULL,
  stage TEXT NOT NULL,
  category TEXT NOT NULL,
  level TEXT NOT NULL,
  town_org_id INTEGER NOT NULL,
  unit_org_id INTEGER NOT NULL,
  projects INTEGER NOT NULL DEFAULT 0,
  total_investment INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, stage, category, level, town_org_id, unit_org_id)
) WITHOUT ROWID;

CREATE TABLE cockpit_org_approval_cells (
  org_id INTEGER NOT NULL,
  year INTEGER NOT NULL,
  month INTEGER NOT NULL,
  department_org_id INTEGER NOT NULL,
  stage TEXT NOT NULL,
  days INTEGER NOT NULL,
  items INTEGER NOT NULL,
  PRIMARY KEY (org_id, year, month, department_org_id, stage, days)
) WITHOUT ROWID;

-- The tables filled from what exists (the same statements as the recounts in store/cockpit_repository).
WITH RECURSIVE up(org_id, ancestor_id) AS (
  SELECT id, id FROM orgs
  UNION SELECT up.org_id, o.parent_id FROM up JOIN orgs o ON o.id = up.ancestor_id WHERE o.parent_id IS NOT NULL)
INSERT INTO org_ancestors (org_id, ancestor_id) SELECT org_id, ancestor_id FROM up;
INSERT INTO cockpit_scope_projects (org_id, project_id)
  SELECT DISTINCT x.ancestor_id, po.project_id FROM project_orgs po JOIN org_ancestors x ON x.org_id = po.org_id;
INSERT INTO cockpit_org_year_cells (org_id, year, stage, category, level, town_org_id, unit_org_id, planned, done_1, done_2, done_3, done_4, done_5, done_6, done_7, done_8, done_9, done_10, done_11, done_12, plan_1, plan_2, plan_3, plan_4, plan_5, plan_6, plan_7, plan_8, plan_9, plan_10, plan_11, plan_12, prop_1, prop_2, prop_3, prop_4, prop_5, prop_6, prop_7, prop_8, prop_9, prop_10, prop_11, prop_12)
  SELECT s.org_id, y.year, y.stage, y.category, y.level, COALESCE(y.town_org_id, 0), COALESCE(y.unit_org_id, 0), SUM(y.planned), SUM(y.done_1), SUM(y.done_2), SUM(y.done_3), SUM(y.done_4), SUM(y.done_5), SUM(y.done_6), SUM(y.done_7), SUM(y.done_8), SUM(y.done_9), SUM(y.done_10), SUM(y.done_11), SUM(y.done_12), SUM(y.plan_1), SUM(y.plan_2), SUM(y.plan_3), SUM(y.plan_4), SUM(y.plan_5), SUM(y.plan_6), SUM(y.plan_7), SUM(y.plan_8), SUM(y.plan_9), SUM(y.plan_10), SUM(y.plan_11), SUM(y.plan_12), SUM(y.prop_1), SUM(y.prop_2), SUM(y.prop_3), SUM(y.prop_4), SUM(y.prop_5), SUM(y.prop_6), SUM(y.prop_7), SUM(y.prop_8), SUM(y.prop_9), SUM(y.prop_10), SUM(y.prop_11), SUM(y.prop_12)
  FROM cockpit_scope_projects s JOIN cockpit_years y ON y.project_id = s.project_id
  GROUP BY s.org_id, y.year, y.stage, y.category, y.level, COALESCE(y.town_org_id, 0), COALESCE(y.unit_org_id, 0);
INSERT INTO cockpit_org_count_cells (org_id, stage, category, level, town_org_id, unit_org_id, projects, total_investment)
  SELECT s.org_id, p.stage, p.category, p.level, COALESCE(p.town_org_id, 0), COALESCE(p.unit_org_id, 0), COUNT(*), SUM(p.total_investment)
  FROM cockpit_scope_projects s JOIN cockpit_projects p ON p.id = s.project_id
  GROUP BY s.org_id, p.stage, p.category, p.level, COALESCE(p.town_org_id, 0), COALESCE(p.unit_org_id, 0);
INSERT INTO cockpit_org_approval_cells (org_id, year, month, department_org_id, stage, days, items)
  SELECT s.org_id, CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER),
         COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal, COUNT(*)
  FROM cockpit_scope_projects s JOIN project_approvals a ON a.project_id = s.project_id JOIN projects p ON p.id = a.project_id
  JOIN work_day_ordinals o1 ON o1.day = a.applied_on JOIN work_day_ordinals o2 ON o2.day = a.approved_on
  WHERE a.status = 'obtained' GROUP BY 1, 2, 3, 4, 5, 6;

-- The ancestors follow the tree: a new organisation gets its parent's and itself; a moved one's
-- subtree loses the ancestors above it and gains its new parent's.
CREATE TRIGGER org_ancestors_insert AFTER INSERT ON orgs
BEGIN
  INSERT INTO org_ancestors (org_id, ancestor_id) SELECT NEW.id, x.ancestor_id FROM org_ancestors x WHERE x.org_id = NEW.parent_id;
  INSERT INTO org_ancestors (org_id, ancestor_id) VALUES (NEW.id, NEW.id);
END;
CREATE TRIGGER org_ancestors_move AFTER UPDATE OF parent_id ON orgs
WHEN OLD.parent_id IS NOT NEW.parent_id
BEGIN
  DELETE FROM org_ancestors
  WHERE org_id IN (SELECT b.org_id FROM org_ancestors b WHERE b.ancestor_id = NEW.id)
    AND ancestor_id IN (SELECT u.ancestor_id FROM org_ancestors u WHERE u.org_id = NEW.id AND u.ancestor_id <> NEW.id);
  INSERT INTO org_ancestors (org_id, ancestor_id)
    SELECT b.org_id, u.ancestor_id FROM org_ancestors b JOIN org_ancestors u ON u.org_id = NEW.parent_id WHERE b.ancestor_id = NEW.id;
END;
CREATE TRIGGER org_ancestors_delete AFTER DELETE ON orgs
BEGIN
  DELETE FROM org_ancestors WHERE org_id = OLD.id OR ancestor_id = OLD.id;
END;

-- An organisation's scope follows its own and its subtree's relations. A project leaves an
-- organisation's scope only when no relation of it to that organisation's subtree remains.
CREATE TRIGGER cockpit_scope_relation_insert AFTER INSERT ON project_orgs
BEGIN
  INSERT INTO cockpit_scope_projects (org_id, project_id)
    SELECT x.ancestor_id, NEW.project_id FROM org_ancestors x WHERE x.org_id = NEW.org_id
    ON CONFLICT (org_id, project_id) DO NOTHING;
END;
CREATE TRIGGER cockpit_scope_relation_update AFTER UPDATE OF project_id, org_id ON project_orgs
WHEN OLD.project_id IS NOT NEW.project_id OR OLD.org_id IS NOT NEW.org_id
BEGIN
  INSERT INTO cockpit_scope_projects (org_id, project_id)
    SELECT x.ancestor_id, NEW.project_id FROM org_ancestors x WHERE x.org_id = NEW.org_id
    ON CONFLICT (org_id, project_id) DO NOTHING;
  DELETE FROM cockpit_scope_projects
  WHERE project_id = OLD.project_id AND org_id IN (SELECT x.ancestor_id FROM org_ancestors x WHERE x.org_id = OLD.org_id)
    AND NOT EXISTS (SELECT 1 FROM project_orgs j JOIN org_ancestors x ON x.org_id = j.org_id WHERE j.project_id = cockpit_scope_projects.project_id AND x.ancestor_id = cockpit_scope_projects.org_id);
END;
CREATE TRIGGER cockpit_scope_relation_delete AFTER DELETE ON project_orgs
BEGIN
  DELETE FROM cockpit_scope_projects
  WHERE project_id = OLD.project_id AND org_id IN (SELECT x.ancestor_id FROM org_ancestors x WHERE x.org_id = OLD.org_id)
    AND NOT EXISTS (SELECT 1 FROM project_orgs j JOIN org_ancestors x ON x.org_id = j.org_id WHERE j.project_id = cockpit_scope_projects.project_id AND x.ancestor_id = cockpit_scope_projects.org_id);
END;
CREATE TRIGGER cockpit_scope_ancestor_insert AFTER INSERT ON org_ancestors
BEGIN
  INSERT INTO cockpit_scope_projects (org_id, project_id)
    SELECT NEW.ancestor_id, po.project_id FROM project_orgs po WHERE po.org_id = NEW.org_id
    ON CONFLICT (org_id, project_id) DO NOTHING;
END;
CREATE TRIGGER cockpit_scope_ancestor_delete AFTER DELETE ON org_ancestors
BEGIN
  DELETE FROM cockpit_scope_projects
  WHERE org_id = OLD.ancestor_id AND project_id IN (SELECT po.project_id FROM project_orgs po WHERE po.org_id = OLD.org_id)
    AND NOT EXISTS (SELECT 1 FROM project_orgs j JOIN org_ancestors x ON x.org_id = j.org_id WHERE j.project_id = cockpit_scope_projects.project_id AND x.ancestor_id = cockpit_scope_projects.org_id);
END;
CREATE TRIGGER cockpit_scope_project_delete AFTER DELETE ON projects
BEGIN
  DELETE FROM cockpit_scope_projects WHERE project_id = OLD.id;
END;

-- A project entering or leaving an organisation's scope takes its figures with it.
CREATE TRIGGER cockpit_org_cells_enter AFTER INSERT ON cockpit_scope_projects
WHEN NOT EXISTS (SELECT 1 FROM cockpit_bulk)
BEGIN
  INSERT INTO cockpit_org_year_cells (org_id, year, stage, category, level, town_org_id, unit_org_id, planned, done_1, done_2, done_3, done_4, done_5, done_6, done_7, done_8, done_9, done_10, done_11, done_12, plan_1, plan_2, plan_3, plan_4, plan_5, plan_6, plan_7, plan_8, plan_9, plan_10, plan_11, plan_12, prop_1, prop_2, prop_3, prop_4, prop_5, prop_6, prop_7, prop_8, prop_9, prop_10, prop_11, prop_12)
    SELECT NEW.org_id, y.year, y.stage, y.category, y.level, COALESCE(y.town_org_id, 0), COALESCE(y.unit_org_id, 0), y.planned, y.done_1, y.done_2, y.done_3, y.done_4, y.done_5, y.done_6, y.done_7, y.done_8, y.done_9, y.done_10, y.done_11, y.done_12, y.plan_1, y.plan_2, y.plan_3, y.plan_4, y.plan_5, y.plan_6, y.plan_7, y.plan_8, y.plan_9, y.plan_10, y.plan_11, y.plan_12, y.prop_1, y.prop_2, y.prop_3, y.prop_4, y.prop_5, y.prop_6, y.prop_7, y.prop_8, y.prop_9, y.prop_10, y.prop_11, y.prop_12
    FROM cockpit_years y WHERE y.project_id = NEW.project_id
    ON CONFLICT (org_id, year, stage, category, level, town_org_id, unit_org_id) DO UPDATE SET planned = cockpit_org_year_cells.planned + excluded.planned, done_1 = cockpit_org_year_cells.done_1 + excluded.done_1, done_2 = cockpit_org_year_cells.done_2 + excluded.done_2, done_3 = cockpit_org_year_cells.done_3 + excluded.done_3, done_4 = cockpit_org_year_cells.done_4 + excluded.done_4, done_5 = cockpit_org_year_cells.done_5 + excluded.done_5, done_6 = cockpit_org_year_cells.done_6 + excluded.done_6, done_7 = cockpit_org_year_cells.done_7 + excluded.done_7, done_8 = cockpit_org_year_cells.done_8 + excluded.done_8, done_9 = cockpit_org_year_cells.done_9 + excluded.done_9, done_10 = cockpit_org_year_cells.done_10 + excluded.done_10, done_11 = cockpit_org_year_cells.done_11 + excluded.done_11, done_12 = cockpit_org_year_cells.done_12 + excluded.done_12, plan_1 = cockpit_org_year_cells.plan_1 + excluded.plan_1, plan_2 = cockpit_org_year_cells.plan_2 + excluded.plan_2, plan_3 = cockpit_org_year_cells.plan_3 + excluded.plan_3, plan_4 = cockpit_org_year_cells.plan_4 + excluded.plan_4, plan_5 = cockpit_org_year_cells.plan_5 + excluded.plan_5, plan_6 = cockpit_org_year_cells.plan_6 + excluded.plan_6, plan_7 = cockpit_org_year_cells.plan_7 + excluded.plan_7, plan_8 = cockpit_org_year_cells.plan_8 + excluded.plan_8, plan_9 = cockpit_org_year_cells.plan_9 + excluded.plan_9, plan_10 = cockpit_org_year_cells.plan_10 + excluded.plan_10, plan_11 = cockpit_org_year_cells.plan_11 + excluded.plan_11, plan_12 = cockpit_org_year_cells.plan_12 + excluded.plan_12, prop_1 = cockpit_org_year_cells.prop_1 + excluded.prop_1, prop_2 = cockpit_org_year_cells.prop_2 + excluded.prop_2, prop_3 = cockpit_org_year_cells.prop_3 + excluded.prop_3, prop_4 = cockpit_org_year_cells.prop_4 + excluded.prop_4, prop_5 = cockpit_org_year_cells.prop_5 + excluded.prop_5, prop_6 = cockpit_org_year_cells.prop_6 + excluded.prop_6, prop_7 = cockpit_org_year_cells.prop_7 + excluded.prop_7, prop_8 = cockpit_org_year_cells.prop_8 + excluded.prop_8, prop_9 = cockpit_org_year_cells.prop_9 + excluded.prop_9, prop_10 = cockpit_org_year_cells.prop_10 + excluded.prop_10, prop_11 = cockpit_org_year_cells.prop_11 + excluded.prop_11, prop_12 = cockpit_org_year_cells.prop_12 + excluded.prop_12;
  INSERT INTO cockpit_org_count_cells (org_id, stage, category, level, town_org_id, unit_org_id, projects, total_investment)
    SELECT NEW.org_id, p.stage, p.category, p.level, COALESCE(p.town_org_id, 0), COALESCE(p.unit_org_id, 0), 1, p.total_investment
    FROM cockpit_projects p WHERE p.id = NEW.project_id
    ON CONFLICT (org_id, stage, category, level, town_org_id, unit_org_id) DO UPDATE SET projects = cockpit_org_count_cells.projects + excluded.projects, total_investment = cockpit_org_count_cells.total_investment + excluded.total_investment;
  INSERT INTO cockpit_org_approval_cells (org_id, year, month, department_org_id, stage, days, items)
    SELECT NEW.org_id, CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal, COUNT(*)
    FROM project_approvals a JOIN projects p ON p.id = a.project_id JOIN work_day_ordinals o1 ON o1.day = a.applied_on JOIN work_day_ordinals o2 ON o2.day = a.approved_on WHERE a.project_id = NEW.project_id AND a.status = 'obtained'
    GROUP BY NEW.org_id, CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal
    ON CONFLICT (org_id, year, month, department_org_id, stage, days) DO UPDATE SET items = cockpit_org_approval_cells.items + excluded.items;
END;
CREATE TRIGGER cockpit_org_cells_leave AFTER DELETE ON cockpit_scope_projects
WHEN NOT EXISTS (SELECT 1 FROM cockpit_bulk)
BEGIN
  INSERT INTO cockpit_org_year_cells (org_id, year, stage, category, level, town_org_id, unit_org_id, planned, done_1, done_2, done_3, done_4, done_5, done_6, done_7, done_8, done_9, done_10, done_11, done_12, plan_1, plan_2, plan_3, plan_4, plan_5, plan_6, plan_7, plan_8, plan_9, plan_10, plan_11, plan_12, prop_1, prop_2, prop_3, prop_4, prop_5, prop_6, prop_7, prop_8, prop_9, prop_10, prop_11, prop_12)
    SELECT OLD.org_id, y.year, y.stage, y.category, y.level, COALESCE(y.town_org_id, 0), COALESCE(y.unit_org_id, 0), -y.planned, -y.done_1, -y.done_2, -y.done_3, -y.done_4, -y.done_5, -y.done_6, -y.done_7, -y.done_8, -y.done_9, -y.done_10, -y.done_11, -y.done_12, -y.plan_1, -y.plan_2, -y.plan_3, -y.plan_4, -y.plan_5, -y.plan_6, -y.plan_7, -y.plan_8, -y.plan_9, -y.plan_10, -y.plan_11, -y.plan_12, -y.prop_1, -y.prop_2, -y.prop_3, -y.prop_4, -y.prop_5, -y.prop_6, -y.prop_7, -y.prop_8, -y.prop_9, -y.prop_10, -y.prop_11, -y.prop_12
    FROM cockpit_years y WHERE y.project_id = OLD.project_id
    ON CONFLICT (org_id, year, stage, category, level, town_org_id, unit_org_id) DO UPDATE SET planned = cockpit_org_year_cells.planned + excluded.planned, done_1 = cockpit_org_year_cells.done_1 + excluded.done_1, done_2 = cockpit_org_year_cells.done_2 + excluded.done_2, done_3 = cockpit_org_year_cells.done_3 + excluded.done_3, done_4 = cockpit_org_year_cells.done_4 + excluded.done_4, done_5 = cockpit_org_year_cells.done_5 + excluded.done_5, done_6 = cockpit_org_year_cells.done_6 + excluded.done_6, done_7 = cockpit_org_year_cells.done_7 + excluded.done_7, done_8 = cockpit_org_year_cells.done_8 + excluded.done_8, done_9 = cockpit_org_year_cells.done_9 + excluded.done_9, done_10 = cockpit_org_year_cells.done_10 + excluded.done_10, done_11 = cockpit_org_year_cells.done_11 + excluded.done_11, done_12 = cockpit_org_year_cells.done_12 + excluded.done_12, plan_1 = cockpit_org_year_cells.plan_1 + excluded.plan_1, plan_2 = cockpit_org_year_cells.plan_2 + excluded.plan_2, plan_3 = cockpit_org_year_cells.plan_3 + excluded.plan_3, plan_4 = cockpit_org_year_cells.plan_4 + excluded.plan_4, plan_5 = cockpit_org_year_cells.plan_5 + excluded.plan_5, plan_6 = cockpit_org_year_cells.plan_6 + excluded.plan_6, plan_7 = cockpit_org_year_cells.plan_7 + excluded.plan_7, plan_8 = cockpit_org_year_cells.plan_8 + excluded.plan_8, plan_9 = cockpit_org_year_cells.plan_9 + excluded.plan_9, plan_10 = cockpit_org_year_cells.plan_10 + excluded.plan_10, plan_11 = cockpit_org_year_cells.plan_11 + excluded.plan_11, plan_12 = cockpit_org_year_cells.plan_12 + excluded.plan_12, prop_1 = cockpit_org_year_cells.prop_1 + excluded.prop_1, prop_2 = cockpit_org_year_cells.prop_2 + excluded.prop_2, prop_3 = cockpit_org_year_cells.prop_3 + excluded.prop_3, prop_4 = cockpit_org_year_cells.prop_4 + excluded.prop_4, prop_5 = cockpit_org_year_cells.prop_5 + excluded.prop_5, prop_6 = cockpit_org_year_cells.prop_6 + excluded.prop_6, prop_7 = cockpit_org_year_cells.prop_7 + excluded.prop_7, prop_8 = cockpit_org_year_cells.prop_8 + excluded.prop_8, prop_9 = cockpit_org_year_cells.prop_9 + excluded.prop_9, prop_10 = cockpit_org_year_cells.prop_10 + excluded.prop_10, prop_11 = cockpit_org_year_cells.prop_11 + excluded.prop_11, prop_12 = cockpit_org_year_cells.prop_12 + excluded.prop_12;
  INSERT INTO cockpit_org_count_cells (org_id, stage, category, level, town_org_id, unit_org_id, projects, total_investment)
    SELECT OLD.org_id, p.stage, p.category, p.level, COALESCE(p.town_org_id, 0), COALESCE(p.unit_org_id, 0), -1, -p.total_investment
    FROM cockpit_projects p WHERE p.id = OLD.project_id
    ON CONFLICT (org_id, stage, category, level, town_org_id, unit_org_id) DO UPDATE SET projects = cockpit_org_count_cells.projects + excluded.projects, total_investment = cockpit_org_count_cells.total_investment + excluded.total_investment;
  INSERT INTO cockpit_org_approval_cells (org_id, year, month, department_org_id, stage, days, items)
    SELECT OLD.org_id, CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal, -COUNT(*)
    FROM project_approvals a JOIN projects p ON p.id = a.project_id JOIN work_day_ordinals o1 ON o1.day = a.applied_on JOIN work_day_ordinals o2 ON o2.day = a.approved_on WHERE a.project_id = OLD.project_id AND a.status = 'obtained'
    GROUP BY OLD.org_id, CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal
    ON CONFLICT (org_id, year, month, department_org_id, stage, days) DO UPDATE SET items = cockpit_org_approval_cells.items + excluded.items;
END;

-- The cells follow what they sum, in every organisation whose scope holds the project.
CREATE TRIGGER cockpit_org_year_cells_insert AFTER INSERT ON cockpit_years WHEN NOT EXISTS (SELECT 1 FROM cockpit_bulk)
BEGIN
  INSERT INTO cockpit_org_year_cells (org_id, year, stage, category, level, town_org_id, unit_org_id, planned, done_1, done_2, done_3, done_4, done_5, done_6, done_7, done_8, done_9, done_10, done_11, done_12, plan_1, plan_2, plan_3, plan_4, plan_5, plan_6, plan_7, plan_8, plan_9, plan_10, plan_11, plan_12, prop_1, prop_2, prop_3, prop_4, prop_5, prop_6, prop_7, prop_8, prop_9, prop_10, prop_11, prop_12)
    SELECT s.org_id, NEW.year, NEW.stage, NEW.category, NEW.level, COALESCE(NEW.town_org_id, 0), COALESCE(NEW.unit_org_id, 0), NEW.planned, NEW.done_1, NEW.done_2, NEW.done_3, NEW.done_4, NEW.done_5, NEW.done_6, NEW.done_7, NEW.done_8, NEW.done_9, NEW.done_10, NEW.done_11, NEW.done_12, NEW.plan_1, NEW.plan_2, NEW.plan_3, NEW.plan_4, NEW.plan_5, NEW.plan_6, NEW.plan_7, NEW.plan_8, NEW.plan_9, NEW.plan_10, NEW.plan_11, NEW.plan_12, NEW.prop_1, NEW.prop_2, NEW.prop_3, NEW.prop_4, NEW.prop_5, NEW.prop_6, NEW.prop_7, NEW.prop_8, NEW.prop_9, NEW.prop_10, NEW.prop_11, NEW.prop_12
    FROM cockpit_scope_projects s WHERE s.project_id = NEW.project_id
    ON CONFLICT (org_id, year, stage, category, level, town_org_id, unit_org_id) DO UPDATE SET planned = cockpit_org_year_cells.planned + excluded.planned, done_1 = cockpit_org_year_cells.done_1 + excluded.done_1, done_2 = cockpit_org_year_cells.done_2 + excluded.done_2, done_3 = cockpit_org_year_cells.done_3 + excluded.done_3, done_4 = cockpit_org_year_cells.done_4 + excluded.done_4, done_5 = cockpit_org_year_cells.done_5 + excluded.done_5, done_6 = cockpit_org_year_cells.done_6 + excluded.done_6, done_7 = cockpit_org_year_cells.done_7 + excluded.done_7, done_8 = cockpit_org_year_cells.done_8 + excluded.done_8, done_9 = cockpit_org_year_cells.done_9 + excluded.done_9, done_10 = cockpit_org_year_cells.done_10 + excluded.done_10, done_11 = cockpit_org_year_cells.done_11 + excluded.done_11, done_12 = cockpit_org_year_cells.done_12 + excluded.done_12, plan_1 = cockpit_org_year_cells.plan_1 + excluded.plan_1, plan_2 = cockpit_org_year_cells.plan_2 + excluded.plan_2, plan_3 = cockpit_org_year_cells.plan_3 + excluded.plan_3, plan_4 = cockpit_org_year_cells.plan_4 + excluded.plan_4, plan_5 = cockpit_org_year_cells.plan_5 + excluded.plan_5, plan_6 = cockpit_org_year_cells.plan_6 + excluded.plan_6, plan_7 = cockpit_org_year_cells.plan_7 + excluded.plan_7, plan_8 = cockpit_org_year_cells.plan_8 + excluded.plan_8, plan_9 = cockpit_org_year_cells.plan_9 + excluded.plan_9, plan_10 = cockpit_org_year_cells.plan_10 + excluded.plan_10, plan_11 = cockpit_org_year_cells.plan_11 + excluded.plan_11, plan_12 = cockpit_org_year_cells.plan_12 + excluded.plan_12, prop_1 = cockpit_org_year_cells.prop_1 + excluded.prop_1, prop_2 = cockpit_org_year_cells.prop_2 + excluded.prop_2, prop_3 = cockpit_org_year_cells.prop_3 + excluded.prop_3, prop_4 = cockpit_org_year_cells.prop_4 + excluded.prop_4, prop_5 = cockpit_org_year_cells.prop_5 + excluded.prop_5, prop_6 = cockpit_org_year_cells.prop_6 + excluded.prop_6, prop_7 = cockpit_org_year_cells.prop_7 + excluded.prop_7, prop_8 = cockpit_org_year_cells.prop_8 + excluded.prop_8, prop_9 = cockpit_org_year_cells.prop_9 + excluded.prop_9, prop_10 = cockpit_org_year_cells.prop_10 + excluded.prop_10, prop_11 = cockpit_org_year_cells.prop_11 + excluded.prop_11, prop_12 = cockpit_org_year_cells.prop_12 + excluded.prop_12;
END;
CREATE TRIGGER cockpit_org_year_cells_update AFTER UPDATE ON cockpit_years WHEN NOT EXISTS (SELECT 1 FROM cockpit_bulk)
BEGIN
  INSERT INTO cockpit_org_year_cells (org_id, year, stage, category, level, town_org_id, unit_org_id, planned, done_1, done_2, done_3, done_4, done_5, done_6, done_7, done_8, done_9, done_10, done_11, done_12, plan_1, plan_2, plan_3, plan_4, plan_5, plan_6, plan_7, plan_8, plan_9, plan_10, plan_11, plan_12, prop_1, prop_2, prop_3, prop_4, prop_5, prop_6, prop_7, prop_8, prop_9, prop_10, prop_11, prop_12)
    SELECT s.org_id, OLD.year, OLD.stage, OLD.category, OLD.level, COALESCE(OLD.town_org_id, 0), COALESCE(OLD.unit_org_id, 0), -OLD.planned, -OLD.done_1, -OLD.done_2, -OLD.done_3, -OLD.done_4, -OLD.done_5, -OLD.done_6, -OLD.done_7, -OLD.done_8, -OLD.done_9, -OLD.done_10, -OLD.done_11, -OLD.done_12, -OLD.plan_1, -OLD.plan_2, -OLD.plan_3, -OLD.plan_4, -OLD.plan_5, -OLD.plan_6, -OLD.plan_7, -OLD.plan_8, -OLD.plan_9, -OLD.plan_10, -OLD.plan_11, -OLD.plan_12, -OLD.prop_1, -OLD.prop_2, -OLD.prop_3, -OLD.prop_4, -OLD.prop_5, -OLD.prop_6, -OLD.prop_7, -OLD.prop_8, -OLD.prop_9, -OLD.prop_10, -OLD.prop_11, -OLD.prop_12
    FROM cockpit_scope_projects s WHERE s.project_id = OLD.project_id
    ON CONFLICT (org_id, year, stage, category, level, town_org_id, unit_org_id) DO UPDATE SET planned = cockpit_org_year_cells.planned + excluded.planned, done_1 = cockpit_org_year_cells.done_1 + excluded.done_1, done_2 = cockpit_org_year_cells.done_2 + excluded.done_2, done_3 = cockpit_org_year_cells.done_3 + excluded.done_3, done_4 = cockpit_org_year_cells.done_4 + excluded.done_4, done_5 = cockpit_org_year_cells.done_5 + excluded.done_5, done_6 = cockpit_org_year_cells.done_6 + excluded.done_6, done_7 = cockpit_org_year_cells.done_7 + excluded.done_7, done_8 = cockpit_org_year_cells.done_8 + excluded.done_8, done_9 = cockpit_org_year_cells.done_9 + excluded.done_9, done_10 = cockpit_org_year_cells.done_10 + excluded.done_10, done_11 = cockpit_org_year_cells.done_11 + excluded.done_11, done_12 = cockpit_org_year_cells.done_12 + excluded.done_12, plan_1 = cockpit_org_year_cells.plan_1 + excluded.plan_1, plan_2 = cockpit_org_year_cells.plan_2 + excluded.plan_2, plan_3 = cockpit_org_year_cells.plan_3 + excluded.plan_3, plan_4 = cockpit_org_year_cells.plan_4 + excluded.plan_4, plan_5 = cockpit_org_year_cells.plan_5 + excluded.plan_5, plan_6 = cockpit_org_year_cells.plan_6 + excluded.plan_6, plan_7 = cockpit_org_year_cells.plan_7 + excluded.plan_7, plan_8 = cockpit_org_year_cells.plan_8 + excluded.plan_8, plan_9 = cockpit_org_year_cells.plan_9 + excluded.plan_9, plan_10 = cockpit_org_year_cells.plan_10 + excluded.plan_10, plan_11 = cockpit_org_year_cells.plan_11 + excluded.plan_11, plan_12 = cockpit_org_year_cells.plan_12 + excluded.plan_12, prop_1 = cockpit_org_year_cells.prop_1 + excluded.prop_1, prop_2 = cockpit_org_year_cells.prop_2 + excluded.prop_2, prop_3 = cockpit_org_year_cells.prop_3 + excluded.prop_3, prop_4 = cockpit_org_year_cells.prop_4 + excluded.prop_4, prop_5 = cockpit_org_year_cells.prop_5 + excluded.prop_5, prop_6 = cockpit_org_year_cells.prop_6 + excluded.prop_6, prop_7 = cockpit_org_year_cells.prop_7 + excluded.prop_7, prop_8 = cockpit_org_year_cells.prop_8 + excluded.prop_8, prop_9 = cockpit_org_year_cells.prop_9 + excluded.prop_9, prop_10 = cockpit_org_year_cells.prop_10 + excluded.prop_10, prop_11 = cockpit_org_year_cells.prop_11 + excluded.prop_11, prop_12 = cockpit_org_year_cells.prop_12 + excluded.prop_12;
  INSERT INTO cockpit_org_year_cells (org_id, year, stage, category, level, town_org_id, unit_org_id, planned, done_1, done_2, done_3, done_4, done_5, done_6, done_7, done_8, done_9, done_10, done_11, done_12, plan_1, plan_2, plan_3, plan_4, plan_5, plan_6, plan_7, plan_8, plan_9, plan_10, plan_11, plan_12, prop_1, prop_2, prop_3, prop_4, prop_5, prop_6, prop_7, prop_8, prop_9, prop_10, prop_11, prop_12)
    SELECT s.org_id, NEW.year, NEW.stage, NEW.category, NEW.level, COALESCE(NEW.town_org_id, 0), COALESCE(NEW.unit_org_id, 0), NEW.planned, NEW.done_1, NEW.done_2, NEW.done_3, NEW.done_4, NEW.done_5, NEW.done_6, NEW.done_7, NEW.done_8, NEW.done_9, NEW.done_10, NEW.done_11, NEW.done_12, NEW.plan_1, NEW.plan_2, NEW.plan_3, NEW.plan_4, NEW.plan_5, NEW.plan_6, NEW.plan_7, NEW.plan_8, NEW.plan_9, NEW.plan_10, NEW.plan_11, NEW.plan_12, NEW.prop_1, NEW.prop_2, NEW.prop_3, NEW.prop_4, NEW.prop_5, NEW.prop_6, NEW.prop_7, NEW.prop_8, NEW.prop_9, NEW.prop_10, NEW.prop_11, NEW.prop_12
    FROM cockpit_scope_projects s WHERE s.project_id = NEW.project_id
    ON CONFLICT (org_id, year, stage, category, level, town_org_id, unit_org_id) DO UPDATE SET planned = cockpit_org_year_cells.planned + excluded.planned, done_1 = cockpit_org_year_cells.done_1 + excluded.done_1, done_2 = cockpit_org_year_cells.done_2 + excluded.done_2, done_3 = cockpit_org_year_cells.done_3 + excluded.done_3, done_4 = cockpit_org_year_cells.done_4 + excluded.done_4, done_5 = cockpit_org_year_cells.done_5 + excluded.done_5, done_6 = cockpit_org_year_cells.done_6 + excluded.done_6, done_7 = cockpit_org_year_cells.done_7 + excluded.done_7, done_8 = cockpit_org_year_cells.done_8 + excluded.done_8, done_9 = cockpit_org_year_cells.done_9 + excluded.done_9, done_10 = cockpit_org_year_cells.done_10 + excluded.done_10, done_11 = cockpit_org_year_cells.done_11 + excluded.done_11, done_12 = cockpit_org_year_cells.done_12 + excluded.done_12, plan_1 = cockpit_org_year_cells.plan_1 + excluded.plan_1, plan_2 = cockpit_org_year_cells.plan_2 + excluded.plan_2, plan_3 = cockpit_org_year_cells.plan_3 + excluded.plan_3, plan_4 = cockpit_org_year_cells.plan_4 + excluded.plan_4, plan_5 = cockpit_org_year_cells.plan_5 + excluded.plan_5, plan_6 = cockpit_org_year_cells.plan_6 + excluded.plan_6, plan_7 = cockpit_org_year_cells.plan_7 + excluded.plan_7, plan_8 = cockpit_org_year_cells.plan_8 + excluded.plan_8, plan_9 = cockpit_org_year_cells.plan_9 + excluded.plan_9, plan_10 = cockpit_org_year_cells.plan_10 + excluded.plan_10, plan_11 = cockpit_org_year_cells.plan_11 + excluded.plan_11, plan_12 = cockpit_org_year_cells.plan_12 + excluded.plan_12, prop_1 = cockpit_org_year_cells.prop_1 + excluded.prop_1, prop_2 = cockpit_org_year_cells.prop_2 + excluded.prop_2, prop_3 = cockpit_org_year_cells.prop_3 + excluded.prop_3, prop_4 = cockpit_org_year_cells.prop_4 + excluded.prop_4, prop_5 = cockpit_org_year_cells.prop_5 + excluded.prop_5, prop_6 = cockpit_org_year_cells.prop_6 + excluded.prop_6, prop_7 = cockpit_org_year_cells.prop_7 + excluded.prop_7, prop_8 = cockpit_org_year_cells.prop_8 + excluded.prop_8, prop_9 = cockpit_org_year_cells.prop_9 + excluded.prop_9, prop_10 = cockpit_org_year_cells.prop_10 + excluded.prop_10, prop_11 = cockpit_org_year_cells.prop_11 + excluded.prop_11, prop_12 = cockpit_org_year_cells.prop_12 + excluded.prop_12;
END;
CREATE TRIGGER cockpit_org_year_cells_delete AFTER DELETE ON cockpit_years WHEN NOT EXISTS (SELECT 1 FROM cockpit_bulk)
BEGIN
  INSERT INTO cockpit_org_year_cells (org_id, year, stage, category, level, town_org_id, unit_org_id, planned, done_1, done_2, done_3, done_4, done_5, done_6, done_7, done_8, done_9, done_10, done_11, done_12, plan_1, plan_2, plan_3, plan_4, plan_5, plan_6, plan_7, plan_8, plan_9, plan_10, plan_11, plan_12, prop_1, prop_2, prop_3, prop_4, prop_5, prop_6, prop_7, prop_8, prop_9, prop_10, prop_11, prop_12)
    SELECT s.org_id, OLD.year, OLD.stage, OLD.category, OLD.level, COALESCE(OLD.town_org_id, 0), COALESCE(OLD.unit_org_id, 0), -OLD.planned, -OLD.done_1, -OLD.done_2, -OLD.done_3, -OLD.done_4, -OLD.done_5, -OLD.done_6, -OLD.done_7, -OLD.done_8, -OLD.done_9, -OLD.done_10, -OLD.done_11, -OLD.done_12, -OLD.plan_1, -OLD.plan_2, -OLD.plan_3, -OLD.plan_4, -OLD.plan_5, -OLD.plan_6, -OLD.plan_7, -OLD.plan_8, -OLD.plan_9, -OLD.plan_10, -OLD.plan_11, -OLD.plan_12, -OLD.prop_1, -OLD.prop_2, -OLD.prop_3, -OLD.prop_4, -OLD.prop_5, -OLD.prop_6, -OLD.prop_7, -OLD.prop_8, -OLD.prop_9, -OLD.prop_10, -OLD.prop_11, -OLD.prop_12
    FROM cockpit_scope_projects s WHERE s.project_id = OLD.project_id
    ON CONFLICT (org_id, year, stage, category, level, town_org_id, unit_org_id) DO UPDATE SET planned = cockpit_org_year_cells.planned + excluded.planned, done_1 = cockpit_org_year_cells.done_1 + excluded.done_1, done_2 = cockpit_org_year_cells.done_2 + excluded.done_2, done_3 = cockpit_org_year_cells.done_3 + excluded.done_3, done_4 = cockpit_org_year_cells.done_4 + excluded.done_4, done_5 = cockpit_org_year_cells.done_5 + excluded.done_5, done_6 = cockpit_org_year_cells.done_6 + excluded.done_6, done_7 = cockpit_org_year_cells.done_7 + excluded.done_7, done_8 = cockpit_org_year_cells.done_8 + excluded.done_8, done_9 = cockpit_org_year_cells.done_9 + excluded.done_9, done_10 = cockpit_org_year_cells.done_10 + excluded.done_10, done_11 = cockpit_org_year_cells.done_11 + excluded.done_11, done_12 = cockpit_org_year_cells.done_12 + excluded.done_12, plan_1 = cockpit_org_year_cells.plan_1 + excluded.plan_1, plan_2 = cockpit_org_year_cells.plan_2 + excluded.plan_2, plan_3 = cockpit_org_year_cells.plan_3 + excluded.plan_3, plan_4 = cockpit_org_year_cells.plan_4 + excluded.plan_4, plan_5 = cockpit_org_year_cells.plan_5 + excluded.plan_5, plan_6 = cockpit_org_year_cells.plan_6 + excluded.plan_6, plan_7 = cockpit_org_year_cells.plan_7 + excluded.plan_7, plan_8 = cockpit_org_year_cells.plan_8 + excluded.plan_8, plan_9 = cockpit_org_year_cells.plan_9 + excluded.plan_9, plan_10 = cockpit_org_year_cells.plan_10 + excluded.plan_10, plan_11 = cockpit_org_year_cells.plan_11 + excluded.plan_11, plan_12 = cockpit_org_year_cells.plan_12 + excluded.plan_12, prop_1 = cockpit_org_year_cells.prop_1 + excluded.prop_1, prop_2 = cockpit_org_year_cells.prop_2 + excluded.prop_2, prop_3 = cockpit_org_year_cells.prop_3 + excluded.prop_3, prop_4 = cockpit_org_year_cells.prop_4 + excluded.prop_4, prop_5 = cockpit_org_year_cells.prop_5 + excluded.prop_5, prop_6 = cockpit_org_year_cells.prop_6 + excluded.prop_6, prop_7 = cockpit_org_year_cells.prop_7 + excluded.prop_7, prop_8 = cockpit_org_year_cells.prop_8 + excluded.prop_8, prop_9 = cockpit_org_year_cells.prop_9 + excluded.prop_9, prop_10 = cockpit_org_year_cells.prop_10 + excluded.prop_10, prop_11 = cockpit_org_year_cells.prop_11 + excluded.prop_11, prop_12 = cockpit_org_year_cells.prop_12 + excluded.prop_12;
END;
CREATE TRIGGER cockpit_org_count_cells_insert AFTER INSERT ON cockpit_projects WHEN NOT EXISTS (SELECT 1 FROM cockpit_bulk)
BEGIN
  INSERT INTO cockpit_org_count_cells (org_id, stage, category, level, town_org_id, unit_org_id, projects, total_investment)
    SELECT s.org_id, NEW.stage, NEW.category, NEW.level, COALESCE(NEW.town_org_id, 0), COALESCE(NEW.unit_org_id, 0), 1, NEW.total_investment
    FROM cockpit_scope_projects s WHERE s.project_id = NEW.id
    ON CONFLICT (org_id, stage, category, level, town_org_id, unit_org_id) DO UPDATE SET projects = cockpit_org_count_cells.projects + excluded.projects, total_investment = cockpit_org_count_cells.total_investment + excluded.total_investment;
END;
CREATE TRIGGER cockpit_org_count_cells_update
AFTER UPDATE OF stage, category, level, town_org_id, unit_org_id, total_investment ON cockpit_projects
WHEN NOT EXISTS (SELECT 1 FROM cockpit_bulk) AND (OLD.stage IS NOT NEW.stage OR OLD.category IS NOT NEW.category OR OLD.level IS NOT NEW.level OR OLD.town_org_id IS NOT NEW.town_org_id OR OLD.unit_org_id IS NOT NEW.unit_org_id OR OLD.total_investment IS NOT NEW.total_investment)
BEGIN
  INSERT INTO cockpit_org_count_cells (org_id, stage, category, level, town_org_id, unit_org_id, projects, total_investment)
    SELECT s.org_id, OLD.stage, OLD.category, OLD.level, COALESCE(OLD.town_org_id, 0), COALESCE(OLD.unit_org_id, 0), -1, -OLD.total_investment
    FROM cockpit_scope_projects s WHERE s.project_id = OLD.id
    ON CONFLICT (org_id, stage, category, level, town_org_id, unit_org_id) DO UPDATE SET projects = cockpit_org_count_cells.projects + excluded.projects, total_investment = cockpit_org_count_cells.total_investment + excluded.total_investment;
  INSERT INTO cockpit_org_count_cells (org_id, stage, category, level, town_org_id, unit_org_id, projects, total_investment)
    SELECT s.org_id, NEW.stage, NEW.category, NEW.level, COALESCE(NEW.town_org_id, 0), COALESCE(NEW.unit_org_id, 0), 1, NEW.total_investment
    FROM cockpit_scope_projects s WHERE s.project_id = NEW.id
    ON CONFLICT (org_id, stage, category, level, town_org_id, unit_org_id) DO UPDATE SET projects = cockpit_org_count_cells.projects + excluded.projects, total_investment = cockpit_org_count_cells.total_investment + excluded.total_investment;
END;
CREATE TRIGGER cockpit_org_count_cells_delete AFTER DELETE ON cockpit_projects WHEN NOT EXISTS (SELECT 1 FROM cockpit_bulk)
BEGIN
  INSERT INTO cockpit_org_count_cells (org_id, stage, category, level, town_org_id, unit_org_id, projects, total_investment)
    SELECT s.org_id, OLD.stage, OLD.category, OLD.level, COALESCE(OLD.town_org_id, 0), COALESCE(OLD.unit_org_id, 0), -1, -OLD.total_investment
    FROM cockpit_scope_projects s WHERE s.project_id = OLD.id
    ON CONFLICT (org_id, stage, category, level, town_org_id, unit_org_id) DO UPDATE SET projects = cockpit_org_count_cells.projects + excluded.projects, total_investment = cockpit_org_count_cells.total_investment + excluded.total_investment;
END;
CREATE TRIGGER cockpit_org_approval_cells_insert AFTER INSERT ON project_approvals
WHEN NEW.status = 'obtained' AND NOT EXISTS (SELECT 1 FROM cockpit_bulk)
BEGIN
  INSERT INTO cockpit_org_approval_cells (org_id, year, month, department_org_id, stage, days, items)
    SELECT s.org_id, CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal, COUNT(*)
    FROM (SELECT NEW.department_org_id AS department_org_id, NEW.applied_on AS applied_on, NEW.approved_on AS approved_on) a JOIN projects p ON p.id = NEW.project_id JOIN cockpit_scope_projects s ON s.project_id = NEW.project_id JOIN work_day_ordinals o1 ON o1.day = a.applied_on JOIN work_day_ordinals o2 ON o2.day = a.approved_on WHERE NEW.status = 'obtained'
    GROUP BY s.org_id, CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal
    ON CONFLICT (org_id, year, month, department_org_id, stage, days) DO UPDATE SET items = cockpit_org_approval_cells.items + excluded.items;
END;
CREATE TRIGGER cockpit_org_approval_cells_update AFTER UPDATE ON project_approvals
WHEN (OLD.status = 'obtained' OR NEW.status = 'obtained') AND NOT EXISTS (SELECT 1 FROM cockpit_bulk)
BEGIN
  INSERT INTO cockpit_org_approval_cells (org_id, year, month, department_org_id, stage, days, items)
    SELECT s.org_id, CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal, -COUNT(*)
    FROM (SELECT OLD.department_org_id AS department_org_id, OLD.applied_on AS applied_on, OLD.approved_on AS approved_on) a JOIN projects p ON p.id = OLD.project_id JOIN cockpit_scope_projects s ON s.project_id = OLD.project_id JOIN work_day_ordinals o1 ON o1.day = a.applied_on JOIN work_day_ordinals o2 ON o2.day = a.approved_on WHERE OLD.status = 'obtained'
    GROUP BY s.org_id, CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal
    ON CONFLICT (org_id, year, month, department_org_id, stage, days) DO UPDATE SET items = cockpit_org_approval_cells.items + excluded.items;
  INSERT INTO cockpit_org_approval_cells (org_id, year, month, department_org_id, stage, days, items)
    SELECT s.org_id, CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal, COUNT(*)
    FROM (SELECT NEW.department_org_id AS department_org_id, NEW.applied_on AS applied_on, NEW.approved_on AS approved_on) a JOIN projects p ON p.id = NEW.project_id JOIN cockpit_scope_projects s ON s.project_id = NEW.project_id JOIN work_day_ordinals o1 ON o1.day = a.applied_on JOIN work_day_ordinals o2 ON o2.day = a.approved_on WHERE NEW.status = 'obtained'
    GROUP BY s.org_id, CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal
    ON CONFLICT (org_id, year, month, department_org_id, stage, days) DO UPDATE SET items = cockpit_org_approval_cells.items + excluded.items;
END;
CREATE TRIGGER cockpit_org_approval_cells_delete AFTER DELETE ON project_approvals
WHEN OLD.status = 'obtained' AND NOT EXISTS (SELECT 1 FROM cockpit_bulk)
BEGIN
  INSERT INTO cockpit_org_approval_cells (org_id, year, month, department_org_id, stage, days, items)
    SELECT s.org_id, CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal, -COUNT(*)
    FROM (SELECT OLD.department_org_id AS department_org_id, OLD.applied_on AS applied_on, OLD.approved_on AS approved_on) a JOIN projects p ON p.id = OLD.project_id JOIN cockpit_scope_projects s ON s.project_id = OLD.project_id JOIN work_day_ordinals o1 ON o1.day = a.applied_on JOIN work_day_ordinals o2 ON o2.day = a.approved_on WHERE OLD.status = 'obtained'
    GROUP BY s.org_id, CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal
    ON CONFLICT (org_id, year, month, department_org_id, stage, days) DO UPDATE SET items = cockpit_org_approval_cells.items + excluded.items;
END;
CREATE TRIGGER cockpit_org_approval_cells_stage AFTER UPDATE OF stage ON projects
WHEN OLD.stage IS NOT NEW.stage AND NOT EXISTS (SELECT 1 FROM cockpit_bulk)
BEGIN
  INSERT INTO cockpit_org_approval_cells (org_id, year, month, department_org_id, stage, days, items)
    SELECT s.org_id, CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), OLD.stage, o2.ordinal - o1.ordinal, -COUNT(*)
    FROM project_approvals a JOIN cockpit_scope_projects s ON s.project_id = a.project_id JOIN work_day_ordinals o1 ON o1.day = a.applied_on JOIN work_day_ordinals o2 ON o2.day = a.approved_on WHERE a.project_id = NEW.id AND a.status = 'obtained'
    GROUP BY s.org_id, CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), OLD.stage, o2.ordinal - o1.ordinal
    ON CONFLICT (org_id, year, month, department_org_id, stage, days) DO UPDATE SET items = cockpit_org_approval_cells.items + excluded.items;
  INSERT INTO cockpit_org_approval_cells (org_id, year, month, department_org_id, stage, days, items)
    SELECT s.org_id, CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), NEW.stage, o2.ordinal - o1.ordinal, COUNT(*)
    FROM project_approvals a JOIN cockpit_scope_projects s ON s.project_id = a.project_id JOIN work_day_ordinals o1 ON o1.day = a.applied_on JOIN work_day_ordinals o2 ON o2.day = a.approved_on WHERE a.project_id = NEW.id AND a.status = 'obtained'
    GROUP BY s.org_id, CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER), COALESCE(a.department_org_id, 0), NEW.stage, o2.ordinal - o1.ordinal
    ON CONFLICT (org_id, year, month, department_org_id, stage, days) DO UPDATE SET items = cockpit_org_approval_cells.items + excluded.items;
END;

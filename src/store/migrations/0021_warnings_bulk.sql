-- A full recompute of the warnings (a rule change recolours tens of thousands of projects) moved
-- the cockpit's cache generation once per changed row: one UPDATE of cache_generations for every
-- project recoloured and every finding deleted or inserted. While cockpit_bulk holds the row
-- 'warnings' (inside store::SaveAllWarnings' transaction) these triggers stand aside, and the save
-- moves the generation on once itself. Every other write still moves it per row, as before.
DROP TRIGGER projects_cockpit_update;
CREATE TRIGGER projects_cockpit_update AFTER UPDATE ON projects
WHEN NOT EXISTS (SELECT 1 FROM cockpit_bulk WHERE name = 'warnings')
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
DROP TRIGGER project_warnings_cockpit_insert;
CREATE TRIGGER project_warnings_cockpit_insert AFTER INSERT ON project_warnings
WHEN NOT EXISTS (SELECT 1 FROM cockpit_bulk WHERE name = 'warnings')
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
DROP TRIGGER project_warnings_cockpit_update;
CREATE TRIGGER project_warnings_cockpit_update AFTER UPDATE ON project_warnings
WHEN NOT EXISTS (SELECT 1 FROM cockpit_bulk WHERE name = 'warnings')
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;
DROP TRIGGER project_warnings_cockpit_delete;
CREATE TRIGGER project_warnings_cockpit_delete AFTER DELETE ON project_warnings
WHEN NOT EXISTS (SELECT 1 FROM cockpit_bulk WHERE name = 'warnings')
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;

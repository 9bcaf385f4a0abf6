-- A project edit moves the cockpit's cache generation on only when it changes what the cockpit
-- shows of a project: its name, stage, classification, town, leader, investment, dates, place or
-- light. The cockpit shows nothing of remarks, contacts, codes and the rest, yet each such edit
-- used to make every cockpit answer be computed again. Relations to organisations (project_orgs),
-- plans, reports, problems, approvals and warnings keep their own triggers.
DROP TRIGGER projects_cockpit_update;
CREATE TRIGGER projects_cockpit_update AFTER UPDATE ON projects
WHEN NOT EXISTS (SELECT 1 FROM cockpit_bulk WHERE name = 'warnings')
  AND (
     OLD.name IS NOT NEW.name OR OLD.stage IS NOT NEW.stage OR OLD.category IS NOT NEW.category
     OR OLD.level IS NOT NEW.level OR OLD.town_org_id IS NOT NEW.town_org_id
     OR OLD.leader_user_id IS NOT NEW.leader_user_id
     OR OLD.total_investment IS NOT NEW.total_investment OR OLD.actual_start IS NOT NEW.actual_start
     OR OLD.actual_completion IS NOT NEW.actual_completion OR OLD.longitude IS NOT NEW.longitude
     OR OLD.latitude IS NOT NEW.latitude OR OLD.warning_colour IS NOT NEW.warning_colour)
BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'; END;

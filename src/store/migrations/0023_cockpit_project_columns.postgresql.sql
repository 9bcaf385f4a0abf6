-- A project edit moves the cockpit's cache generation on only when it changes what the cockpit
-- shows of a project: its name, stage, classification, town, leader, investment, dates, place or
-- light (the SQLite twin says more). A statement trigger that compares the statement's old and new
-- rows (transition tables), so that a warnings recompute recolouring thousands of projects in one
-- statement checks them in one query; a row trigger would call a function for every row.
CREATE FUNCTION cockpit_projects_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('gongjian.cockpit_changed', true) IS DISTINCT FROM 'on' AND EXISTS (
       SELECT 1 FROM old_projects o JOIN new_projects n ON n.id = o.id
       WHERE (o.name, o.stage, o.category, o.level, o.town_org_id, o.leader_user_id, o.total_investment,
              o.actual_start, o.actual_completion, o.longitude, o.latitude, o.warning_colour)
             IS DISTINCT FROM
             (n.name, n.stage, n.category, n.level, n.town_org_id, n.leader_user_id, n.total_investment,
              n.actual_start, n.actual_completion, n.longitude, n.latitude, n.warning_colour)) THEN
    -- As cockpit_changed() (0018): once per transaction, moved on at commit.
    PERFORM set_config('gongjian.cockpit_changed', 'on', true);
    INSERT INTO cache_bumps (txid, name) VALUES (txid_current(), 'cockpit');
  END IF;
  RETURN NULL;
END
$$;
DROP TRIGGER projects_cockpit_changed ON projects;
CREATE TRIGGER projects_cockpit_changed AFTER INSERT OR DELETE ON projects
  FOR EACH STATEMENT EXECUTE FUNCTION cockpit_changed();
CREATE TRIGGER projects_cockpit_changed_update AFTER UPDATE ON projects
  REFERENCING OLD TABLE AS old_projects NEW TABLE AS new_projects
  FOR EACH STATEMENT EXECUTE FUNCTION cockpit_projects_changed();

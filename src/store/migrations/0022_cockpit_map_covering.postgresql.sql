-- The province map reads every cockpit project's id, name, coordinates and colour. SQLite's
-- cockpit_projects_map index carries the rowid (the id) and answers from the index alone;
-- PostgreSQL's did not have the id, so it read the table (3,600 pages at province scale) instead.
-- With the id included the map is an index-only scan: measured 12–15 ms less per cold map at
-- 45,000 points (docs/performance.md, session 11).
DROP INDEX cockpit_projects_map;
CREATE INDEX cockpit_projects_map ON cockpit_projects (stage, longitude, latitude, colour, name, leader_user_id)
  INCLUDE (id);

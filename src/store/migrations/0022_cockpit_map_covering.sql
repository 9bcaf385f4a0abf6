-- PostgreSQL only (0022_cockpit_map_covering.postgresql.sql): SQLite's cockpit_projects_map
-- already carries the id, as the rowid every index holds.
SELECT 1;

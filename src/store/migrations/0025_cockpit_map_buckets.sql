-- The whole district's map without reading every project again (api::MapBuckets). The map of a
-- province is 49,000 points; after any write the cockpit's answers are computed again, and the
-- map's read of every point took 40–60 ms on PostgreSQL. Its points are now kept in the server's
-- memory in buckets of 1,024 project ids (bucket = id / 1024, store::kMapBucketIds), and only the
-- buckets whose counter moved are read again.
--
-- cockpit_map_buckets: a counter per bucket, moved on in the writing transaction by every insert,
-- delete, and change of what the map shows or filters on (name, stage, coordinates, colour) in
-- cockpit_projects. A bucket without a row has never changed (counter 0). A reader reads the
-- counters first and then the buckets, in one transaction, so the points it keeps are never older
-- than their counter. SQLite has one writer at a time, so the triggers move the counters directly, and the
-- cockpit's generation with them (a point changed without its project retires the answers too;
-- a bulk save of the lights moves it once itself, migration 0021).
CREATE TABLE cockpit_map_buckets (
  bucket INTEGER PRIMARY KEY,
  generation INTEGER NOT NULL
);
CREATE TRIGGER cockpit_projects_map_insert AFTER INSERT ON cockpit_projects BEGIN
  INSERT INTO cockpit_map_buckets (bucket, generation) VALUES (NEW.id / 1024, 1)
    ON CONFLICT (bucket) DO UPDATE SET generation = generation + 1;
  UPDATE cache_generations SET generation = generation + 1
    WHERE name = 'cockpit' AND NOT EXISTS (SELECT 1 FROM cockpit_bulk WHERE name = 'warnings');
END;
CREATE TRIGGER cockpit_projects_map_delete AFTER DELETE ON cockpit_projects BEGIN
  INSERT INTO cockpit_map_buckets (bucket, generation) VALUES (OLD.id / 1024, 1)
    ON CONFLICT (bucket) DO UPDATE SET generation = generation + 1;
  UPDATE cache_generations SET generation = generation + 1
    WHERE name = 'cockpit' AND NOT EXISTS (SELECT 1 FROM cockpit_bulk WHERE name = 'warnings');
END;
CREATE TRIGGER cockpit_projects_map_update AFTER UPDATE OF id, name, stage, longitude, latitude, colour ON cockpit_projects
  WHEN NEW.id IS NOT OLD.id OR NEW.name IS NOT OLD.name OR NEW.stage IS NOT OLD.stage
    OR NEW.longitude IS NOT OLD.longitude OR NEW.latitude IS NOT OLD.latitude OR NEW.colour IS NOT OLD.colour
BEGIN
  INSERT INTO cockpit_map_buckets (bucket, generation) VALUES (OLD.id / 1024, 1)
    ON CONFLICT (bucket) DO UPDATE SET generation = generation + 1;
  INSERT INTO cockpit_map_buckets (bucket, generation) VALUES (NEW.id / 1024, 1)
    ON CONFLICT (bucket) DO UPDATE SET generation = generation + 1;
  UPDATE cache_generations SET generation = generation + 1
    WHERE name = 'cockpit' AND NOT EXISTS (SELECT 1 FROM cockpit_bulk WHERE name = 'warnings');
END;

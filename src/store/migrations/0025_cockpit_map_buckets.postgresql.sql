-- The whole district's map without reading every project again (api::MapBuckets). The map of a
-- province is 49,000 points; after any write the cockpit's answers are computed again, and the
-- map's read of every point took 40–60 ms on PostgreSQL. Its points are now kept in the server's
-- memory in buckets of 1,024 project ids (bucket = id / 1024, store::kMapBucketIds), and only the
-- buckets whose counter moved are read again.
--
-- cockpit_map_buckets: a counter per bucket, moved on by every transaction that inserts or deletes
-- a row of cockpit_projects or changes what the map shows or filters on (name, stage,
-- coordinates, colour). A bucket without a row has never changed (counter 0). A reader reads the
-- counters first and then the buckets, so the points it keeps are never older than their counter
-- (under READ COMMITTED they may be newer; the next counter reads them again).
--
-- The counters move at commit, as the cache generation does (migration 0018): a row trigger
-- queues the project's bucket in cockpit_map_bumps (once per transaction and bucket, remembered in
-- a transaction-local setting) and queues the cockpit generation's bump (so a point changed
-- without its project retires the answers too); the generation's commit
-- trigger, which holds the generation's row lock from then until the commit, moves the queued
-- buckets' counters in one statement. Every writer of buckets takes that one lock first, so two
-- writers never wait for each other's bucket rows.
CREATE TABLE cockpit_map_buckets (
  bucket BIGINT PRIMARY KEY,
  generation BIGINT NOT NULL
);
CREATE TABLE cockpit_map_bumps (
  txid BIGINT NOT NULL,
  bucket BIGINT NOT NULL,
  PRIMARY KEY (txid, bucket)
);

CREATE FUNCTION cockpit_map_queue() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  b BIGINT := (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END) / 1024;
  queued TEXT := COALESCE(current_setting('gongjian.map_buckets', true), '');
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.id / 1024 <> b THEN
    INSERT INTO cockpit_map_bumps (txid, bucket) VALUES (txid_current(), OLD.id / 1024) ON CONFLICT DO NOTHING;
  END IF;
  IF position(',' || b || ',' IN queued) = 0 THEN
    PERFORM set_config('gongjian.map_buckets', CASE WHEN queued = '' THEN ',' ELSE queued END || b || ',', true);
    INSERT INTO cockpit_map_bumps (txid, bucket) VALUES (txid_current(), b) ON CONFLICT DO NOTHING;
  END IF;
  IF current_setting('gongjian.cockpit_changed', true) IS DISTINCT FROM 'on' THEN
    PERFORM set_config('gongjian.cockpit_changed', 'on', true);
    INSERT INTO cache_bumps (txid, name) VALUES (txid_current(), 'cockpit');
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER cockpit_projects_map_insert AFTER INSERT ON cockpit_projects
  FOR EACH ROW EXECUTE FUNCTION cockpit_map_queue();
CREATE TRIGGER cockpit_projects_map_delete AFTER DELETE ON cockpit_projects
  FOR EACH ROW EXECUTE FUNCTION cockpit_map_queue();
CREATE TRIGGER cockpit_projects_map_update AFTER UPDATE ON cockpit_projects
  FOR EACH ROW WHEN ((OLD.id, OLD.name, OLD.stage, OLD.longitude, OLD.latitude, OLD.colour)
                     IS DISTINCT FROM (NEW.id, NEW.name, NEW.stage, NEW.longitude, NEW.latitude, NEW.colour))
  EXECUTE FUNCTION cockpit_map_queue();

CREATE OR REPLACE FUNCTION cache_bump_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE cache_generations SET generation = generation + 1 WHERE name = NEW.name;
  DELETE FROM cache_bumps WHERE txid = NEW.txid AND name = NEW.name;
  IF NEW.name = 'cockpit' THEN
    INSERT INTO cockpit_map_buckets (bucket, generation)
      SELECT bucket, 1 FROM cockpit_map_bumps WHERE txid = NEW.txid ORDER BY bucket
      ON CONFLICT (bucket) DO UPDATE SET generation = cockpit_map_buckets.generation + 1;
    DELETE FROM cockpit_map_bumps WHERE txid = NEW.txid;
  END IF;
  RETURN NULL;
END
$$;

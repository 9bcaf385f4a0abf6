-- Whether a milestone is on the critical path (total float ≤ 0), kept beside its forecast so that
-- the portfolio Gantt reads the schedule instead of computing it; refreshed on writes and daily.
ALTER TABLE milestones ADD COLUMN critical INTEGER NOT NULL DEFAULT 0;
-- The flags start unset: forget the day of the last full recompute, so the server refreshes every
-- schedule (and the lights) when it next starts.
DELETE FROM settings WHERE key = 'warnings_recomputed_on';

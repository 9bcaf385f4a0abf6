-- Nothing to change on PostgreSQL: its cache generation triggers run once per statement and move
-- the generation at commit (0018), so a full recompute of the warnings costs one move already.
-- The SQLite twin of this migration makes its row triggers stand aside during the bulk save.
SELECT 1;

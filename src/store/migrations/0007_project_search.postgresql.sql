-- Full-text search over names and content that works for Chinese: pg_trgm trigram GIN
-- index on the concatenated text, used by ILIKE '%…%'. pg_trgm is a trusted extension
-- (PostgreSQL 13+), so the database owner may create it; it lives in public so every
-- schema finds it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
ALTER TABLE projects ADD COLUMN search_text TEXT GENERATED ALWAYS AS (
  name || ' ' || short_name || ' ' || content || ' ' || address || ' ' || national_code) STORED;
CREATE INDEX projects_search ON projects USING gin (search_text public.gin_trgm_ops);

-- Full-text search over names and content that works for Chinese: a trigram FTS5 index
-- over the projects' text (external content, so the text is stored once). The
-- repository keeps it in step on every write: triggers may not write to a virtual table
-- while the schema is untrusted (trusted_schema=OFF), and it stays off.
CREATE VIRTUAL TABLE project_fts USING fts5(
  name, short_name, content, address, national_code,
  content = 'projects', content_rowid = 'id', tokenize = 'trigram'
);

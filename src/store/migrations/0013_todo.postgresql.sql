-- Same as 0013_todo.sql with BIGINT.
-- The to-do page (工作台) and reminders (催报): when the office reminded a project to report
-- for a round, and an index for the reports waiting on review.
CREATE TABLE report_reminders (
  round_id BIGINT NOT NULL REFERENCES dispatch_rounds (id),
  project_id BIGINT NOT NULL REFERENCES projects (id),
  sent_at TEXT NOT NULL,
  sent_by BIGINT REFERENCES users (id),
  PRIMARY KEY (round_id, project_id, sent_at)
);
CREATE INDEX monthly_reports_status ON monthly_reports (status, project_id);
CREATE INDEX annual_plans_status ON annual_plans (status, project_id);

-- 纳入统计库 (入库): the civil date a project was registered in the statistics bureau's
-- fixed-asset investment database, ISO text like the other dates; NULL until it is. The
-- warnings' registration measure reads it (SPEC §5).
ALTER TABLE projects ADD COLUMN registered_on TEXT;
-- A full recompute of the warnings (api/warnings.h) reads every project's dates and the year's
-- approved plans; these covering indexes keep it off the wide rows (province scale: 50,000
-- projects, 3 million report rows; docs/performance.md).
CREATE INDEX projects_warning_inputs ON projects (id, stage, planned_start, actual_start, registered_on);
CREATE INDEX annual_plans_warning_inputs ON annual_plans (year, status, project_id, planned_investment, monthly_targets);
-- It also compares each project's colour for the period with the one recorded (warning_history
-- has a row per project and month: 3 million at province scale after five years).
CREATE INDEX warning_history_period ON warning_history (year, month, project_id, colour);

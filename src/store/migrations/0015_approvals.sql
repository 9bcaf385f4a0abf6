-- Pre-construction approvals (前期手续, SPEC §6): editable templates per project kind with items in
-- the four stages of the national approval reform, and each project's items. A template names the
-- approving department by its name ("自然资源和规划局"); generating a project's items resolves it
-- to the district's organisation (an exact name, else the shortest name ending with it, so that
-- "区自然资源和规划局" matches). Limits and sources (domain-research.md §4.3):
--   核准 20 working days (政府核准投资项目管理办法 第十九条); 初步设计及概算 20 working days;
--   一书两证 (选址意见书, 用地/工程规划许可证) 20 working days; 环评 报告书 60 / 报告表 30 days
--   (环境影响评价法 第二十二条); 施工许可证 7 days (建筑法 第八条, 2019); 消防设计审查 and 消防验收
--   15 working days (住建部令第51号). Items without a specific limit found (节能审查, 社会稳定风险评估,
--   水土保持, 洪水影响评价, 施工图审查, 规划核实) take the general licensing limit of 20 working days
--   (行政许可法 第四十二条); 竣工验收备案 15 days is a [guess]. All are editable data.
CREATE TABLE approval_templates (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);
CREATE TABLE approval_template_items (
  template_id INTEGER NOT NULL REFERENCES approval_templates (id),
  position INTEGER NOT NULL,
  stage TEXT NOT NULL,
  name TEXT NOT NULL,
  department TEXT NOT NULL DEFAULT '',
  limit_days INTEGER,
  limit_kind TEXT NOT NULL DEFAULT 'working',
  PRIMARY KEY (template_id, position)
);
CREATE TABLE project_approvals (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects (id),
  stage TEXT NOT NULL,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  department_org_id INTEGER REFERENCES orgs (id),
  limit_days INTEGER,
  limit_kind TEXT NOT NULL DEFAULT 'working',
  status TEXT NOT NULL DEFAULT 'not_started',
  applied_on TEXT,
  approved_on TEXT,
  doc_number TEXT NOT NULL DEFAULT '',
  attachment_id INTEGER REFERENCES attachments (id),
  note TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX project_approvals_project ON project_approvals (project_id, position);
-- The department's open items (to-do, overdue lists); the analytics' two walks: the items
-- approved since a date (covering what the statistics read: a province's year is some 100,000
-- rows, and looking each one up in the table is most of the time), and the items in progress.
CREATE INDEX project_approvals_department ON project_approvals (department_org_id, status);
CREATE INDEX project_approvals_approved ON project_approvals
  (approved_on, status, applied_on, project_id, department_org_id, limit_days, limit_kind, name, stage, position, id)
  WHERE approved_on IS NOT NULL;
CREATE INDEX project_approvals_open ON project_approvals (applied_on) WHERE status = 'in_progress';
INSERT INTO approval_templates (id, name, version, updated_at) VALUES (1, '政府投资房建市政', 1, '2026-01-01T00:00:00Z');
INSERT INTO approval_template_items (template_id, position, stage, name, department, limit_days, limit_kind) VALUES
  (1, 0, 'project_land', '项目建议书批复', '发展和改革局', 20, 'working'),
  (1, 1, 'project_land', '用地预审与选址意见书', '自然资源和规划局', 20, 'working'),
  (1, 2, 'project_land', '可行性研究报告批复', '发展和改革局', 20, 'working'),
  (1, 3, 'project_land', '节能审查', '发展和改革局', 20, 'working'),
  (1, 4, 'project_land', '社会稳定风险评估', '发展和改革局', 20, 'working'),
  (1, 5, 'project_land', '环境影响评价审批（报告表）', '生态环境局', 30, 'calendar'),
  (1, 6, 'project_land', '建设用地规划许可证', '自然资源和规划局', 20, 'working'),
  (1, 7, 'engineering', '初步设计及概算批复', '发展和改革局', 20, 'working'),
  (1, 8, 'engineering', '建设工程规划许可证', '自然资源和规划局', 20, 'working'),
  (1, 9, 'construction', '施工图审查', '住房和城乡建设局', 20, 'working'),
  (1, 10, 'construction', '消防设计审查', '住房和城乡建设局', 15, 'working'),
  (1, 11, 'construction', '施工许可证', '住房和城乡建设局', 7, 'calendar'),
  (1, 12, 'completion', '规划核实', '自然资源和规划局', 20, 'working'),
  (1, 13, 'completion', '消防验收', '住房和城乡建设局', 15, 'working'),
  (1, 14, 'completion', '竣工验收备案', '住房和城乡建设局', 15, 'calendar');
INSERT INTO approval_templates (id, name, version, updated_at) VALUES (2, '企业投资产业', 1, '2026-01-01T00:00:00Z');
INSERT INTO approval_template_items (template_id, position, stage, name, department, limit_days, limit_kind) VALUES
  (2, 0, 'project_land', '企业投资项目核准/备案', '发展和改革局', 20, 'working'),
  (2, 1, 'project_land', '用地预审与选址意见书', '自然资源和规划局', 20, 'working'),
  (2, 2, 'project_land', '节能审查', '发展和改革局', 20, 'working'),
  (2, 3, 'project_land', '环境影响评价审批（报告书）', '生态环境局', 60, 'calendar'),
  (2, 4, 'project_land', '建设用地规划许可证', '自然资源和规划局', 20, 'working'),
  (2, 5, 'engineering', '设计方案审查', '自然资源和规划局', 20, 'working'),
  (2, 6, 'engineering', '建设工程规划许可证', '自然资源和规划局', 20, 'working'),
  (2, 7, 'construction', '施工图审查', '住房和城乡建设局', 20, 'working'),
  (2, 8, 'construction', '消防设计审查', '住房和城乡建设局', 15, 'working'),
  (2, 9, 'construction', '施工许可证', '住房和城乡建设局', 7, 'calendar'),
  (2, 10, 'completion', '规划核实', '自然资源和规划局', 20, 'working'),
  (2, 11, 'completion', '消防验收', '住房和城乡建设局', 15, 'working'),
  (2, 12, 'completion', '竣工验收备案', '住房和城乡建设局', 15, 'calendar');
INSERT INTO approval_templates (id, name, version, updated_at) VALUES (3, '线性基础设施', 1, '2026-01-01T00:00:00Z');
INSERT INTO approval_template_items (template_id, position, stage, name, department, limit_days, limit_kind) VALUES
  (3, 0, 'project_land', '项目建议书批复', '发展和改革局', 20, 'working'),
  (3, 1, 'project_land', '用地预审与选址意见书', '自然资源和规划局', 20, 'working'),
  (3, 2, 'project_land', '可行性研究报告批复', '发展和改革局', 20, 'working'),
  (3, 3, 'project_land', '社会稳定风险评估', '发展和改革局', 20, 'working'),
  (3, 4, 'project_land', '环境影响评价审批（报告书）', '生态环境局', 60, 'calendar'),
  (3, 5, 'project_land', '水土保持方案审批', '水利局', 20, 'working'),
  (3, 6, 'project_land', '洪水影响评价', '水利局', 20, 'working'),
  (3, 7, 'engineering', '初步设计及概算批复', '发展和改革局', 20, 'working'),
  (3, 8, 'engineering', '建设工程规划许可证', '自然资源和规划局', 20, 'working'),
  (3, 9, 'construction', '施工图审查', '住房和城乡建设局', 20, 'working'),
  (3, 10, 'construction', '施工许可证', '住房和城乡建设局', 7, 'calendar'),
  (3, 11, 'completion', '规划核实', '自然资源和规划局', 20, 'working'),
  (3, 12, 'completion', '竣工验收备案', '住房和城乡建设局', 15, 'calendar');

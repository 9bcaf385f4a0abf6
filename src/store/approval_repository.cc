#include "store/approval_repository.h"

#include <algorithm>
#include <map>

#include "domain/text.h"
#include "store/like.h"
#include "store/scope.h"
#include "store/where.h"

namespace gongjian::store {
namespace {

using domain::ApprovalItem;

constexpr std::string_view kColumns =
    "a.id, a.project_id, a.stage, a.position, a.name, a.department_org_id, a.limit_days, a.limit_kind, a.status,"
    " a.applied_on, a.approved_on, a.doc_number, a.attachment_id, a.note, a.version";

std::optional<domain::Date> OptDate(const RowRef& r, const char* column) {
  auto t = r.OptText(column);
  if (!t) return std::nullopt;
  return domain::ParseDate(*t);
}

ApprovalItem FromRow(const RowRef& r) {
  ApprovalItem a;
  a.id = r.Int("id");
  a.project_id = r.Int("project_id");
  a.stage = domain::ParseApprovalStage(r.Text("stage")).value_or(domain::ApprovalStage::kProjectLand);
  a.position = static_cast<int>(r.Int("position"));
  a.name = r.Text("name");
  a.department_org_id = r.OptInt("department_org_id");
  if (auto l = r.OptInt("limit_days")) a.limit_days = static_cast<int>(*l);
  a.limit_kind = domain::ParseLimitKind(r.Text("limit_kind")).value_or(domain::LimitKind::kWorking);
  a.status = domain::ParseApprovalStatus(r.Text("status")).value_or(domain::ApprovalStatus::kNotStarted);
  a.applied_on = OptDate(r, "applied_on");
  a.approved_on = OptDate(r, "approved_on");
  a.doc_number = r.Text("doc_number");
  a.attachment_id = r.OptInt("attachment_id");
  a.note = r.Text("note");
  a.version = r.Int("version");
  return a;
}

Value DateValue(const std::optional<domain::Date>& d) { return d ? Value(d->ToString()) : Null(); }

Status CheckReferences(Connection& c, const ApprovalItem& a) {
  if (a.department_org_id) {
    auto org = c.Query("SELECT id FROM orgs WHERE id = $1", {*a.department_org_id});
    if (!org) return org.error();
    if (org->empty()) return Status::Invalid("department_org_id", "org_not_found");
  }
  if (a.attachment_id) {
    auto att = c.Query("SELECT project_id FROM attachments WHERE id = $1", {*a.attachment_id});
    if (!att) return att.error();
    if (att->empty() || att->First().Int("project_id") != a.project_id) {
      return Status::Invalid("attachment_id", "attachment_not_usable", {std::to_string(*a.attachment_id)});
    }
  }
  return Status::Ok();
}

Status StaleVersion(Connection& c, int64_t id) {
  auto r = c.Query("SELECT version FROM project_approvals WHERE id = $1", {id});
  if (!r) return r.error();
  if (r->empty()) return Status::NotFound("approval_not_found");
  return Status(core::Code::kFailedPrecondition, "stale_version", "", {std::to_string(r->First().Int("version"))});
}

// The visibility condition for viewer parameter $`param` over aliases p (projects) and a.
std::string Visible(const Viewer& viewer, int param) {
  return "(" + ProjectScopeSql(viewer, param) + " OR (a.department_org_id IS NOT NULL AND " +
         ScopeCondition("a.department_org_id", param, viewer.scope) + "))";
}

// The items matching `where` (the viewer's id at $1) with their project's and department's names.
Result<std::vector<ApprovalRow>> Rows(Connection& c, const Viewer& viewer, const std::string& where,
                                      const Params& params, const std::string& order) {
  auto r = c.Query("SELECT " + std::string(kColumns) + ", p.name AS project_name, o.name AS department_name," +
                       " CASE WHEN " + ProjectScopeSql(viewer, 1) + " THEN 1 ELSE 0 END AS project_visible" +
                       " FROM project_approvals a JOIN projects p ON p.id = a.project_id"
                       " LEFT JOIN orgs o ON o.id = a.department_org_id WHERE " + where + " ORDER BY " + order,
                   params);
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<ApprovalRow> out;
  out.reserve(r->size());
  for (size_t i = 0; i < r->size(); ++i) {
    auto row = r->Row(i);
    out.push_back({FromRow(row), row.Text("project_name"), row.OptText("department_name").value_or(""),
                   row.Int("project_visible") != 0});
  }
  return out;
}

}  // namespace

Result<std::vector<domain::ApprovalTemplate>> ListApprovalTemplates(Connection& c) {
  auto t = c.Query("SELECT id, name, version FROM approval_templates ORDER BY id");
  if (!t) return core::Fail(std::move(t.error()));
  auto n = c.Query("SELECT template_id, stage, name, department, limit_days, limit_kind FROM approval_template_items"
                   " ORDER BY template_id, position");
  if (!n) return core::Fail(std::move(n.error()));
  std::vector<domain::ApprovalTemplate> out;
  std::map<int64_t, size_t> at;
  for (size_t i = 0; i < t->size(); ++i) {
    auto row = t->Row(i);
    at[row.Int("id")] = out.size();
    out.push_back({row.Int("id"), row.Text("name"), {}, row.Int("version")});
  }
  for (size_t i = 0; i < n->size(); ++i) {
    auto row = n->Row(i);
    auto it = at.find(row.Int("template_id"));
    if (it == at.end()) continue;
    domain::ApprovalTemplateItem item;
    item.stage = domain::ParseApprovalStage(row.Text("stage")).value_or(domain::ApprovalStage::kProjectLand);
    item.name = row.Text("name");
    item.department = row.Text("department");
    if (auto l = row.OptInt("limit_days")) item.limit_days = static_cast<int>(*l);
    item.limit_kind = domain::ParseLimitKind(row.Text("limit_kind")).value_or(domain::LimitKind::kWorking);
    out[it->second].items.push_back(std::move(item));
  }
  return out;
}

Result<domain::ApprovalTemplate> GetApprovalTemplate(Connection& c, int64_t id) {
  auto all = ListApprovalTemplates(c);
  if (!all) return core::Fail(std::move(all.error()));
  for (auto& t : *all) {
    if (t.id == id) return std::move(t);
  }
  return core::Fail(Status::NotFound("approval_template_not_found"));
}

Result<std::vector<domain::DepartmentName>> DepartmentOrgs(Connection& c) {
  auto r = c.Query("SELECT id, name FROM orgs WHERE kind = 'department' ORDER BY id");
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<domain::DepartmentName> out;
  for (size_t i = 0; i < r->size(); ++i) out.push_back({r->Row(i).Int("id"), r->Row(i).Text("name")});
  return out;
}

Result<std::vector<ApprovalItem>> ListApprovals(Connection& c, int64_t project_id) {
  auto r = c.Query("SELECT " + std::string(kColumns) + " FROM project_approvals a WHERE a.project_id = $1"
                   " ORDER BY a.position, a.id",
                   {project_id});
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<ApprovalItem> out;
  out.reserve(r->size());
  for (size_t i = 0; i < r->size(); ++i) out.push_back(FromRow(r->Row(i)));
  return out;
}

Result<ApprovalItem> GetApproval(Connection& c, int64_t id) {
  auto r = c.Query("SELECT " + std::string(kColumns) + " FROM project_approvals a WHERE a.id = $1", {id});
  if (!r) return core::Fail(std::move(r.error()));
  if (r->empty()) return core::Fail(Status::NotFound("approval_not_found"));
  return FromRow(r->First());
}

Result<ApprovalItem> CreateApproval(Connection& c, ApprovalItem a, const std::string& now) {
  GJ_FAIL_IF_ERROR(CheckReferences(c, a));
  auto count = c.Query(
      "SELECT COUNT(*) AS n, COALESCE(MAX(position), -1) AS last FROM project_approvals WHERE project_id = $1",
      {a.project_id});
  if (!count) return core::Fail(std::move(count.error()));
  if (count->First().Int("n") >= domain::kMaxApprovalsPerProject) {
    return core::Fail(Status::Invalid("name", "too_many", {std::to_string(domain::kMaxApprovalsPerProject)}));
  }
  if (a.position < 0) a.position = static_cast<int>(count->First().Int("last") + 1);
  auto r = c.Query(
      "INSERT INTO project_approvals (project_id, stage, position, name, department_org_id, limit_days, limit_kind,"
      " status, applied_on, approved_on, doc_number, attachment_id, note, version, created_at, updated_at)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, $14, $14) RETURNING id",
      {a.project_id, std::string(domain::ApprovalStageName(a.stage)), static_cast<int64_t>(a.position), a.name,
       Opt(a.department_org_id), a.limit_days ? Value(static_cast<int64_t>(*a.limit_days)) : Null(),
       std::string(domain::LimitKindName(a.limit_kind)), std::string(domain::ApprovalStatusName(a.status)),
       DateValue(a.applied_on), DateValue(a.approved_on), a.doc_number, Opt(a.attachment_id), a.note, now});
  if (!r) return core::Fail(std::move(r.error()));
  a.id = r->First().Int("id");
  a.version = 1;
  return a;
}

Result<ApprovalItem> UpdateApproval(Connection& c, const ApprovalItem& a, int64_t expected_version,
                                    const std::string& now) {
  GJ_FAIL_IF_ERROR(CheckReferences(c, a));
  auto r = c.Query(
      "UPDATE project_approvals SET stage = $3, position = $4, name = $5, department_org_id = $6, limit_days = $7,"
      " limit_kind = $8, status = $9, applied_on = $10, approved_on = $11, doc_number = $12, attachment_id = $13,"
      " note = $14, version = version + 1, updated_at = $15 WHERE id = $1 AND version = $2 RETURNING version",
      {a.id, expected_version, std::string(domain::ApprovalStageName(a.stage)), static_cast<int64_t>(a.position),
       a.name, Opt(a.department_org_id), a.limit_days ? Value(static_cast<int64_t>(*a.limit_days)) : Null(),
       std::string(domain::LimitKindName(a.limit_kind)), std::string(domain::ApprovalStatusName(a.status)),
       DateValue(a.applied_on), DateValue(a.approved_on), a.doc_number, Opt(a.attachment_id), a.note, now});
  if (!r) return core::Fail(std::move(r.error()));
  if (r->empty()) return core::Fail(StaleVersion(c, a.id));
  return GetApproval(c, a.id);
}

Status DeleteApproval(Connection& c, int64_t id, int64_t expected_version) {
  auto r = c.Query("DELETE FROM project_approvals WHERE id = $1 AND version = $2 RETURNING id", {id, expected_version});
  if (!r) return r.error();
  if (r->empty()) return StaleVersion(c, id);
  return Status::Ok();
}

Result<std::vector<ApprovalRow>> ApprovalsForYear(Connection& c, const Viewer& viewer, int year, domain::Date as_of) {
  // Two index walks: the items approved since 1 January (approved_on), and the items still in
  // progress (a partial index); both applied by as_of. Only the columns the statistics need, and
  // the departments' names from a second small query, so that a province's year stays cheap.
  const std::string visible = Visible(viewer, 1);
  const std::string columns =
      "SELECT a.id, a.project_id, a.stage, a.position, a.name, a.department_org_id, a.limit_days, a.limit_kind,"
      " a.status, a.applied_on, a.approved_on FROM project_approvals a JOIN projects p ON p.id = a.project_id WHERE ";
  auto r = c.Query(columns + "a.approved_on >= $3 AND a.applied_on <= $2 AND a.status = 'obtained' AND " + visible +
                       " UNION ALL " + columns +
                       "a.status = 'in_progress' AND a.applied_on <= $2 AND a.approved_on IS NULL AND " + visible,
                   {viewer.user_id, as_of.ToString(), domain::Date{year, 1, 1}.ToString()});
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<ApprovalRow> out;
  out.reserve(r->size());
  std::map<int64_t, std::string> names;
  for (size_t i = 0; i < r->size(); ++i) {
    auto row = r->Row(i);
    ApprovalItem a;
    a.id = row.Int("id");
    a.project_id = row.Int("project_id");
    a.stage = domain::ParseApprovalStage(row.Text("stage")).value_or(domain::ApprovalStage::kProjectLand);
    a.position = static_cast<int>(row.Int("position"));
    a.name = row.Text("name");
    a.department_org_id = row.OptInt("department_org_id");
    if (auto l = row.OptInt("limit_days")) a.limit_days = static_cast<int>(*l);
    a.limit_kind = domain::ParseLimitKind(row.Text("limit_kind")).value_or(domain::LimitKind::kWorking);
    a.status = domain::ParseApprovalStatus(row.Text("status")).value_or(domain::ApprovalStatus::kNotStarted);
    a.applied_on = OptDate(row, "applied_on");
    a.approved_on = OptDate(row, "approved_on");
    if (a.department_org_id) names.emplace(*a.department_org_id, std::string());
    out.push_back({std::move(a), {}, {}});
  }
  if (!names.empty()) {
    std::string ids;
    for (const auto& [id, name] : names) ids += (ids.empty() ? "" : ",") + std::to_string(id);
    auto o = c.Query("SELECT id, name FROM orgs WHERE id IN (" + ids + ")");
    if (!o) return core::Fail(std::move(o.error()));
    for (size_t i = 0; i < o->size(); ++i) names[o->Row(i).Int("id")] = o->Row(i).Text("name");
    for (auto& row : out) {
      if (row.item.department_org_id) row.department_name = names[*row.item.department_org_id];
    }
  }
  return out;
}

Result<std::vector<ApprovalRow>> OpenApprovals(Connection& c, const Viewer& viewer,
                                               std::optional<int64_t> department_org_id) {
  std::string where = Visible(viewer, 1) +
                      " AND a.status = 'in_progress' AND a.limit_days IS NOT NULL AND a.applied_on IS NOT NULL";
  Params params = {viewer.user_id};
  if (department_org_id) {
    where += " AND a.department_org_id = $2";
    params.push_back(*department_org_id);
  }
  return Rows(c, viewer, where, params, "a.department_org_id, a.applied_on, a.id");
}

Result<ApprovalRow> GetApprovalRow(Connection& c, const Viewer& viewer, int64_t id) {
  auto rows = Rows(c, viewer, "a.id = $2", {viewer.user_id, id}, "a.id");
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return core::Fail(Status::NotFound("approval_not_found"));
  return std::move(rows->front());
}

Result<Page<ApprovalRow>> DepartmentApprovals(Connection& c, const Viewer& viewer, const DeskFilter& filter,
                                              const PageRequest& page) {
  Where w({viewer.user_id});
  w.Add("a.department_org_id IS NOT NULL AND " + ScopeCondition("a.department_org_id", 1, viewer.scope));
  if (filter.status) w.Add("a.status = " + w.Param(std::string(domain::ApprovalStatusName(*filter.status))));
  if (filter.department_org_id) w.Add("a.department_org_id = " + w.Param(*filter.department_org_id));
  const std::string q = domain::TrimSpaces(filter.q);
  if (!q.empty()) {
    const std::string like = w.Param(LikeContains(q));
    w.Add("(p.name LIKE " + like + " ESCAPE '\\' OR a.name LIKE " + like + " ESCAPE '\\')");
  }
  const std::string where = w.Sql();
  auto count = c.Query("SELECT COUNT(*) AS n FROM project_approvals a JOIN projects p ON p.id = a.project_id" + where,
                       w.params());
  if (!count) return core::Fail(std::move(count.error()));
  Page<ApprovalRow> out;
  out.total = count->Row(0).Int("n");
  const std::string limit = w.Param(page.page_size);
  const std::string offset = w.Param(page.Offset());
  auto rows = Rows(c, viewer, where.substr(std::string(" WHERE ").size()), w.params(),
                   "CASE WHEN a.status = 'in_progress' THEN 0 ELSE 1 END,"
                   " CASE WHEN a.status = 'in_progress' THEN a.applied_on END, a.id DESC LIMIT " + limit +
                       " OFFSET " + offset);
  if (!rows) return core::Fail(rows.error());
  out.items = std::move(*rows);
  return out;
}

Result<int64_t> ForEachApproval(Connection& c, const Viewer& viewer, const DeskFilter& filter, bool department_only,
                                const std::function<Status(const ApprovalRow&)>& each) {
  Where w({viewer.user_id});
  w.Add(department_only ? "a.department_org_id IS NOT NULL AND " + ScopeCondition("a.department_org_id", 1, viewer.scope)
                        : Visible(viewer, 1));
  if (filter.status) w.Add("a.status = " + w.Param(std::string(domain::ApprovalStatusName(*filter.status))));
  if (filter.department_org_id) w.Add("a.department_org_id = " + w.Param(*filter.department_org_id));
  const std::string q = domain::TrimSpaces(filter.q);
  if (!q.empty()) {
    const std::string like = w.Param(LikeContains(q));
    w.Add("(p.name LIKE " + like + " ESCAPE '\\' OR a.name LIKE " + like + " ESCAPE '\\')");
  }
  const std::string order = department_only ? "CASE WHEN a.status = 'in_progress' THEN 0 ELSE 1 END,"
                                              " CASE WHEN a.status = 'in_progress' THEN a.applied_on END, a.id DESC"
                                            : "p.id, a.position, a.id";
  // Read by position: the item's columns (kColumns, as FromRow names them), then the names.
  static const std::vector<std::string> kNames = {
      "id",          "project_id", "stage",     "position",   "name",          "department_org_id", "limit_days",
      "limit_kind",  "status",     "applied_on", "approved_on", "doc_number",   "attachment_id",     "note",
      "version",     "project_name", "department_name", "project_visible"};
  Status failed;
  int64_t n = 0;
  ApprovalRow row;
  auto rows = c.QueryEach(
      "SELECT " + std::string(kColumns) + ", p.name AS project_name, o.name AS department_name," +
          " CASE WHEN " + ProjectScopeSql(viewer, 1) + " THEN 1 ELSE 0 END AS project_visible" +
          " FROM project_approvals a JOIN projects p ON p.id = a.project_id"
          " LEFT JOIN orgs o ON o.id = a.department_org_id" + w.Sql() + " ORDER BY " + order,
      w.params(), [&](const std::vector<Value>& values) {
        if (!failed.ok()) return;  // the rest are read and dropped
        RowRef r(kNames, values);
        row.item = FromRow(r);
        row.project_name = r.Text("project_name");
        row.department_name = r.OptText("department_name").value_or("");
        row.project_visible = r.Int("project_visible") != 0;
        failed = each(row);
        ++n;
      });
  if (!rows) return core::Fail(std::move(rows.error()));
  if (!failed.ok()) return core::Fail(std::move(failed));
  return n;
}

Result<bool> DepartmentInScope(Connection& c, const Viewer& viewer, int64_t department_org_id) {
  auto r = c.Query("SELECT o.id FROM orgs o WHERE o.id = $2 AND " + ScopeCondition("o.id", 1, viewer.scope),
                   {viewer.user_id, department_org_id});
  if (!r) return core::Fail(std::move(r.error()));
  return !r->empty();
}

}  // namespace gongjian::store

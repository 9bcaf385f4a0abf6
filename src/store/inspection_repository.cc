#include "store/inspection_repository.h"

#include <map>

#include "domain/text.h"
#include "store/like.h"
#include "store/scope.h"
#include "store/where.h"

namespace gongjian::store {
namespace {

using domain::Date;

constexpr std::string_view kSelect =
    "SELECT i.id, i.kind, i.held_on, i.title, i.people, i.leader_user_id, lu.display_name AS leader_name,"
    " i.findings, i.created_by, cu.display_name AS created_by_name, i.version, i.created_at, i.updated_at"
    " FROM inspections i LEFT JOIN users lu ON lu.id = i.leader_user_id LEFT JOIN users cu ON cu.id = i.created_by";

Inspection FromRow(const RowRef& r) {
  Inspection i;
  i.id = r.Int("id");
  i.kind = domain::ParseInspectionKind(r.Text("kind")).value_or(domain::InspectionKind::kSupervision);
  i.held_on = domain::ParseDate(r.Text("held_on")).value_or(Date{});
  i.title = r.Text("title");
  i.people = r.Text("people");
  i.leader_user_id = r.OptInt("leader_user_id");
  i.leader_name = r.OptText("leader_name").value_or("");
  i.findings = r.Text("findings");
  i.created_by = r.Int("created_by");
  i.created_by_name = r.OptText("created_by_name").value_or("");
  i.version = r.Int("version");
  i.created_at = r.Text("created_at");
  i.updated_at = r.Text("updated_at");
  return i;
}

std::string IdList(const std::vector<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) out += (out.empty() ? "" : ", ") + std::to_string(id);
  return out;
}

// Fills every inspection's project ids, and the names of those in the viewer's scope, in two queries.
Status LoadProjects(Connection& c, const Viewer& viewer, std::vector<Inspection>& list) {
  if (list.empty()) return Status::Ok();
  std::vector<int64_t> ids;
  std::map<int64_t, size_t> at;
  for (size_t k = 0; k < list.size(); ++k) {
    ids.push_back(list[k].id);
    at[list[k].id] = k;
  }
  const std::string in = IdList(ids);
  auto all = c.Query("SELECT inspection_id, project_id FROM inspection_projects WHERE inspection_id IN (" + in +
                     ") ORDER BY inspection_id, project_id");
  if (!all) return all.error();
  for (size_t k = 0; k < all->size(); ++k) {
    auto row = all->Row(k);
    list[at[row.Int("inspection_id")]].project_ids.push_back(row.Int("project_id"));
  }
  auto seen = c.Query("SELECT ip.inspection_id, p.id, p.name FROM inspection_projects ip JOIN projects p ON p.id = ip.project_id"
                      " WHERE ip.inspection_id IN (" + in + ") AND " + ProjectScopeSql(viewer, 1) +
                      " ORDER BY ip.inspection_id, p.id",
                      {viewer.user_id});
  if (!seen) return seen.error();
  for (size_t k = 0; k < seen->size(); ++k) {
    auto row = seen->Row(k);
    list[at[row.Int("inspection_id")]].projects.emplace_back(row.Int("id"), row.Text("name"));
  }
  return Status::Ok();
}

Status WriteProjects(Connection& c, int64_t id, const std::vector<int64_t>& project_ids) {
  for (int64_t p : project_ids) {
    auto r = c.Exec("INSERT INTO inspection_projects (inspection_id, project_id) VALUES ($1, $2)", {id, p});
    if (!r) return r.error();
  }
  return Status::Ok();
}

}  // namespace

std::string InspectionScopeSql(const Viewer& viewer, int param) {
  if (viewer.scope == domain::ScopeKind::kAll) return ScopeCondition("i.id", param, viewer.scope);
  return "i.id IN (SELECT ip.inspection_id FROM inspection_projects ip JOIN projects p ON p.id = ip.project_id WHERE " +
         ProjectScopeSql(viewer, param) + ")";
}

Result<Page<Inspection>> ListInspections(Connection& c, const Viewer& viewer, const InspectionFilter& f,
                                         const PageRequest& page) {
  Where w;
  const std::string u = w.Param(viewer.user_id);
  w.Add(InspectionScopeSql(viewer, std::stoi(u.substr(1))));
  if (f.kind) w.Add("i.kind = " + w.Param(std::string(domain::InspectionKindName(*f.kind))));
  if (f.project_id) {
    w.Add("i.id IN (SELECT fp.inspection_id FROM inspection_projects fp WHERE fp.project_id = " + w.Param(*f.project_id) + ")");
  }
  if (f.from) w.Add("i.held_on >= " + w.Param(f.from->ToString()));
  if (f.to) w.Add("i.held_on <= " + w.Param(f.to->ToString()));
  const std::string q = domain::TrimSpaces(f.q);
  if (!q.empty()) {
    const std::string like = w.Param(LikeContains(q));
    w.Add("(i.title LIKE " + like + " ESCAPE '\\' OR i.people LIKE " + like + " ESCAPE '\\' OR i.findings LIKE " +
          like + " ESCAPE '\\')");
  }
  auto count = c.Query("SELECT COUNT(*) AS n FROM inspections i" + w.Sql(), w.params());
  if (!count) return core::Fail(std::move(count.error()));
  const std::string limit = w.Param(page.page_size);
  const std::string offset = w.Param(page.Offset());
  auto rows = c.Query(std::string(kSelect) + w.Sql() + " ORDER BY i.held_on DESC, i.id DESC LIMIT " + limit +
                          " OFFSET " + offset,
                      w.params());
  if (!rows) return core::Fail(std::move(rows.error()));
  Page<Inspection> out;
  out.total = count->First().Int("n");
  for (size_t k = 0; k < rows->size(); ++k) out.items.push_back(FromRow(rows->Row(k)));
  GJ_FAIL_IF_ERROR(LoadProjects(c, viewer, out.items));
  return out;
}

Result<Inspection> GetInspection(Connection& c, const Viewer& viewer, int64_t id) {
  auto rows = c.Query(std::string(kSelect) + " WHERE i.id = $2 AND " + InspectionScopeSql(viewer, 1),
                      {viewer.user_id, id});
  if (!rows) return core::Fail(std::move(rows.error()));
  if (rows->empty()) return core::Fail(Status::NotFound("inspection_not_found"));
  std::vector<Inspection> one{FromRow(rows->First())};
  GJ_FAIL_IF_ERROR(LoadProjects(c, viewer, one));
  return std::move(one.front());
}

Result<int64_t> CreateInspection(Connection& c, const Inspection& i, const std::string& now) {
  auto r = c.Query(
      "INSERT INTO inspections (kind, held_on, title, people, leader_user_id, findings, created_by, version,"
      " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8) RETURNING id",
      {std::string(domain::InspectionKindName(i.kind)), i.held_on.ToString(), i.title, i.people,
       i.leader_user_id ? Value(*i.leader_user_id) : Null(), i.findings, i.created_by, now});
  if (!r) return core::Fail(std::move(r.error()));
  const int64_t id = r->First().Int("id");
  GJ_FAIL_IF_ERROR(WriteProjects(c, id, i.project_ids));
  return id;
}

Result<int64_t> UpdateInspection(Connection& c, const Inspection& i, const std::string& now) {
  auto r = c.Query(
      "UPDATE inspections SET kind = $1, held_on = $2, title = $3, people = $4, leader_user_id = $5, findings = $6,"
      " version = version + 1, updated_at = $7 WHERE id = $8 AND version = $9 RETURNING version",
      {std::string(domain::InspectionKindName(i.kind)), i.held_on.ToString(), i.title, i.people,
       i.leader_user_id ? Value(*i.leader_user_id) : Null(), i.findings, now, i.id, i.version});
  if (!r) return core::Fail(std::move(r.error()));
  if (r->empty()) {
    auto v = c.Query("SELECT version FROM inspections WHERE id = $1", {i.id});
    if (!v) return core::Fail(std::move(v.error()));
    if (v->empty()) return core::Fail(Status::NotFound("inspection_not_found"));
    return core::Fail(Status(core::Code::kFailedPrecondition, "stale_version", "", {std::to_string(v->First().Int("version"))}));
  }
  auto cleared = c.Exec("DELETE FROM inspection_projects WHERE inspection_id = $1", {i.id});
  if (!cleared) return core::Fail(std::move(cleared.error()));
  GJ_FAIL_IF_ERROR(WriteProjects(c, i.id, i.project_ids));
  return r->First().Int("version");
}

Status AddInspectionPhoto(Connection& c, int64_t inspection_id, int64_t attachment_id) {
  auto r = c.Exec("INSERT INTO inspection_photos (inspection_id, attachment_id) VALUES ($1, $2)",
                  {inspection_id, attachment_id});
  return r ? Status::Ok() : r.error();
}

Result<std::vector<int64_t>> InspectionPhotoIds(Connection& c, int64_t inspection_id) {
  auto r = c.Query("SELECT attachment_id FROM inspection_photos WHERE inspection_id = $1 ORDER BY attachment_id",
                   {inspection_id});
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<int64_t> out;
  for (size_t k = 0; k < r->size(); ++k) out.push_back(r->Row(k).Int("attachment_id"));
  return out;
}

}  // namespace gongjian::store

#include "store/milestone_repository.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "store/like.h"

namespace gongjian::store {
namespace {

using domain::Milestone;
using domain::MilestoneTemplate;

constexpr std::string_view kColumns =
    "id, project_id, position, name, planned, actual, responsible_org_id, responsible_person, note, version";

std::string IdList(const std::vector<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) {
    if (!out.empty()) out += ',';
    out += std::to_string(id);
  }
  return out.empty() ? "NULL" : out;
}

Milestone FromRow(const RowRef& r) {
  Milestone m;
  m.id = r.Int("id");
  m.project_id = r.Int("project_id");
  m.position = static_cast<int>(r.Int("position"));
  m.name = r.Text("name");
  m.planned = domain::ParseDate(r.Text("planned")).value_or(domain::Date{});
  if (auto a = r.OptText("actual")) m.actual = domain::ParseDate(*a);
  m.responsible_org_id = r.OptInt("responsible_org_id");
  m.responsible_person = r.Text("responsible_person");
  m.note = r.Text("note");
  m.version = r.Int("version");
  return m;
}

// Loads the rows of `where` (a condition on milestones) with their dependencies.
Result<std::vector<Milestone>> Load(Connection& c, const std::string& where, const Params& params) {
  auto rows = c.Query("SELECT " + std::string(kColumns) + " FROM milestones WHERE " + where +
                          " ORDER BY project_id, position, id",
                      params);
  if (!rows) return core::Fail(std::move(rows.error()));
  std::vector<Milestone> out;
  out.reserve(rows->size());
  for (size_t i = 0; i < rows->size(); ++i) out.push_back(FromRow(rows->Row(i)));
  if (out.empty()) return out;
  std::vector<int64_t> ids;
  ids.reserve(out.size());
  for (const auto& m : out) ids.push_back(m.id);
  std::map<int64_t, size_t> at;
  for (size_t i = 0; i < out.size(); ++i) at[out[i].id] = i;
  auto deps = c.Query("SELECT successor_id, predecessor_id, lag_days FROM milestone_deps WHERE successor_id IN (" +
                      IdList(ids) + ") ORDER BY successor_id, predecessor_id");
  if (!deps) return core::Fail(std::move(deps.error()));
  for (size_t i = 0; i < deps->size(); ++i) {
    auto r = deps->Row(i);
    auto it = at.find(r.Int("successor_id"));
    if (it == at.end()) continue;
    out[it->second].deps.push_back({r.Int("predecessor_id"), static_cast<int>(r.Int("lag_days"))});
  }
  return out;
}

Status CheckReferences(Connection& c, const Milestone& m) {
  if (m.responsible_org_id) {
    auto org = c.Query("SELECT id FROM orgs WHERE id = $1", {*m.responsible_org_id});
    if (!org) return org.error();
    if (org->empty()) return Status::Invalid("responsible_org_id", "org_not_found");
  }
  for (size_t i = 0; i < m.deps.size(); ++i) {
    auto p = c.Query("SELECT id FROM milestones WHERE id = $1", {m.deps[i].predecessor_id});
    if (!p) return p.error();
    if (p->empty()) return Status::Invalid("deps[" + std::to_string(i) + "].predecessor_id", "milestone_not_found");
  }
  return Status::Ok();
}

Status WriteDeps(Connection& c, const Milestone& m) {
  auto cleared = c.Exec("DELETE FROM milestone_deps WHERE successor_id = $1", {m.id});
  if (!cleared) return cleared.error();
  for (const auto& d : m.deps) {
    auto r = c.Exec("INSERT INTO milestone_deps (successor_id, predecessor_id, lag_days) VALUES ($1, $2, $3)",
                    {m.id, d.predecessor_id, static_cast<int64_t>(d.lag_days)});
    if (!r) return r.error();
  }
  return Status::Ok();
}

Status WriteTemplateNodes(Connection& c, const MilestoneTemplate& t) {
  auto cleared = c.Exec("DELETE FROM milestone_template_nodes WHERE template_id = $1", {t.id});
  if (!cleared) return cleared.error();
  for (size_t i = 0; i < t.nodes.size(); ++i) {
    const auto& n = t.nodes[i];
    auto r = c.Exec(
        "INSERT INTO milestone_template_nodes (template_id, position, name, anchor, offset_days)"
        " VALUES ($1, $2, $3, $4, $5)",
        {t.id, static_cast<int64_t>(i), n.name, std::string(domain::MilestoneAnchorName(n.anchor)),
         static_cast<int64_t>(n.offset_days)});
    if (!r) return r.error();
  }
  return Status::Ok();
}

Status StaleVersion(Connection& c, std::string_view table, int64_t id, const char* missing) {
  auto r = c.Query("SELECT version FROM " + std::string(table) + " WHERE id = $1", {id});
  if (!r) return r.error();
  if (r->empty()) return Status::NotFound(missing);
  return Status(core::Code::kFailedPrecondition, "stale_version", "", {std::to_string(r->First().Int("version"))});
}

}  // namespace

Result<std::vector<Milestone>> ListMilestones(Connection& c, int64_t project_id) {
  return Load(c, "project_id = $1", {project_id});
}

Result<std::vector<Milestone>> MilestonesOfProjects(Connection& c, const std::vector<int64_t>& project_ids) {
  if (project_ids.empty()) return std::vector<Milestone>{};
  return Load(c, "project_id IN (" + IdList(project_ids) + ")", {});
}

Result<std::vector<Milestone>> AllMilestones(Connection& c) {
  auto rows = c.Query("SELECT " + std::string(kColumns) + " FROM milestones ORDER BY project_id, position, id");
  if (!rows) return core::Fail(std::move(rows.error()));
  std::vector<Milestone> out;
  out.reserve(rows->size());
  std::map<int64_t, size_t> at;
  for (size_t i = 0; i < rows->size(); ++i) {
    out.push_back(FromRow(rows->Row(i)));
    at[out.back().id] = i;
  }
  auto deps = c.Query("SELECT successor_id, predecessor_id, lag_days FROM milestone_deps");
  if (!deps) return core::Fail(std::move(deps.error()));
  for (size_t i = 0; i < deps->size(); ++i) {
    auto r = deps->Row(i);
    auto it = at.find(r.Int("successor_id"));
    if (it != at.end()) out[it->second].deps.push_back({r.Int("predecessor_id"), static_cast<int>(r.Int("lag_days"))});
  }
  for (auto& m : out) std::sort(m.deps.begin(), m.deps.end(), [](const auto& a, const auto& b) {
    return a.predecessor_id < b.predecessor_id;
  });
  return out;
}

Result<int64_t> SaveForecasts(Connection& c, const std::vector<StoredSchedule>& schedules) {
  // Compare with what is stored first: most schedules do not move from one day to the next.
  std::unordered_map<int64_t, std::pair<std::string, bool>> stored;
  const std::string select = "SELECT id, forecast, critical FROM milestones WHERE forecast IS NOT NULL";
  Result<ResultSet> rows = ResultSet{};
  if (schedules.size() > 5000) {  // a full refresh: one scan
    rows = c.Query(select);
  } else if (!schedules.empty()) {
    std::vector<int64_t> ids;
    for (const auto& s : schedules) ids.push_back(s.id);
    rows = c.Query(select + " AND id IN (" + IdList(ids) + ")");
  }
  if (!rows) return core::Fail(std::move(rows.error()));
  for (size_t i = 0; i < rows->size(); ++i) {
    auto r = rows->Row(i);
    stored[r.Int("id")] = {r.Text("forecast"), r.Int("critical") != 0};
  }
  std::vector<std::pair<int64_t, std::pair<std::string, bool>>> changed;
  for (const auto& s : schedules) {
    std::pair<std::string, bool> now{s.forecast.ToString(), s.critical};
    auto it = stored.find(s.id);
    if (it == stored.end() || it->second != now) changed.emplace_back(s.id, std::move(now));
  }
  constexpr size_t kBatch = 200;
  for (size_t start = 0; start < changed.size(); start += kBatch) {
    const size_t end = std::min(changed.size(), start + kBatch);
    std::string forecasts;
    std::string critical;
    std::string ids;
    Params params;
    for (size_t i = start; i < end; ++i) {
      params.push_back(changed[i].first);
      const std::string id = "$" + std::to_string(params.size());
      params.push_back(changed[i].second.first);
      forecasts += " WHEN id = " + id + " THEN $" + std::to_string(params.size());
      params.push_back(int64_t{changed[i].second.second ? 1 : 0});
      critical += " WHEN id = " + id + " THEN CAST($" + std::to_string(params.size()) + " AS INTEGER)";
      ids += (ids.empty() ? "" : ", ") + id;
    }
    auto r = c.Exec("UPDATE milestones SET forecast = CASE" + forecasts + " END, critical = CASE" + critical +
                        " END WHERE id IN (" + ids + ")",
                    params);
    if (!r) return core::Fail(std::move(r.error()));
  }
  return static_cast<int64_t>(changed.size());
}

Result<std::vector<GanttNode>> GanttNodes(Connection& c, const std::vector<int64_t>& project_ids) {
  std::vector<GanttNode> out;
  if (project_ids.empty()) return out;
  auto rows = c.Query("SELECT id, project_id, name, planned, actual, forecast, critical FROM milestones"
                      " WHERE project_id IN (" + IdList(project_ids) + ") ORDER BY project_id, position, id");
  if (!rows) return core::Fail(std::move(rows.error()));
  out.reserve(rows->size());
  for (size_t i = 0; i < rows->size(); ++i) {
    auto r = rows->Row(i);
    GanttNode n;
    n.id = r.Int("id");
    n.project_id = r.Int("project_id");
    n.name = r.Text("name");
    n.planned = domain::ParseDate(r.Text("planned")).value_or(domain::Date{});
    if (auto a = r.OptText("actual")) n.actual = domain::ParseDate(*a);
    if (auto f = r.OptText("forecast")) n.forecast = domain::ParseDate(*f);
    n.critical = r.Int("critical") != 0;
    out.push_back(std::move(n));
  }
  return out;
}

Result<Milestone> GetMilestone(Connection& c, int64_t id) {
  auto r = Load(c, "id = $1", {id});
  if (!r) return core::Fail(std::move(r.error()));
  if (r->empty()) return core::Fail(Status::NotFound("milestone_not_found"));
  return std::move(r->front());
}

Result<std::vector<int64_t>> LinkedProjects(Connection& c, std::vector<int64_t> project_ids) {
  std::set<int64_t> all(project_ids.begin(), project_ids.end());
  std::vector<int64_t> frontier(all.begin(), all.end());
  while (!frontier.empty()) {
    const std::string in = IdList(frontier);
    // Two index walks (links out of the set, links into it): an OR over both sides would scan
    // every link.
    auto r = c.Query(
        "SELECT s.project_id AS a, p.project_id AS b FROM milestones s"
        " JOIN milestone_deps d ON d.successor_id = s.id JOIN milestones p ON p.id = d.predecessor_id"
        " WHERE s.project_id IN (" + in + ") AND p.project_id <> s.project_id"
        " UNION SELECT s.project_id AS a, p.project_id AS b FROM milestones p"
        " JOIN milestone_deps d ON d.predecessor_id = p.id JOIN milestones s ON s.id = d.successor_id"
        " WHERE p.project_id IN (" + in + ") AND p.project_id <> s.project_id");
    if (!r) return core::Fail(std::move(r.error()));
    frontier.clear();
    for (size_t i = 0; i < r->size(); ++i) {
      for (const char* col : {"a", "b"}) {
        const int64_t id = r->Row(i).Int(col);
        if (all.insert(id).second) frontier.push_back(id);
      }
    }
  }
  return std::vector<int64_t>(all.begin(), all.end());
}

Result<std::map<int64_t, MilestoneLabel>> MilestoneLabels(Connection& c, const std::vector<int64_t>& ids) {
  std::map<int64_t, MilestoneLabel> out;
  if (ids.empty()) return out;
  auto r = c.Query("SELECT m.id, m.project_id, m.name, m.planned, p.name AS project_name FROM milestones m"
                   " JOIN projects p ON p.id = m.project_id WHERE m.id IN (" + IdList(ids) + ")");
  if (!r) return core::Fail(std::move(r.error()));
  for (size_t i = 0; i < r->size(); ++i) {
    auto row = r->Row(i);
    out[row.Int("id")] = {row.Int("id"), row.Int("project_id"), row.Text("name"), row.Text("project_name"),
                          domain::ParseDate(row.Text("planned")).value_or(domain::Date{})};
  }
  return out;
}

Result<std::vector<MilestoneLabel>> SearchMilestones(Connection& c, const Viewer& viewer, const std::string& q,
                                                     int limit) {
  const std::string pattern = LikeContains(q);
  auto r = c.Query("SELECT m.id, m.project_id, m.name, m.planned, p.name AS project_name FROM milestones m"
                   " JOIN projects p ON p.id = m.project_id WHERE " + ProjectScopeSql(viewer, 1) +
                       " AND (m.name LIKE $2 ESCAPE '\\' OR p.name LIKE $2 ESCAPE '\\')"
                       " ORDER BY m.project_id DESC, m.position LIMIT $3",
                   {viewer.user_id, pattern, static_cast<int64_t>(limit)});
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<MilestoneLabel> out;
  for (size_t i = 0; i < r->size(); ++i) {
    auto row = r->Row(i);
    out.push_back({row.Int("id"), row.Int("project_id"), row.Text("name"), row.Text("project_name"),
                   domain::ParseDate(row.Text("planned")).value_or(domain::Date{})});
  }
  return out;
}

Result<Milestone> CreateMilestone(Connection& c, Milestone m, const std::string& now) {
  GJ_FAIL_IF_ERROR(CheckReferences(c, m));
  auto count = c.Query("SELECT COUNT(*) AS n, COALESCE(MAX(position), -1) AS last FROM milestones WHERE project_id = $1",
                       {m.project_id});
  if (!count) return core::Fail(std::move(count.error()));
  if (count->First().Int("n") >= domain::kMaxMilestonesPerProject) {
    return core::Fail(Status::Invalid("name", "too_many", {std::to_string(domain::kMaxMilestonesPerProject)}));
  }
  if (m.position < 0) m.position = static_cast<int>(count->First().Int("last") + 1);
  auto r = c.Query(
      "INSERT INTO milestones (project_id, position, name, planned, actual, responsible_org_id, responsible_person,"
      " note, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9) RETURNING id",
      {m.project_id, static_cast<int64_t>(m.position), m.name, m.planned.ToString(),
       m.actual ? Value(m.actual->ToString()) : Null(), Opt(m.responsible_org_id), m.responsible_person, m.note, now});
  if (!r) return core::Fail(std::move(r.error()));
  m.id = r->First().Int("id");
  m.version = 1;
  GJ_FAIL_IF_ERROR(WriteDeps(c, m));
  return m;
}

Result<Milestone> UpdateMilestone(Connection& c, const Milestone& m, int64_t expected_version, const std::string& now) {
  GJ_FAIL_IF_ERROR(CheckReferences(c, m));
  auto r = c.Query(
      "UPDATE milestones SET position = $3, name = $4, planned = $5, actual = $6, responsible_org_id = $7,"
      " responsible_person = $8, note = $9, version = version + 1, updated_at = $10"
      " WHERE id = $1 AND version = $2 RETURNING version",
      {m.id, expected_version, static_cast<int64_t>(m.position), m.name, m.planned.ToString(),
       m.actual ? Value(m.actual->ToString()) : Null(), Opt(m.responsible_org_id), m.responsible_person, m.note, now});
  if (!r) return core::Fail(std::move(r.error()));
  if (r->empty()) return core::Fail(StaleVersion(c, "milestones", m.id, "milestone_not_found"));
  GJ_FAIL_IF_ERROR(WriteDeps(c, m));
  return GetMilestone(c, m.id);
}

Status DeleteMilestone(Connection& c, int64_t id, int64_t expected_version) {
  auto succ = c.Query("SELECT successor_id FROM milestone_deps WHERE predecessor_id = $1", {id});
  if (!succ) return succ.error();
  if (!succ->empty()) return Status::Conflict("milestone_has_successors");
  auto deps = c.Exec("DELETE FROM milestone_deps WHERE successor_id = $1", {id});
  if (!deps) return deps.error();
  auto r = c.Query("DELETE FROM milestones WHERE id = $1 AND version = $2 RETURNING id", {id, expected_version});
  if (!r) return r.error();
  if (r->empty()) return StaleVersion(c, "milestones", id, "milestone_not_found");
  return Status::Ok();
}

Result<std::vector<MilestoneTemplate>> ListMilestoneTemplates(Connection& c) {
  auto t = c.Query("SELECT id, name, version FROM milestone_templates ORDER BY id");
  if (!t) return core::Fail(std::move(t.error()));
  auto n = c.Query("SELECT template_id, name, anchor, offset_days FROM milestone_template_nodes"
                   " ORDER BY template_id, position");
  if (!n) return core::Fail(std::move(n.error()));
  std::vector<MilestoneTemplate> out;
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
    out[it->second].nodes.push_back({row.Text("name"),
                                     domain::ParseMilestoneAnchor(row.Text("anchor")).value_or(domain::MilestoneAnchor::kStart),
                                     static_cast<int>(row.Int("offset_days"))});
  }
  return out;
}

Result<MilestoneTemplate> GetMilestoneTemplate(Connection& c, int64_t id) {
  auto all = ListMilestoneTemplates(c);
  if (!all) return core::Fail(std::move(all.error()));
  for (auto& t : *all) {
    if (t.id == id) return std::move(t);
  }
  return core::Fail(Status::NotFound("template_not_found"));
}

Result<MilestoneTemplate> CreateMilestoneTemplate(Connection& c, MilestoneTemplate t, const std::string& now) {
  auto r = c.Query("INSERT INTO milestone_templates (name, version, updated_at) VALUES ($1, 1, $2) RETURNING id",
                   {t.name, now});
  if (!r) {
    if (r.error().key() == "duplicate") return core::Fail(Status::Conflict("template_name_taken", "name"));
    return core::Fail(std::move(r.error()));
  }
  t.id = r->First().Int("id");
  t.version = 1;
  GJ_FAIL_IF_ERROR(WriteTemplateNodes(c, t));
  return t;
}

Result<MilestoneTemplate> UpdateMilestoneTemplate(Connection& c, const MilestoneTemplate& t, int64_t expected_version,
                                                  const std::string& now) {
  auto r = c.Query("UPDATE milestone_templates SET name = $3, version = version + 1, updated_at = $4"
                   " WHERE id = $1 AND version = $2 RETURNING version",
                   {t.id, expected_version, t.name, now});
  if (!r) {
    if (r.error().key() == "duplicate") return core::Fail(Status::Conflict("template_name_taken", "name"));
    return core::Fail(std::move(r.error()));
  }
  if (r->empty()) return core::Fail(StaleVersion(c, "milestone_templates", t.id, "template_not_found"));
  GJ_FAIL_IF_ERROR(WriteTemplateNodes(c, t));
  MilestoneTemplate out = t;
  out.version = r->First().Int("version");
  return out;
}

Result<std::vector<domain::CalendarDay>> ListCalendarAdditions(Connection& c) {
  auto r = c.Query("SELECT day, kind, name FROM calendar_days ORDER BY day");
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<domain::CalendarDay> out;
  for (size_t i = 0; i < r->size(); ++i) {
    auto row = r->Row(i);
    auto d = domain::ParseDate(row.Text("day"));
    if (!d) continue;
    out.push_back({*d,
                   row.Text("kind") == "workday" ? domain::CalendarDay::Kind::kWorkday
                                                 : domain::CalendarDay::Kind::kHoliday,
                   row.Text("name")});
  }
  return out;
}

Status ReplaceCalendarAdditions(Connection& c, const std::vector<domain::CalendarDay>& days, const std::string& now) {
  auto cleared = c.Exec("DELETE FROM calendar_days");
  if (!cleared) return cleared.error();
  for (const auto& d : days) {
    auto r = c.Exec("INSERT INTO calendar_days (day, kind, name, updated_at) VALUES ($1, $2, $3, $4)",
                    {d.date.ToString(), d.kind == domain::CalendarDay::Kind::kWorkday ? "workday" : "holiday", d.name,
                     now});
    if (!r) {
      if (r.error().key() == "duplicate") return Status::Invalid("days", "repeated_value", {d.date.ToString()});
      return r.error();
    }
  }
  return Status::Ok();
}

Result<domain::WorkCalendar> LoadWorkCalendar(Connection& c) {
  auto additions = ListCalendarAdditions(c);
  if (!additions) return core::Fail(std::move(additions.error()));
  if (additions->empty()) return domain::WorkCalendar::China();
  std::vector<domain::CalendarDay> days = domain::ChinaHolidays();
  days.insert(days.end(), additions->begin(), additions->end());
  return domain::WorkCalendar(std::move(days));
}

}  // namespace gongjian::store

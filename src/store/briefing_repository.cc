#include "store/briefing_repository.h"

#include <map>

#include "store/warning_repository.h"
#include "store/where.h"

namespace gongjian::store {
namespace {

constexpr std::string_view kSelect =
    "SELECT b.id, b.year, b.month, b.issue_number, b.title, b.summary, b.pdf_key, b.pdf_sm3, b.pdf_size, b.xlsx_key,"
    " b.xlsx_sm3, b.xlsx_size, b.created_by, u.display_name AS created_by_name, b.created_at"
    " FROM briefings b JOIN users u ON u.id = b.created_by";

Briefing FromRow(const RowRef& r) {
  Briefing b;
  b.id = r.Int("id");
  b.year = static_cast<int>(r.Int("year"));
  b.month = static_cast<int>(r.Int("month"));
  b.issue_number = static_cast<int>(r.Int("issue_number"));
  b.title = r.Text("title");
  b.summary = r.Text("summary");
  b.pdf_key = r.Text("pdf_key");
  b.pdf_sm3 = r.Text("pdf_sm3");
  b.pdf_size = r.Int("pdf_size");
  b.xlsx_key = r.Text("xlsx_key");
  b.xlsx_sm3 = r.Text("xlsx_sm3");
  b.xlsx_size = r.Int("xlsx_size");
  b.created_by = r.Int("created_by");
  b.created_by_name = r.Text("created_by_name");
  b.created_at = r.Text("created_at");
  return b;
}

}  // namespace

Result<int> NextBriefingNumber(Connection& c, int year) {
  auto r = c.Query("SELECT COALESCE(MAX(issue_number), 0) + 1 AS n FROM briefings WHERE year = $1",
                   {static_cast<int64_t>(year)});
  if (!r) return core::Fail(std::move(r.error()));
  return static_cast<int>(r->First().Int("n"));
}

Result<Briefing> CreateBriefing(Connection& c, const Briefing& b) {
  auto r = c.Query(
      "INSERT INTO briefings (year, month, issue_number, title, summary, pdf_key, pdf_sm3, pdf_size, xlsx_key, xlsx_sm3,"
      " xlsx_size, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
      {static_cast<int64_t>(b.year), static_cast<int64_t>(b.month), static_cast<int64_t>(b.issue_number), b.title,
       b.summary, b.pdf_key, b.pdf_sm3, b.pdf_size, b.xlsx_key, b.xlsx_sm3, b.xlsx_size, b.created_by, b.created_at});
  if (!r) {
    if (r.error().code() == core::Code::kConflict && r.error().key() == "duplicate") {
      return core::Fail(Status::Conflict("briefing_exists", "month"));
    }
    return core::Fail(std::move(r.error()));
  }
  return GetBriefing(c, r->First().Int("id"));
}

Result<std::vector<Briefing>> ListBriefings(Connection& c, int year) {
  auto r = year ? c.Query(std::string(kSelect) + " WHERE b.year = $1 ORDER BY b.month DESC", {static_cast<int64_t>(year)})
                : c.Query(std::string(kSelect) + " ORDER BY b.year DESC, b.month DESC");
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<Briefing> out;
  out.reserve(r->size());
  for (size_t i = 0; i < r->size(); ++i) out.push_back(FromRow(r->Row(i)));
  return out;
}

Result<Briefing> GetBriefing(Connection& c, int64_t id) {
  auto r = c.Query(std::string(kSelect) + " WHERE b.id = $1", {id});
  if (!r) return core::Fail(std::move(r.error()));
  if (r->empty()) return core::Fail(Status::NotFound("briefing_not_found"));
  return FromRow(r->First());
}

namespace {

// "p.stage IN ($1, ...)" over `stages` (never true when there are none).
void AddStages(Where& w, const std::vector<std::string>& stages) {
  std::string in;
  for (const auto& stage : stages) in += (in.empty() ? "" : ", ") + w.Param(stage);
  w.Add(in.empty() ? std::string("1 = 0") : "p.stage IN (" + in + ")");
}

}  // namespace

Result<std::vector<BriefingLightProject>> BriefingLightProjects(Connection& c, const std::vector<std::string>& stages,
                                                                std::string_view colour) {
  Where w;
  w.Add("p.colour = " + w.Param(std::string(colour)));
  AddStages(w, stages);
  auto r = c.Query(
      "SELECT p.id, p.name, u.name AS unit_name FROM cockpit_projects p LEFT JOIN orgs u ON u.id = p.unit_org_id" +
          w.Sql() + " ORDER BY CASE WHEN p.unit_org_id IS NULL THEN 1 ELSE 0 END, p.unit_org_id, p.id",
      w.params());
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<BriefingLightProject> out;
  out.reserve(r->size());
  std::map<int64_t, size_t> at;
  for (size_t i = 0; i < r->size(); ++i) {
    auto row = r->Row(i);
    at[row.Int("id")] = out.size();
    out.push_back({row.Int("id"), row.Text("name"), row.OptText("unit_name").value_or(""), ""});
  }
  if (out.empty()) return out;
  // The worst finding of each.
  Where f;
  f.Add("w.project_id = p.id");
  f.Add("p.colour = " + f.Param(std::string(colour)));
  AddStages(f, stages);
  auto reasons = WorstReasons(c, " CROSS JOIN cockpit_projects p" + f.Sql(), f.params());
  if (!reasons) return core::Fail(std::move(reasons.error()));
  for (auto& [id, reason] : *reasons) {
    if (auto it = at.find(id); it != at.end()) out[it->second].reason = std::move(reason);
  }
  return out;
}

Result<std::vector<BriefingOverdue>> BriefingOverdueProblems(Connection& c, const std::vector<std::string>& stages,
                                                             domain::Date today) {
  Where w;
  w.Add("pr.state IN ('in_progress', 'returned', 'reopened')");
  w.Add("pr.deadline < " + w.Param(today.ToString()));
  AddStages(w, stages);
  auto r = c.Query(
      "SELECT pr.id, pr.type, pr.deadline, p.name AS project_name, u.name AS unit_name FROM problems pr"
      " JOIN cockpit_projects p ON p.id = pr.project_id LEFT JOIN orgs u ON u.id = pr.responsible_org_id" +
          w.Sql() + " ORDER BY pr.deadline, pr.id",
      w.params());
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<BriefingOverdue> out;
  out.reserve(r->size());
  for (size_t i = 0; i < r->size(); ++i) {
    auto row = r->Row(i);
    auto deadline = domain::ParseDate(row.Text("deadline"));
    if (!deadline) return core::Fail(Status::Internal("bad problem deadline"));
    out.push_back({row.Int("id"), row.Text("project_name"), row.Text("type"), row.OptText("unit_name").value_or(""),
                   *deadline});
  }
  return out;
}

}  // namespace gongjian::store

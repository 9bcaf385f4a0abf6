#include "store/round_repository.h"

#include <map>

#include "domain/text.h"
#include "store/scope.h"

namespace gongjian::store {
namespace {

constexpr std::string_view kColumns = "id, name, year, month, opens_on, closes_on, version";

DispatchRound FromRow(const RowRef& r) {
  DispatchRound d;
  d.id = r.Int("id");
  d.name = r.Text("name");
  d.period = {static_cast<int>(r.Int("year")), static_cast<int>(r.Int("month"))};
  d.opens_on = domain::ParseDate(r.Text("opens_on")).value_or(domain::Date{});
  d.closes_on = domain::ParseDate(r.Text("closes_on")).value_or(domain::Date{});
  d.version = r.Int("version");
  return d;
}

}  // namespace

Result<DispatchRound> CreateRound(Connection& c, DispatchRound round, int64_t user_id, const std::string& now) {
  round.name = domain::TrimSpaces(round.name);
  GJ_FAIL_IF_ERROR(domain::CheckName("name", round.name, 50));
  if (!domain::ParsePeriod(round.period.ToString())) return core::Fail(Status::Invalid("period", "period_format"));
  if (round.closes_on < round.opens_on) return core::Fail(Status::Invalid("closes_on", "date_order"));
  auto r = c.Query("INSERT INTO dispatch_rounds (name, year, month, opens_on, closes_on, status, created_by, version,"
                   " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'open', $6, 1, $7, $7) RETURNING " +
                       std::string(kColumns),
                   {round.name, static_cast<int64_t>(round.period.year), static_cast<int64_t>(round.period.month),
                    round.opens_on.ToString(), round.closes_on.ToString(), user_id, now});
  if (!r) {
    if (r.error().key() == "duplicate") return core::Fail(Status::Conflict("round_exists", "period"));
    return core::Fail(std::move(r.error()));
  }
  return FromRow(r->First());
}

Result<Page<DispatchRound>> ListRounds(Connection& c, const PageRequest& page) {
  auto count = c.Query("SELECT COUNT(*) AS n FROM dispatch_rounds");
  if (!count) return core::Fail(std::move(count.error()));
  auto rows = c.Query("SELECT " + std::string(kColumns) +
                          " FROM dispatch_rounds ORDER BY year DESC, month DESC LIMIT $1 OFFSET $2",
                      {page.page_size, page.Offset()});
  if (!rows) return core::Fail(std::move(rows.error()));
  Page<DispatchRound> out;
  out.total = count->First().Int("n");
  for (size_t i = 0; i < rows->size(); ++i) out.items.push_back(FromRow(rows->Row(i)));
  return out;
}

Result<DispatchRound> GetRound(Connection& c, int64_t id) {
  auto r = c.Query("SELECT " + std::string(kColumns) + " FROM dispatch_rounds WHERE id = $1", {id});
  if (!r) return core::Fail(std::move(r.error()));
  if (r->empty()) return core::Fail(Status::NotFound("round_not_found"));
  return FromRow(r->First());
}

Result<std::optional<DispatchRound>> RoundForPeriod(Connection& c, domain::Period period) {
  auto r = c.Query("SELECT " + std::string(kColumns) + " FROM dispatch_rounds WHERE year = $1 AND month = $2",
                   {static_cast<int64_t>(period.year), static_cast<int64_t>(period.month)});
  if (!r) return core::Fail(std::move(r.error()));
  if (r->empty()) return std::optional<DispatchRound>();
  return std::optional<DispatchRound>(FromRow(r->First()));
}

Result<std::vector<RoundEntry>> RoundStatus(Connection& c, const Viewer& viewer, const DispatchRound& round) {
  ProjectFilter filter;
  filter.stages = {domain::Stage::kPreparation, domain::Stage::kConstruction, domain::Stage::kSuspended};
  auto projects = ListAllProjects(c, viewer, filter);
  if (!projects) return core::Fail(std::move(projects.error()));
  // The newest version of each project's report for the month, and the extensions.
  auto reports = c.Query(
      "SELECT r.project_id, r.status FROM monthly_reports r WHERE r.year = $1 AND r.month = $2 AND r.version_no ="
      " (SELECT MAX(v.version_no) FROM monthly_reports v WHERE v.project_id = r.project_id AND v.year = r.year"
      " AND v.month = r.month)",
      {static_cast<int64_t>(round.period.year), static_cast<int64_t>(round.period.month)});
  if (!reports) return core::Fail(std::move(reports.error()));
  std::map<int64_t, domain::ReportStatus> status;
  for (size_t i = 0; i < reports->size(); ++i) {
    auto s = domain::ParseReportStatus(reports->Row(i).Text("status"));
    if (s) status[reports->Row(i).Int("project_id")] = *s;
  }
  auto ext = c.Query("SELECT project_id, until FROM report_extensions WHERE round_id = $1", {round.id});
  if (!ext) return core::Fail(std::move(ext.error()));
  std::map<int64_t, domain::Date> until;
  for (size_t i = 0; i < ext->size(); ++i) {
    auto d = domain::ParseDate(ext->Row(i).Text("until"));
    if (d) until[ext->Row(i).Int("project_id")] = *d;
  }
  auto reminders = c.Query("SELECT project_id, MAX(sent_at) AS sent_at FROM report_reminders WHERE round_id = $1"
                           " GROUP BY project_id",
                           {round.id});
  if (!reminders) return core::Fail(std::move(reminders.error()));
  std::map<int64_t, std::string> reminded;
  for (size_t i = 0; i < reminders->size(); ++i) {
    reminded[reminders->Row(i).Int("project_id")] = reminders->Row(i).Text("sent_at");
  }
  std::vector<RoundEntry> out;
  out.reserve(projects->size());
  for (const auto& v : *projects) {
    RoundEntry e;
    e.project_id = v.project.id;
    e.project_name = v.project.name;
    e.owner_name = v.owner_name;
    if (auto it = status.find(e.project_id); it != status.end()) e.status = it->second;
    if (auto it = until.find(e.project_id); it != until.end()) e.extended_until = it->second;
    if (auto it = reminded.find(e.project_id); it != reminded.end()) e.reminded_at = it->second;
    out.push_back(std::move(e));
  }
  return out;
}

Status GrantExtension(Connection& c, int64_t round_id, int64_t project_id, domain::Date until, int64_t user_id,
                      const std::string& now) {
  auto r = c.Exec("INSERT INTO report_extensions (round_id, project_id, until, granted_by, created_at)"
                  " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (round_id, project_id) DO UPDATE SET until = $3,"
                  " granted_by = $4, created_at = $5",
                  {round_id, project_id, until.ToString(), user_id, now});
  return r ? Status::Ok() : r.error();
}

Status CheckReportingWindow(Connection& c, int64_t project_id, domain::Period period, domain::Date today) {
  auto round = RoundForPeriod(c, period);
  if (!round) return round.error();
  if (!*round) return Status::Conflict("round_not_open", "period");
  if ((*round)->opens_on <= today && today <= (*round)->closes_on) return Status::Ok();
  auto ext = c.Query("SELECT until FROM report_extensions WHERE round_id = $1 AND project_id = $2",
                     {(*round)->id, project_id});
  if (!ext) return ext.error();
  if (!ext->empty()) {
    auto until = domain::ParseDate(ext->First().Text("until"));
    if (until && (*round)->opens_on <= today && today <= *until) return Status::Ok();
  }
  return Status::Conflict("round_not_open", "period");
}

}  // namespace gongjian::store

#include "store/report_repository.h"

#include <charconv>

namespace gongjian::store {
namespace {

using domain::AnnualPlan;
using domain::MonthlyReport;
using domain::ReportStatus;

std::string StatusText(ReportStatus s) { return std::string(domain::ReportStatusName(s)); }

// "1,2,…,12" ↔ twelve amounts; the store keeps no JSON.
std::string TargetsText(const std::optional<std::array<domain::Fen, 12>>& targets) {
  if (!targets) return {};
  std::string out;
  for (size_t i = 0; i < 12; ++i) out += (i ? "," : "") + std::to_string((*targets)[i]);
  return out;
}

}  // namespace

std::optional<std::array<domain::Fen, 12>> ParseTargets(const std::optional<std::string>& text) {
  if (!text || text->empty()) return std::nullopt;
  std::array<domain::Fen, 12> out{};
  const char* p = text->data();
  const char* end = p + text->size();
  for (size_t i = 0; i < 12; ++i) {
    auto [next, ec] = std::from_chars(p, end, out[i]);
    if (ec != std::errc()) return std::nullopt;
    p = next + (next < end ? 1 : 0);
  }
  return out;
}

namespace {

constexpr std::string_view kPlanColumns =
    "id, project_id, year, planned_investment, monthly_targets, progress_goal, status, review_reason, version";

AnnualPlan PlanFromRow(const RowRef& r) {
  AnnualPlan p;
  p.id = r.Int("id");
  p.project_id = r.Int("project_id");
  p.year = static_cast<int>(r.Int("year"));
  p.planned_investment = r.Int("planned_investment");
  p.monthly_targets = ParseTargets(r.OptText("monthly_targets"));
  p.progress_goal = r.Text("progress_goal");
  p.status = domain::ParseReportStatus(r.Text("status")).value_or(ReportStatus::kDraft);
  p.review_reason = r.Text("review_reason");
  p.version = r.Int("version");
  return p;
}

constexpr std::string_view kReportColumns =
    "id, project_id, year, month, version_no, supersedes_id, status, investment, progress_text, progress,"
    " workers_required, workers_on_site, site_status, problems, next_plan, review_reason, version";

MonthlyReport ReportFromRow(const RowRef& r) {
  MonthlyReport m;
  m.id = r.Int("id");
  m.project_id = r.Int("project_id");
  m.period = {static_cast<int>(r.Int("year")), static_cast<int>(r.Int("month"))};
  m.version_no = static_cast<int>(r.Int("version_no"));
  m.supersedes = r.OptInt("supersedes_id");
  m.status = domain::ParseReportStatus(r.Text("status")).value_or(ReportStatus::kDraft);
  m.investment = r.Int("investment");
  m.progress_text = r.Text("progress_text");
  m.progress = static_cast<int>(r.Int("progress"));
  m.workers_required = static_cast<int>(r.Int("workers_required"));
  m.workers_on_site = static_cast<int>(r.Int("workers_on_site"));
  m.site = domain::ParseSiteStatus(r.Text("site_status")).value_or(domain::SiteStatus::kNotStarted);
  m.problems = r.Text("problems");
  m.next_plan = r.Text("next_plan");
  m.review_reason = r.Text("review_reason");
  m.version = r.Int("version");
  return m;
}

Status LoadFunds(Connection& c, MonthlyReport& m) {
  auto r = c.Query("SELECT source, amount FROM report_funds WHERE report_id = $1 ORDER BY position", {m.id});
  if (!r) return r.error();
  m.funds_arrived.clear();
  for (size_t i = 0; i < r->size(); ++i) {
    auto source = domain::ParseFundSource(r->Row(i).Text("source"));
    if (source) m.funds_arrived.push_back({*source, r->Row(i).Int("amount")});
  }
  return Status::Ok();
}

Status WriteFunds(Connection& c, const MonthlyReport& m) {
  auto d = c.Exec("DELETE FROM report_funds WHERE report_id = $1", {m.id});
  if (!d) return d.error();
  for (size_t i = 0; i < m.funds_arrived.size(); ++i) {
    auto r = c.Exec("INSERT INTO report_funds (report_id, position, source, amount) VALUES ($1, $2, $3, $4)",
                    {m.id, static_cast<int64_t>(i), std::string(domain::FundSourceName(m.funds_arrived[i].source)),
                     m.funds_arrived[i].amount});
    if (!r) return r.error();
  }
  return Status::Ok();
}

Result<std::vector<MonthlyReport>> Reports(Connection& c, const std::string& where, const Params& params,
                                           bool with_funds) {
  auto r = c.Query("SELECT " + std::string(kReportColumns) + " FROM monthly_reports " + where, params);
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<MonthlyReport> out;
  out.reserve(r->size());
  for (size_t i = 0; i < r->size(); ++i) {
    out.push_back(ReportFromRow(r->Row(i)));
    if (with_funds) GJ_FAIL_IF_ERROR(LoadFunds(c, out.back()));
  }
  return out;
}

Status Stale(int64_t current) {
  return Status(core::Code::kFailedPrecondition, "stale_version", "", {std::to_string(current)});
}

Params ReportFields(const MonthlyReport& m) {
  return {m.investment,       m.progress_text,
          static_cast<int64_t>(m.progress), static_cast<int64_t>(m.workers_required),
          static_cast<int64_t>(m.workers_on_site), std::string(domain::SiteStatusName(m.site)),
          m.problems,         m.next_plan};
}

}  // namespace

Result<AnnualPlan> GetAnnualPlan(Connection& c, int64_t project_id, int year) {
  auto r = c.Query("SELECT " + std::string(kPlanColumns) + " FROM annual_plans WHERE project_id = $1 AND year = $2",
                   {project_id, static_cast<int64_t>(year)});
  if (!r) return core::Fail(std::move(r.error()));
  if (r->empty()) return core::Fail(Status::NotFound("plan_not_found"));
  return PlanFromRow(r->First());
}

Result<AnnualPlan> SaveAnnualPlan(Connection& c, AnnualPlan plan, int64_t expected_version, const std::string& now) {
  GJ_FAIL_IF_ERROR(domain::ValidateAnnualPlan(plan));
  auto current = GetAnnualPlan(c, plan.project_id, plan.year);
  if (!current && current.error().code() != core::Code::kNotFound) return current;
  if (!current) {
    if (expected_version != 0) return core::Fail(Status::NotFound("plan_not_found"));
    auto r = c.Query("INSERT INTO annual_plans (project_id, year, planned_investment, monthly_targets, progress_goal,"
                     " status, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'draft', 1, $6, $6)"
                     " RETURNING " + std::string(kPlanColumns),
                     {plan.project_id, static_cast<int64_t>(plan.year), plan.planned_investment,
                      plan.monthly_targets ? Value(TargetsText(plan.monthly_targets)) : Null(), plan.progress_goal, now});
    if (!r) return core::Fail(std::move(r.error()));
    return PlanFromRow(r->First());
  }
  if (current->version != expected_version) return core::Fail(Stale(current->version));
  if (!domain::ReportEditable(current->status)) return core::Fail(Status::Conflict("plan_locked"));
  auto r = c.Query("UPDATE annual_plans SET planned_investment = $3, monthly_targets = $4, progress_goal = $5,"
                   " status = 'draft', version = version + 1, updated_at = $6 WHERE id = $1 AND version = $2"
                   " RETURNING " + std::string(kPlanColumns),
                   {current->id, expected_version, plan.planned_investment,
                    plan.monthly_targets ? Value(TargetsText(plan.monthly_targets)) : Null(), plan.progress_goal, now});
  if (!r) return core::Fail(std::move(r.error()));
  if (r->empty()) return core::Fail(Stale(current->version));
  return PlanFromRow(r->First());
}

Result<AnnualPlan> ReviewAnnualPlan(Connection& c, int64_t plan_id, domain::ReportAction action,
                                   const std::string& reason, int64_t expected_version, const std::string& now) {
  auto r = c.Query("SELECT " + std::string(kPlanColumns) + " FROM annual_plans WHERE id = $1", {plan_id});
  if (!r) return core::Fail(std::move(r.error()));
  if (r->empty()) return core::Fail(Status::NotFound("plan_not_found"));
  AnnualPlan plan = PlanFromRow(r->First());
  if (plan.version != expected_version) return core::Fail(Stale(plan.version));
  auto next = domain::ApplyReportAction(plan.status, action);
  if (!next) return core::Fail(next.error());
  auto u = c.Query("UPDATE annual_plans SET status = $3, review_reason = $4, version = version + 1, updated_at = $5"
                   " WHERE id = $1 AND version = $2 RETURNING " + std::string(kPlanColumns),
                   {plan_id, expected_version, StatusText(*next), reason, now});
  if (!u) return core::Fail(std::move(u.error()));
  if (u->empty()) return core::Fail(Stale(plan.version));
  return PlanFromRow(u->First());
}

Result<MonthlyReport> GetReport(Connection& c, int64_t id) {
  auto r = Reports(c, "WHERE id = $1", {id}, true);
  if (!r) return core::Fail(std::move(r.error()));
  if (r->empty()) return core::Fail(Status::NotFound("report_not_found"));
  return std::move(r->front());
}

Result<std::vector<MonthlyReport>> ListReportVersions(Connection& c, int64_t project_id, domain::Period period) {
  return Reports(c, "WHERE project_id = $1 AND year = $2 AND month = $3 ORDER BY version_no DESC",
                 {project_id, static_cast<int64_t>(period.year), static_cast<int64_t>(period.month)}, true);
}

Result<MonthlyReport> SaveReport(Connection& c, MonthlyReport report, int64_t expected_version, int64_t user_id,
                                 const std::string& now) {
  GJ_FAIL_IF_ERROR(domain::ValidateReport(report));
  if (report.id == 0) {
    auto existing = ListReportVersions(c, report.project_id, report.period);
    if (!existing) return core::Fail(std::move(existing.error()));
    if (!existing->empty()) return core::Fail(Status::Conflict("report_exists", "period"));
    Params p = {report.project_id, static_cast<int64_t>(report.period.year),
                static_cast<int64_t>(report.period.month)};
    for (auto& v : ReportFields(report)) p.push_back(std::move(v));
    p.push_back(user_id);
    p.push_back(now);
    auto r = c.Query(
        "INSERT INTO monthly_reports (project_id, year, month, version_no, status, investment, progress_text, progress,"
        " workers_required, workers_on_site, site_status, problems, next_plan, created_by, version, created_at,"
        " updated_at) VALUES ($1, $2, $3, 1, 'draft', $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $13)"
        " RETURNING id",
        p);
    if (!r) return core::Fail(std::move(r.error()));
    report.id = r->First().Int("id");
  } else {
    auto current = GetReport(c, report.id);
    if (!current) return current;
    if (current->version != expected_version) return core::Fail(Stale(current->version));
    if (!domain::ReportEditable(current->status)) return core::Fail(Status::Conflict("report_locked"));
    Params p = {report.id, expected_version};
    for (auto& v : ReportFields(report)) p.push_back(std::move(v));
    p.push_back(now);
    auto r = c.Query(
        "UPDATE monthly_reports SET investment = $3, progress_text = $4, progress = $5, workers_required = $6,"
        " workers_on_site = $7, site_status = $8, problems = $9, next_plan = $10, version = version + 1,"
        " updated_at = $11 WHERE id = $1 AND version = $2 RETURNING id",
        p);
    if (!r) return core::Fail(std::move(r.error()));
    if (r->empty()) return core::Fail(Stale(current->version));
  }
  GJ_FAIL_IF_ERROR(WriteFunds(c, report));
  return GetReport(c, report.id);
}

Result<MonthlyReport> ReviewReport(Connection& c, int64_t report_id, domain::ReportAction action,
                                   const std::string& reason, int64_t expected_version, int64_t user_id,
                                   const std::string& now) {
  auto current = GetReport(c, report_id);
  if (!current) return current;
  if (current->version != expected_version) return core::Fail(Stale(current->version));
  auto next = domain::ApplyReportAction(current->status, action);
  if (!next) return core::Fail(next.error());
  bool review = action != domain::ReportAction::kSubmit;
  auto r = c.Query(
      "UPDATE monthly_reports SET status = $3, review_reason = $4, version = version + 1, updated_at = $5,"
      " submitted_at = CASE WHEN $6 = 0 THEN $5 ELSE submitted_at END,"
      " reviewed_at = CASE WHEN $6 = 1 THEN $5 ELSE reviewed_at END,"
      " reviewed_by = CASE WHEN $6 = 1 THEN $7 ELSE reviewed_by END"
      " WHERE id = $1 AND version = $2 RETURNING id",
      {report_id, expected_version, StatusText(*next), review ? reason : current->review_reason, now,
       static_cast<int64_t>(review ? 1 : 0), user_id});
  if (!r) return core::Fail(std::move(r.error()));
  if (r->empty()) return core::Fail(Stale(current->version));
  if (*next == ReportStatus::kAccepted && current->supersedes) {
    auto s = c.Exec("UPDATE monthly_reports SET status = 'superseded', version = version + 1, updated_at = $2"
                    " WHERE id = $1 AND status = 'accepted'",
                    {*current->supersedes, now});
    if (!s) return core::Fail(std::move(s.error()));
  }
  return GetReport(c, report_id);
}

Result<MonthlyReport> StartCorrection(Connection& c, int64_t accepted_id, int64_t user_id, const std::string& now) {
  auto accepted = GetReport(c, accepted_id);
  if (!accepted) return accepted;
  if (accepted->status != ReportStatus::kAccepted) {
    return core::Fail(Status::Conflict("report_action_not_allowed", "action"));
  }
  auto versions = ListReportVersions(c, accepted->project_id, accepted->period);
  if (!versions) return core::Fail(std::move(versions.error()));
  if (versions->front().id != accepted_id) return core::Fail(Status::Conflict("correction_open"));
  MonthlyReport next = *accepted;
  Params p = {next.project_id, static_cast<int64_t>(next.period.year), static_cast<int64_t>(next.period.month),
              static_cast<int64_t>(accepted->version_no + 1), accepted_id};
  for (auto& v : ReportFields(next)) p.push_back(std::move(v));
  p.push_back(user_id);
  p.push_back(now);
  auto r = c.Query(
      "INSERT INTO monthly_reports (project_id, year, month, version_no, supersedes_id, status, investment,"
      " progress_text, progress, workers_required, workers_on_site, site_status, problems, next_plan, created_by,"
      " version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, $9, $10, $11, $12, $13,"
      " $14, 1, $15, $15) RETURNING id",
      p);
  if (!r) return core::Fail(std::move(r.error()));
  next.id = r->First().Int("id");
  GJ_FAIL_IF_ERROR(WriteFunds(c, next));
  return GetReport(c, next.id);
}

Result<std::vector<MonthlyReport>> AcceptedReports(Connection& c, int64_t project_id) {
  return Reports(c, "WHERE project_id = $1 AND status = 'accepted' ORDER BY year, month", {project_id}, false);
}

Result<std::map<int64_t, domain::Fen>> YearToDate(Connection& c, int year, int month) {
  auto r = c.Query(
      "SELECT project_id, SUM(investment) AS total FROM monthly_reports"
      " WHERE year = $1 AND status = 'accepted' AND month <= $2 GROUP BY project_id",
      {static_cast<int64_t>(year), static_cast<int64_t>(month)});
  if (!r) return core::Fail(std::move(r.error()));
  std::map<int64_t, domain::Fen> out;
  for (size_t i = 0; i < r->size(); ++i) out[r->Row(i).Int("project_id")] = r->Row(i).Int("total");
  return out;
}

}  // namespace gongjian::store

#include "store/warning_repository.h"

#include "store/report_repository.h"

namespace gongjian::store {

Result<WarningInputs> LoadWarningInputs(Connection& c, int64_t project_id, domain::Period period) {
  WarningInputs m;
  auto plan = GetAnnualPlan(c, project_id, period.year);
  if (!plan && plan.error().code() != core::Code::kNotFound) return core::Fail(std::move(plan.error()));
  if (plan && plan->status == domain::ReportStatus::kAccepted) m.plan = *plan;
  auto sum = c.Query("SELECT COALESCE(SUM(investment), 0) AS total FROM monthly_reports"
                     " WHERE project_id = $1 AND year = $2 AND month <= $3 AND status = 'accepted'",
                     {project_id, static_cast<int64_t>(period.year), static_cast<int64_t>(period.month)});
  if (!sum) return core::Fail(std::move(sum.error()));
  m.completed = sum->First().Int("total");
  auto dates = c.Query("SELECT planned_start, actual_start FROM projects WHERE id = $1", {project_id});
  if (!dates) return core::Fail(std::move(dates.error()));
  if (dates->empty()) return core::Fail(Status::NotFound("project_not_found"));
  if (auto d = dates->First().OptText("planned_start")) m.planned_start = domain::ParseDate(*d);
  if (auto d = dates->First().OptText("actual_start")) m.actual_start = domain::ParseDate(*d);
  return m;
}

Status SaveWarnings(Connection& c, int64_t project_id, domain::Period period, const std::vector<WarningRow>& rows,
                    const std::string& colour, const std::string& now) {
  auto cleared = c.Exec("DELETE FROM project_warnings WHERE project_id = $1", {project_id});
  if (!cleared) return cleared.error();
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& w = rows[i];
    auto r = c.Exec(
        "INSERT INTO project_warnings (project_id, position, rule_id, measure, colour, reason, value, computed_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {project_id, static_cast<int64_t>(i), w.rule_id, w.measure, w.colour, w.reason, w.value, now});
    if (!r) return r.error();
  }
  auto h = c.Exec("INSERT INTO warning_history (project_id, year, month, colour, computed_at) VALUES ($1, $2, $3, $4, $5)"
                  " ON CONFLICT (project_id, year, month) DO UPDATE SET colour = $4, computed_at = $5",
                  {project_id, static_cast<int64_t>(period.year), static_cast<int64_t>(period.month), colour, now});
  if (!h) return h.error();
  auto p = c.Exec("UPDATE projects SET warning_colour = $2 WHERE id = $1", {project_id, colour});
  return p ? Status::Ok() : p.error();
}

Result<std::vector<WarningRow>> ListWarnings(Connection& c, int64_t project_id) {
  auto r = c.Query("SELECT rule_id, measure, colour, reason, value, computed_at FROM project_warnings"
                   " WHERE project_id = $1 ORDER BY position",
                   {project_id});
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<WarningRow> out;
  for (size_t i = 0; i < r->size(); ++i) {
    auto row = r->Row(i);
    out.push_back({row.Text("rule_id"), row.Text("measure"), row.Text("colour"), row.Text("reason"), row.Int("value"),
                   row.Text("computed_at")});
  }
  return out;
}

}  // namespace gongjian::store

#include "store/todo_repository.h"

namespace gongjian::store {
namespace {

// Runs `select` (which lists the columns it needs, scoped to the viewer by $1) counted and
// paged: the first `limit` rows in `order` and the number of all of them.
Result<std::pair<ResultSet, int64_t>> Paged(Connection& c, const std::string& select, const std::string& order,
                                            Params params, int64_t limit) {
  auto count = c.Query("SELECT COUNT(*) AS n FROM (" + select + ") x", params);
  if (!count) return core::Fail(std::move(count.error()));
  params.push_back(limit);
  auto rows = c.Query("SELECT * FROM (" + select + ") x ORDER BY " + order + " LIMIT $" + std::to_string(params.size()),
                      params);
  if (!rows) return core::Fail(std::move(rows.error()));
  return std::pair{std::move(*rows), count->First().Int("n")};
}

domain::Date DateOf(const RowRef& r, std::string_view column) {
  return domain::ParseDate(r.Text(column)).value_or(domain::Date{});
}

}  // namespace

Result<Page<ReportToFill>> ReportsToFill(Connection& c, const Viewer& viewer, domain::Date today, int64_t limit) {
  const std::string select =
      "SELECT * FROM (SELECT p.id AS project_id, p.name AS project_name, r.id AS round_id, r.year, r.month,"
      " CASE WHEN e.until IS NOT NULL AND e.until > r.closes_on THEN e.until ELSE r.closes_on END AS closes_on,"
      " (SELECT mr.status FROM monthly_reports mr WHERE mr.project_id = p.id AND mr.year = r.year AND mr.month = r.month"
      "  ORDER BY mr.version_no DESC LIMIT 1) AS status,"
      " (SELECT mr.id FROM monthly_reports mr WHERE mr.project_id = p.id AND mr.year = r.year AND mr.month = r.month"
      "  ORDER BY mr.version_no DESC LIMIT 1) AS report_id,"
      " (SELECT MAX(rm.sent_at) FROM report_reminders rm WHERE rm.round_id = r.id AND rm.project_id = p.id) AS reminded_at"
      " FROM dispatch_rounds r CROSS JOIN projects p"
      " LEFT JOIN report_extensions e ON e.round_id = r.id AND e.project_id = p.id"
      // Only the rounds open today, or extended for some project: not every past round.
      " WHERE r.id IN (SELECT id FROM dispatch_rounds WHERE opens_on <= $2 AND closes_on >= $2"
      "  UNION SELECT x.round_id FROM report_extensions x JOIN dispatch_rounds xr ON xr.id = x.round_id"
      "  WHERE x.until >= $2 AND xr.opens_on <= $2)"
      " AND p.stage IN ('preparation', 'construction', 'suspended') AND " +
      ProjectScopeSql(viewer, 1) +
      ") t WHERE t.closes_on >= $2 AND (t.status IS NULL OR t.status IN ('draft', 'returned'))";
  auto r = Paged(c, select, "closes_on, project_id", {viewer.user_id, today.ToString()}, limit);
  if (!r) return core::Fail(std::move(r.error()));
  Page<ReportToFill> out;
  out.total = r->second;
  for (size_t i = 0; i < r->first.size(); ++i) {
    auto row = r->first.Row(i);
    ReportToFill f;
    f.project_id = row.Int("project_id");
    f.project_name = row.Text("project_name");
    f.round_id = row.Int("round_id");
    f.period = {static_cast<int>(row.Int("year")), static_cast<int>(row.Int("month"))};
    f.closes_on = DateOf(row, "closes_on");
    if (auto s = row.OptText("status")) f.status = domain::ParseReportStatus(*s);
    f.report_id = row.OptInt("report_id");
    f.reminded_at = row.OptText("reminded_at").value_or("");
    out.items.push_back(std::move(f));
  }
  return out;
}

Result<Page<ReviewItem>> ItemsToReview(Connection& c, const Viewer& viewer, int64_t limit) {
  const std::string scope = ProjectScopeSql(viewer, 1);
  const std::string select =
      "SELECT 'report' AS kind, mr.id, mr.project_id, p.name AS project_name, mr.year, mr.month,"
      " COALESCE(mr.submitted_at, mr.updated_at) AS submitted_at"
      " FROM monthly_reports mr JOIN projects p ON p.id = mr.project_id WHERE mr.status = 'submitted' AND " + scope +
      " UNION ALL SELECT 'plan' AS kind, ap.id, ap.project_id, p.name AS project_name, ap.year, 0 AS month,"
      " ap.updated_at AS submitted_at"
      " FROM annual_plans ap JOIN projects p ON p.id = ap.project_id WHERE ap.status = 'submitted' AND " + scope;
  auto r = Paged(c, select, "submitted_at, kind, id", {viewer.user_id}, limit);
  if (!r) return core::Fail(std::move(r.error()));
  Page<ReviewItem> out;
  out.total = r->second;
  for (size_t i = 0; i < r->first.size(); ++i) {
    auto row = r->first.Row(i);
    ReviewItem item{row.Text("kind"), row.Int("id"), row.Int("project_id"), row.Text("project_name"), "", row.Text("submitted_at")};
    const int year = static_cast<int>(row.Int("year"));
    const int month = static_cast<int>(row.Int("month"));
    item.period = month ? domain::Period{year, month}.ToString() : std::to_string(year);
    out.items.push_back(std::move(item));
  }
  return out;
}

Result<Page<MilestoneDue>> MilestonesDue(Connection& c, const Viewer& viewer, domain::Date until, int64_t limit) {
  const std::string select =
      "SELECT m.id, m.project_id, p.name AS project_name, m.name, m.planned, m.responsible_person"
      " FROM milestones m JOIN projects p ON p.id = m.project_id"
      " WHERE m.actual IS NULL AND m.planned <= $2 AND p.stage NOT IN ('withdrawn') AND " + ProjectScopeSql(viewer, 1);
  auto r = Paged(c, select, "planned, id", {viewer.user_id, until.ToString()}, limit);
  if (!r) return core::Fail(std::move(r.error()));
  Page<MilestoneDue> out;
  out.total = r->second;
  for (size_t i = 0; i < r->first.size(); ++i) {
    auto row = r->first.Row(i);
    out.items.push_back({row.Int("id"), row.Int("project_id"), row.Text("project_name"), row.Text("name"),
                         DateOf(row, "planned"), row.Text("responsible_person")});
  }
  return out;
}

Result<Page<WarnedProject>> WarnedProjects(Connection& c, const Viewer& viewer, int64_t limit) {
  const std::string select =
      "SELECT p.id AS project_id, p.name AS project_name, p.warning_colour AS colour,"
      " CASE p.warning_colour WHEN 'red' THEN 0 ELSE 1 END AS severity,"
      " COALESCE((SELECT w.reason FROM project_warnings w WHERE w.project_id = p.id AND w.colour = p.warning_colour"
      "  ORDER BY w.position LIMIT 1), '') AS reason"
      " FROM projects p WHERE p.warning_colour IN ('red', 'yellow') AND " + ProjectScopeSql(viewer, 1);
  auto r = Paged(c, select, "severity, project_id", {viewer.user_id}, limit);
  if (!r) return core::Fail(std::move(r.error()));
  Page<WarnedProject> out;
  out.total = r->second;
  for (size_t i = 0; i < r->first.size(); ++i) {
    auto row = r->first.Row(i);
    out.items.push_back({row.Int("project_id"), row.Text("project_name"), row.Text("colour"), row.Text("reason")});
  }
  return out;
}

Status RecordReminders(Connection& c, int64_t round_id, const std::vector<int64_t>& project_ids, int64_t user_id,
                       const std::string& now) {
  for (int64_t id : project_ids) {
    auto r = c.Exec("INSERT INTO report_reminders (round_id, project_id, sent_at, sent_by) VALUES ($1, $2, $3, $4)"
                    " ON CONFLICT (round_id, project_id, sent_at) DO NOTHING",
                    {round_id, id, now, user_id});
    if (!r) return r.error();
  }
  return Status::Ok();
}

}  // namespace gongjian::store

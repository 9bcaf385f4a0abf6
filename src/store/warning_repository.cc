#include "store/warning_repository.h"

#include <algorithm>
#include <span>
#include <unordered_map>

#include "store/report_repository.h"

namespace gongjian::store {
namespace {

std::optional<domain::Date> OptDate(const RowRef& r, std::string_view column) {
  auto text = r.OptText(column);
  if (!text) return std::nullopt;
  return domain::ParseDate(*text);
}

constexpr std::string_view kProjectColumns = "id, stage, planned_start, actual_start, registered_on";

void ReadProjectColumns(const RowRef& r, WarningInputs& m) {
  m.project_id = r.Int("id");
  m.stage = domain::ParseStage(r.Text("stage")).value_or(domain::Stage::kPlanning);
  m.planned_start = OptDate(r, "planned_start");
  m.actual_start = OptDate(r, "actual_start");
  m.registered_on = OptDate(r, "registered_on");
}

// Runs `run(first, n)` over [0, total) in chunks. PostgreSQL pays a round trip per statement,
// so rows go 256 at a time, then 16, then one by one: at most three statement shapes, so the
// statement cache stays small. SQLite runs in process and binds "$N" parameters by name at a
// cost that grows with the statement's parameter count, so there one prepared single-row
// statement run many times in the transaction is the fastest batch (measured at province
// scale: 40,000 findings in 60–300 ms against 0.7–2 s in statements of 256 rows).
template <typename Run>
Status InChunks(Connection& c, size_t total, Run run) {
  static constexpr size_t kPostgres[] = {256, 16, 1};
  static constexpr size_t kSqlite[] = {1};
  std::span<const size_t> sizes =
      c.engine() == Engine::kPostgres ? std::span<const size_t>(kPostgres) : std::span<const size_t>(kSqlite);
  size_t i = 0;
  for (size_t chunk : sizes) {
    while (total - i >= chunk) {
      GJ_RETURN_IF_ERROR(run(i, chunk));
      i += chunk;
    }
  }
  return Status::Ok();
}

// "($1, $2, $3), ($4, $5, $6)" for `rows` rows of `columns` parameters from $`first`.
std::string Tuples(size_t rows, size_t columns, size_t first = 1) {
  std::string out;
  size_t n = first;
  for (size_t r = 0; r < rows; ++r) {
    out += r ? ", (" : "(";
    for (size_t col = 0; col < columns; ++col) out += (col ? ", $" : "$") + std::to_string(n++);
    out += ")";
  }
  return out;
}

// "$2, $3, …" for `n` parameters from $`first`.
std::string List(size_t n, size_t first) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += (i ? ", $" : "$") + std::to_string(first + i);
  return out;
}

// Runs `run(in, params)` over the project ids of `projects` (those of `colour` when given), where
// `in` is what goes inside "IN (…)" with its parameters numbered from $`first`. SQLite takes
// every id at once as one json array parameter (json_each), so a rule change that recolours
// 30,000 projects is one statement rather than 30,000; PostgreSQL takes them as InChunks does.
template <typename Run>
Status ForIds(Connection& c, const std::vector<const ProjectWarnings*>& projects, std::optional<std::string_view> colour,
              Run run, size_t first = 1) {
  std::vector<int64_t> ids;
  for (const ProjectWarnings* p : projects) {
    if (!colour || p->colour == *colour) ids.push_back(p->project_id);
  }
  if (ids.empty()) return Status::Ok();
  if (c.engine() == Engine::kSqlite) {
    std::string json = "[";
    for (int64_t id : ids) json += (json.size() > 1 ? "," : "") + std::to_string(id);
    json += "]";
    Params params{std::move(json)};
    return run("SELECT value FROM json_each($" + std::to_string(first) + ")", params);
  }
  return InChunks(c, ids.size(), [&](size_t at, size_t n) -> Status {
    Params params(ids.begin() + static_cast<std::ptrdiff_t>(at), ids.begin() + static_cast<std::ptrdiff_t>(at + n));
    return run(List(n, first), params);
  });
}

bool SameFindings(const std::vector<WarningRow>& a, const std::vector<WarningRow>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](const WarningRow& x, const WarningRow& y) { return x.SameFinding(y); });
}

WarningRow RowOf(const RowRef& r) {
  return {r.Text("rule_id"), r.Text("measure"), r.Text("colour"),
          r.Text("reason"),  r.Int("value"),    r.Text("computed_at")};
}

Status UpsertHistory(Connection& c, const std::vector<const ProjectWarnings*>& items, domain::Period period,
                     const std::string& now) {
  return InChunks(c, items.size(), [&](size_t first, size_t n) -> Status {
    Params params;
    params.reserve(n * 5);
    for (size_t i = first; i < first + n; ++i) {
      params.insert(params.end(), {items[i]->project_id, static_cast<int64_t>(period.year),
                                   static_cast<int64_t>(period.month), items[i]->colour, now});
    }
    auto r =
        c.Exec("INSERT INTO warning_history (project_id, year, month, colour, computed_at) VALUES " + Tuples(n, 5) +
                   " ON CONFLICT (project_id, year, month) DO UPDATE SET colour = excluded.colour,"
                   " computed_at = excluded.computed_at",
               params);
    return r ? Status::Ok() : r.error();
  });
}

// What a save must write: the projects whose stored findings go (`unfind`), those whose new
// findings come in (`find`), those whose colour changes (`recolour`).
struct Changes {
  std::vector<const ProjectWarnings*> unfind, find, recolour;
};

Status Apply(Connection& c, const Changes& changes, const std::string& now) {
  GJ_RETURN_IF_ERROR(ForIds(c, changes.unfind, std::nullopt, [&](const std::string& in, const Params& ids) -> Status {
    auto r = c.Exec("DELETE FROM project_warnings WHERE project_id IN (" + in + ")", ids);
    return r ? Status::Ok() : r.error();
  }));
  struct Finding {
    int64_t project_id;
    size_t position;
    const WarningRow* row;
  };
  std::vector<Finding> findings;
  for (const ProjectWarnings* p : changes.find) {
    for (size_t i = 0; i < p->rows.size(); ++i) findings.push_back({p->project_id, i, &p->rows[i]});
  }
  GJ_RETURN_IF_ERROR(InChunks(c, findings.size(), [&](size_t first, size_t n) -> Status {
    Params params;
    params.reserve(n * 8);
    for (size_t i = first; i < first + n; ++i) {
      const Finding& f = findings[i];
      params.insert(params.end(), {f.project_id, static_cast<int64_t>(f.position), f.row->rule_id, f.row->measure,
                                   f.row->colour, f.row->reason, f.row->value, now});
    }
    auto r = c.Exec(
        "INSERT INTO project_warnings (project_id, position, rule_id, measure, colour, reason, value, computed_at)"
        " VALUES " +
            Tuples(n, 8),
        params);
    return r ? Status::Ok() : r.error();
  }));
  // One statement per colour (and chunk of ids on PostgreSQL).
  for (const char* colour : {"green", "yellow", "red"}) {
    GJ_RETURN_IF_ERROR(ForIds(c, changes.recolour, colour, [&](const std::string& in, Params& ids) -> Status {
      ids.insert(ids.begin(), std::string(colour));
      auto r = c.Exec("UPDATE projects SET warning_colour = $1 WHERE id IN (" + in + ")", ids);
      return r ? Status::Ok() : r.error();
    }, 2));
  }
  return Status::Ok();
}

// Apply for a whole recompute. On SQLite the cockpit's per-row cache generation triggers stand
// aside while cockpit_bulk holds 'warnings' (migration 0021), and the generation moves on once at
// the end; PostgreSQL's triggers move it once per transaction already. Call inside
// Database::Write: a failure rolls the marker back with everything else.
Status ApplyInBulk(Connection& c, const Changes& changes, const std::string& now) {
  if (c.engine() != Engine::kSqlite) return Apply(c, changes, now);
  auto exec = [&](const char* sql) -> Status {
    auto r = c.Exec(sql);
    return r ? Status::Ok() : r.error();
  };
  GJ_RETURN_IF_ERROR(exec("INSERT INTO cockpit_bulk (name) VALUES ('warnings')"));
  GJ_RETURN_IF_ERROR(Apply(c, changes, now));
  GJ_RETURN_IF_ERROR(exec("DELETE FROM cockpit_bulk WHERE name = 'warnings'"));
  return exec("UPDATE cache_generations SET generation = generation + 1 WHERE name = 'cockpit'");
}

// Adds what `p` needs written, given what is stored; returns whether anything is.
bool Diff(const ProjectWarnings& p, const std::string& stored_colour, const std::vector<WarningRow>& stored_rows,
          Changes& out) {
  bool findings = !SameFindings(stored_rows, p.rows);
  if (findings && !stored_rows.empty()) out.unfind.push_back(&p);
  if (findings && !p.rows.empty()) out.find.push_back(&p);
  bool colour = stored_colour != p.colour;
  if (colour) out.recolour.push_back(&p);
  return findings || colour;
}

}  // namespace

namespace {

WarningProblem ProblemOf(const RowRef& r) {
  return {r.Text("title"), domain::ParseDate(r.Text("deadline")).value_or(domain::Date{})};
}

WarningMilestone MilestoneOf(const RowRef& r) {
  WarningMilestone m;
  m.name = r.Text("name");
  m.planned = domain::ParseDate(r.Text("planned")).value_or(domain::Date{});
  if (auto f = r.OptText("forecast")) m.forecast = domain::ParseDate(*f);
  return m;
}

}  // namespace

Result<WarningInputs> LoadWarningInputs(Connection& c, int64_t project_id, domain::Period period) {
  WarningInputs m;
  auto row = c.Query("SELECT " + std::string(kProjectColumns) + " FROM projects WHERE id = $1", {project_id});
  if (!row) return core::Fail(std::move(row.error()));
  if (row->empty()) return core::Fail(Status::NotFound("project_not_found"));
  ReadProjectColumns(row->First(), m);
  auto plan = GetAnnualPlan(c, project_id, period.year);
  if (!plan && plan.error().code() != core::Code::kNotFound) return core::Fail(std::move(plan.error()));
  if (plan && plan->status == domain::ReportStatus::kAccepted) m.plan = *plan;
  auto sum = c.Query(
      "SELECT COALESCE(SUM(investment), 0) AS total FROM monthly_reports"
      " WHERE project_id = $1 AND year = $2 AND month <= $3 AND status = 'accepted'",
      {project_id, static_cast<int64_t>(period.year), static_cast<int64_t>(period.month)});
  if (!sum) return core::Fail(std::move(sum.error()));
  m.completed = sum->First().Int("total");
  auto nodes = c.Query("SELECT project_id, name, planned, forecast FROM milestones WHERE project_id = $1"
                       " AND actual IS NULL ORDER BY position, id",
                       {project_id});
  if (!nodes) return core::Fail(std::move(nodes.error()));
  for (size_t i = 0; i < nodes->size(); ++i) m.milestones.push_back(MilestoneOf(nodes->Row(i)));
  auto problems = c.Query("SELECT project_id, title, deadline FROM problems WHERE project_id = $1"
                          " AND state IN ('in_progress', 'returned', 'reopened') AND deadline IS NOT NULL ORDER BY id",
                          {project_id});
  if (!problems) return core::Fail(std::move(problems.error()));
  for (size_t i = 0; i < problems->size(); ++i) m.problems.push_back(ProblemOf(problems->Row(i)));
  return m;
}

Result<std::vector<WarningInputs>> LoadAllWarningInputs(Connection& c, domain::Period period) {
  auto projects = c.Query("SELECT " + std::string(kProjectColumns) + " FROM projects ORDER BY id");
  if (!projects) return core::Fail(std::move(projects.error()));
  std::vector<WarningInputs> out(projects->size());
  for (size_t i = 0; i < projects->size(); ++i) ReadProjectColumns(projects->Row(i), out[i]);
  auto find = [&](int64_t id) -> WarningInputs* {
    auto it = std::lower_bound(out.begin(), out.end(), id,
                               [](const WarningInputs& m, int64_t key) { return m.project_id < key; });
    return it != out.end() && it->project_id == id ? &*it : nullptr;
  };
  const int64_t year = period.year;
  auto plans = c.Query(
      "SELECT project_id, planned_investment, monthly_targets FROM annual_plans"
      " WHERE year = $1 AND status = 'accepted'",
      {year});
  if (!plans) return core::Fail(std::move(plans.error()));
  for (size_t i = 0; i < plans->size(); ++i) {
    auto r = plans->Row(i);
    WarningInputs* m = find(r.Int("project_id"));
    if (!m) continue;
    domain::AnnualPlan plan;
    plan.project_id = m->project_id;
    plan.year = period.year;
    plan.planned_investment = r.Int("planned_investment");
    plan.monthly_targets = ParseTargets(r.OptText("monthly_targets"));
    plan.status = domain::ReportStatus::kAccepted;
    m->plan = std::move(plan);
  }
  // Reads only the covering index monthly_reports_period (year, status, project_id, month, investment).
  auto sums = c.Query(
      "SELECT project_id, SUM(investment) AS total FROM monthly_reports"
      " WHERE year = $1 AND status = 'accepted' AND month <= $2 GROUP BY project_id",
      {year, static_cast<int64_t>(period.month)});
  if (!sums) return core::Fail(std::move(sums.error()));
  for (size_t i = 0; i < sums->size(); ++i) {
    auto r = sums->Row(i);
    if (WarningInputs* m = find(r.Int("project_id"))) m->completed = r.Int("total");
  }
  // Met nodes raise nothing: only the open ones (the partial index milestones_open).
  auto nodes = c.Query("SELECT project_id, name, planned, forecast FROM milestones WHERE actual IS NULL"
                       " ORDER BY project_id, position, id");
  if (!nodes) return core::Fail(std::move(nodes.error()));
  WarningInputs* at = nullptr;
  for (size_t i = 0; i < nodes->size(); ++i) {
    auto r = nodes->Row(i);
    const int64_t id = r.Int("project_id");
    if (!at || at->project_id != id) at = find(id);
    if (at) at->milestones.push_back(MilestoneOf(r));
  }
  auto problems = c.Query("SELECT project_id, title, deadline FROM problems WHERE state IN ('in_progress', 'returned', 'reopened')"
                          " AND deadline IS NOT NULL ORDER BY project_id, id");
  if (!problems) return core::Fail(std::move(problems.error()));
  at = nullptr;
  for (size_t i = 0; i < problems->size(); ++i) {
    auto r = problems->Row(i);
    const int64_t id = r.Int("project_id");
    if (!at || at->project_id != id) at = find(id);
    if (at) at->problems.push_back(ProblemOf(r));
  }
  return out;
}

Result<std::optional<domain::Period>> LatestOpenedRound(Connection& c, domain::Date today) {
  auto r =
      c.Query("SELECT year, month FROM dispatch_rounds WHERE opens_on <= $1 ORDER BY year DESC, month DESC LIMIT 1",
              {today.ToString()});
  if (!r) return core::Fail(std::move(r.error()));
  if (r->empty()) return std::optional<domain::Period>();
  return std::optional<domain::Period>(
      domain::Period{static_cast<int>(r->First().Int("year")), static_cast<int>(r->First().Int("month"))});
}

Status SaveWarnings(Connection& c, const ProjectWarnings& p, domain::Period period, const std::string& now) {
  auto stored = ListWarnings(c, p.project_id);
  if (!stored) return stored.error();
  auto project = c.Query("SELECT warning_colour FROM projects WHERE id = $1", {p.project_id});
  if (!project) return project.error();
  if (project->empty()) return Status::NotFound("project_not_found");
  Changes changes;
  if (Diff(p, project->First().Text("warning_colour"), *stored, changes)) GJ_RETURN_IF_ERROR(Apply(c, changes, now));
  if (!p.record_history) return Status::Ok();
  return SaveWarningHistory(c, p.project_id, period, p.colour, now);
}

Status SaveWarningHistory(Connection& c, int64_t project_id, domain::Period period, const std::string& colour,
                          const std::string& now) {
  auto h = c.Query("SELECT colour FROM warning_history WHERE project_id = $1 AND year = $2 AND month = $3",
                   {project_id, static_cast<int64_t>(period.year), static_cast<int64_t>(period.month)});
  if (!h) return h.error();
  if (!h->empty() && h->First().Text("colour") == colour) return Status::Ok();
  ProjectWarnings p{project_id, colour, {}, true};
  return UpsertHistory(c, {&p}, period, now);
}

Result<SaveAllCounts> SaveAllWarnings(Connection& c, domain::Period period, const std::vector<ProjectWarnings>& all,
                                      const std::string& now) {
  // What is stored now, to write only the differences.
  struct Stored {
    std::string colour;
    std::vector<WarningRow> rows;
    std::optional<std::string> history;
  };
  std::unordered_map<int64_t, Stored> stored;
  stored.reserve(all.size());
  auto colours = c.Query("SELECT id, warning_colour FROM projects");
  if (!colours) return core::Fail(std::move(colours.error()));
  for (size_t i = 0; i < colours->size(); ++i) {
    stored[colours->Row(i).Int("id")].colour = colours->Row(i).Text("warning_colour");
  }
  auto findings = c.Query(
      "SELECT project_id, rule_id, measure, colour, reason, value, computed_at"
      " FROM project_warnings ORDER BY project_id, position");
  if (!findings) return core::Fail(std::move(findings.error()));
  for (size_t i = 0; i < findings->size(); ++i) {
    auto r = findings->Row(i);
    stored[r.Int("project_id")].rows.push_back(RowOf(r));
  }
  auto history = c.Query("SELECT project_id, colour FROM warning_history WHERE year = $1 AND month = $2",
                         {static_cast<int64_t>(period.year), static_cast<int64_t>(period.month)});
  if (!history) return core::Fail(std::move(history.error()));
  for (size_t i = 0; i < history->size(); ++i) {
    stored[history->Row(i).Int("project_id")].history = history->Row(i).Text("colour");
  }

  Changes changes;
  std::vector<const ProjectWarnings*> history_due;
  int64_t changed = 0;
  for (const ProjectWarnings& p : all) {
    auto it = stored.find(p.project_id);
    if (it == stored.end()) continue;  // no such project (deleted since the inputs were read)
    const Stored& s = it->second;
    if (Diff(p, s.colour, s.rows, changes)) ++changed;
    if (p.record_history && s.history != p.colour) history_due.push_back(&p);
  }
  if (changed > 0) GJ_FAIL_IF_ERROR(ApplyInBulk(c, changes, now));
  GJ_FAIL_IF_ERROR(UpsertHistory(c, history_due, period, now));
  return SaveAllCounts{changed, static_cast<int64_t>(history_due.size())};
}

Result<int64_t> SaveAllWarningHistory(Connection& c, domain::Period period, const std::vector<ProjectWarnings>& all,
                                      const std::string& now) {
  auto history = c.Query("SELECT project_id, colour FROM warning_history WHERE year = $1 AND month = $2",
                         {static_cast<int64_t>(period.year), static_cast<int64_t>(period.month)});
  if (!history) return core::Fail(std::move(history.error()));
  std::unordered_map<int64_t, std::string> stored;
  stored.reserve(history->size());
  for (size_t i = 0; i < history->size(); ++i)
    stored[history->Row(i).Int("project_id")] = history->Row(i).Text("colour");
  std::vector<const ProjectWarnings*> due;
  for (const ProjectWarnings& p : all) {
    auto it = stored.find(p.project_id);
    if (p.record_history && (it == stored.end() || it->second != p.colour)) due.push_back(&p);
  }
  GJ_FAIL_IF_ERROR(UpsertHistory(c, due, period, now));
  return static_cast<int64_t>(due.size());
}

Result<std::vector<WarningRow>> ListWarnings(Connection& c, int64_t project_id) {
  auto r = c.Query(
      "SELECT rule_id, measure, colour, reason, value, computed_at FROM project_warnings"
      " WHERE project_id = $1 ORDER BY position",
      {project_id});
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<WarningRow> out;
  out.reserve(r->size());
  for (size_t i = 0; i < r->size(); ++i) out.push_back(RowOf(r->Row(i)));
  return out;
}

Result<std::vector<WarningHistoryEntry>> ListWarningHistory(Connection& c, int64_t project_id, domain::Period from,
                                                            domain::Period to) {
  const int64_t from_key = int64_t{from.year} * 100 + from.month, to_key = int64_t{to.year} * 100 + to.month;
  auto r = c.Query(
      "SELECT year, month, colour FROM warning_history WHERE project_id = $1"
      " AND year * 100 + month BETWEEN $2 AND $3 ORDER BY year, month",
      {project_id, from_key, to_key});
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<WarningHistoryEntry> out;
  for (size_t i = 0; i < r->size(); ++i) {
    auto row = r->Row(i);
    out.push_back({{static_cast<int>(row.Int("year")), static_cast<int>(row.Int("month"))}, row.Text("colour")});
  }
  return out;
}

Result<std::map<int64_t, std::string>> WorstReasons(Connection& c, const std::string& from_where, const Params& params) {
  auto r = c.Query("SELECT w.project_id, w.reason FROM project_warnings w" + from_where +
                       " ORDER BY w.project_id, CASE w.colour WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END,"
                       " w.position",
                   params);
  if (!r) return core::Fail(std::move(r.error()));
  std::map<int64_t, std::string> out;
  for (size_t i = 0; i < r->size(); ++i) {
    auto row = r->Row(i);
    out.try_emplace(row.Int("project_id"), row.Text("reason"));  // the first is the worst
  }
  return out;
}

}  // namespace gongjian::store

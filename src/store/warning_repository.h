#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/lifecycle.h"
#include "domain/report.h"
#include "store/database.h"

namespace gongjian::store {

// An open (unmet) milestone node as the warning rules see it, with the schedule's stored
// forecast (see api/milestones.h RefreshAllSchedules).
struct WarningMilestone {
  std::string name;
  domain::Date planned;
  std::optional<domain::Date> actual;
  std::optional<domain::Date> forecast;
};

// What the warning rules look at for one project, as stored: its approved annual plan of
// the period's year, the accepted investment of that year up to the period's month, its
// planned and actual start, its statistics registration (入库) and its open milestone nodes.
// Inputs of later issues (problems) join as further members, so loaders and callers extend in place.
struct WarningProblem {
  std::string title;
  domain::Date deadline;
};

struct WarningInputs {
  int64_t project_id = 0;
  domain::Stage stage = domain::Stage::kPlanning;
  std::optional<domain::AnnualPlan> plan;  // only an approved plan counts
  domain::Fen completed = 0;
  std::optional<domain::Date> planned_start;
  std::optional<domain::Date> actual_start;
  std::optional<domain::Date> registered_on;
  std::vector<WarningMilestone> milestones;
  std::vector<WarningProblem> problems;  // problems being handled (办理中, 已退回, 重新打开) with a deadline
};

// One project's inputs for `period`; kNotFound "project_not_found" when there is no such
// project.
Result<WarningInputs> LoadWarningInputs(Connection& c, int64_t project_id, domain::Period period);

// Every project's inputs for `period`, ordered by project id, in a few set-based queries
// (the projects, the year's approved plans, the year's accepted investment summed per
// project up to the period's month) rather than one round trip per project.
Result<std::vector<WarningInputs>> LoadAllWarningInputs(Connection& c, domain::Period period);

// The period of the latest dispatch round whose fill-in window has opened by `today`;
// nullopt when there is none.
Result<std::optional<domain::Period>> LatestOpenedRound(Connection& c, domain::Date today);

// One finding as stored; colours and measures by their API names ("red", "progress").
struct WarningRow {
  std::string rule_id;
  std::string measure;
  std::string colour;
  std::string reason;
  int64_t value = 0;
  std::string computed_at;  // filled by ListWarnings: when the finding was first stored as it reads now

  // Equal findings (computed_at aside): a recompute that finds the same leaves the row alone.
  bool SameFinding(const WarningRow& other) const {
    return rule_id == other.rule_id && measure == other.measure && colour == other.colour && reason == other.reason &&
           value == other.value;
  }
};

// One project's findings and overall colour, as a recompute hands them to the store.
struct ProjectWarnings {
  int64_t project_id = 0;
  std::string colour = "green";
  std::vector<WarningRow> rows;
  bool record_history = true;  // false for projects the rules do not watch (withdrawn)
};

// Replaces the project's current findings and its overall colour on the project row when
// either differs from what is stored (unchanged findings keep their computed_at), and with
// record_history records the colour for `period` in the history. Call inside
// Database::Write, in the transaction that changed the inputs.
Status SaveWarnings(Connection& c, const ProjectWarnings& warnings, domain::Period period, const std::string& now);

// Records `colour` for `period` in the history alone, leaving the current findings as they
// are: for a change to a past period's inputs while the current findings are another period's.
Status SaveWarningHistory(Connection& c, int64_t project_id, domain::Period period, const std::string& colour,
                          const std::string& now);

struct SaveAllCounts {
  int64_t changed = 0;          // projects whose findings or colour were rewritten
  int64_t history_written = 0;  // history rows inserted or changed for the period
};

// Stores a full recompute for `period` in batched statements, writing only what changed:
// a project whose findings and colour equal the stored ones is skipped; its history row for
// the period is written only when absent or of another colour (so history rows keep the
// time the colour was first recorded). Every project of `all` with record_history gets a
// history row for the period, green ones included, so a 12-month strip has no holes.
// Projects absent from `all` are left as they are. Call inside Database::Write.
Result<SaveAllCounts> SaveAllWarnings(Connection& c, domain::Period period, const std::vector<ProjectWarnings>& all,
                                      const std::string& now);

// Records each colour of `all` (those with record_history) for `period` in the history alone,
// writing only rows that are absent or of another colour; returns how many it wrote. For
// months gone by, whose current findings are not kept. Call inside Database::Write.
Result<int64_t> SaveAllWarningHistory(Connection& c, domain::Period period, const std::vector<ProjectWarnings>& all,
                                      const std::string& now);

// A project's current findings, in rule order.
Result<std::vector<WarningRow>> ListWarnings(Connection& c, int64_t project_id);

// One month of a project's warning history.
struct WarningHistoryEntry {
  domain::Period period;
  std::string colour;
};

// The project's colours for the months from `from` to `to` inclusive that have one, oldest first.
Result<std::vector<WarningHistoryEntry>> ListWarningHistory(Connection& c, int64_t project_id, domain::Period from,
                                                            domain::Period to);

// The reason of each project's worst finding (red before yellow, then the rules' order), by
// project id, for the findings `from_where` selects: SQL following "FROM project_warnings w"
// (joins and a WHERE clause over w), with its `params`. Projects without findings are absent.
Result<std::map<int64_t, std::string>> WorstReasons(Connection& c, const std::string& from_where, const Params& params);

}  // namespace gongjian::store

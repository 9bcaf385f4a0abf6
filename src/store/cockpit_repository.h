#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "store/database.h"
#include "store/page.h"
#include "store/project_repository.h"

namespace gongjian::store {

// The leaders' cockpit (驾驶舱, api/cockpit.h): the SQL behind its panels, over the tables of
// migration 0018 (cockpit_projects, kept by triggers from projects and project_orgs;
// cockpit_years, one row of money per project and year; the whole district's sums of those in
// cockpit_year_cells and cockpit_approval_cells, kept by triggers) and the problems and approvals
// tables. What the figures mean is engine/cockpit's business; this file only sums what it
// defines. Every query keeps the projects in the viewer's data scope (ProjectScopeSql) and in one
// of `stages`; a viewer who sees everything (kAll, whose scope condition holds for every project)
// reads the cells instead of the rows, and so, for the money, the counts by group and the approval
// durations, does a viewer whose scope is one organisation's subtree (a town's staff): that
// organisation's cells of migration 0024, plus the rows of the projects the viewer leads outside
// it. Only the upkeep functions write.

// Who asks and which projects count.
struct CockpitScope {
  Viewer viewer;
  std::vector<std::string> stages;  // stage names (engine::CockpitStages)
};

// The period the money and the window figures are for.
struct CockpitWindow {
  int year = 0;
  int month = 12;            // 1..12
  domain::Date month_end;    // starts, completions, closings up to this day count
  domain::Date today;        // overdue problems and approval codes are as of this day
  bool proportional = false;  // 序时 from the proportional share (prop_m) instead of plan_m
};

// ---- The cache generation ----

// The counter of cache `name` in cache_generations (0 when it has no row). Triggers on every
// table the cache reads move it on in the writing transaction (see migration 0018).
Result<int64_t> CacheGeneration(Connection& c, std::string_view name);

// ---- One project's year (cockpit_years) ----

// What a project's year is computed from: its approved plan (planned 0 without one) and the
// investment of each month's accepted report (the latest accepted version; 0 for a month without).
struct CockpitYearInputs {
  int64_t project_id = 0;
  int year = 0;
  int64_t planned = 0;
  std::optional<std::array<int64_t, 12>> targets;
  std::array<int64_t, 12> done{};  // each month's own amount, not cumulative
};

// A row of cockpit_years: cumulative amounts, index m-1 for month m (engine::YearFigures).
struct CockpitYearRow {
  int64_t project_id = 0;
  int year = 0;
  int64_t planned = 0;
  std::array<int64_t, 12> done{};
  std::array<int64_t, 12> plan{};
  std::array<int64_t, 12> prop{};
};

// The inputs of one project's year.
Result<CockpitYearInputs> LoadCockpitYearInputs(Connection& c, int64_t project_id, int year);

// The inputs of every project and year that has an approved plan or an accepted report, ordered
// by project and year, in two set-based queries.
Result<std::vector<CockpitYearInputs>> LoadAllCockpitYearInputs(Connection& c);

// Stores `row` (with the project's grouping columns copied from cockpit_projects), or removes the
// project's row for the year when `row` is nullopt. Call inside Database::Write.
Status SaveCockpitYear(Connection& c, int64_t project_id, int year, const std::optional<CockpitYearRow>& row);

// Replaces every row of cockpit_years with `rows` (written in year and project order, with the
// projects' grouping columns), in batches, with the cell triggers standing aside (cockpit_bulk),
// then sums cockpit_year_cells and cockpit_org_year_cells afresh, one statement each. Call
// inside Database::Write.
Status ReplaceCockpitYears(Connection& c, const std::vector<CockpitYearRow>& rows);

// ---- Figures by group ----

// What the figures may be grouped by. kUnit is the project's first responsible unit; for the
// problem figures of CockpitProjects it is the problem's responsible unit, and kProblemType
// groups problems by type. kDepartment is an approval item's approving department (the approval
// figures, which api/cockpit narrows itself: CockpitProjects refuses it).
enum class CockpitDim { kNone, kStage, kCategory, kLevel, kTown, kUnit, kProblemType, kDepartment };

// Projects counted by one grouping column: how many and their total investment, per value of the
// column and, with `colours`, per warning colour ("red", "yellow", "green"; else colour is empty).
// Colours go with kNone, kTown and kUnit only (kUnit rows may repeat a key: add them up). With
// `window` (colours only) also those whose actual start, and those whose actual completion, lies
// within it. Each query is one streaming GROUP BY over a covering index of cockpit_projects.
struct CockpitCountRow {
  std::optional<std::string> key;  // stage/category/level name, or an org id as text; nullopt: none
  std::string colour;
  int64_t projects = 0;
  int64_t total_investment = 0;
  int64_t new_starts = 0;
  int64_t completions = 0;
};
struct CockpitDays {
  domain::Date from;
  domain::Date to;
};
Result<std::vector<CockpitCountRow>> CockpitCounts(Connection& c, const CockpitScope& scope, CockpitDim dim,
                                                   bool colours, std::optional<CockpitDays> window = std::nullopt);

// The year's money by one grouping column: annual plans, completed through the window's month, and
// 序时 through it (plan_m, or prop_m when the window says proportional). The whole district's sums
// read cockpit_year_cells; a narrower scope's the project rows.
struct CockpitMoneyRow {
  std::optional<std::string> key;
  int64_t annual_planned = 0;
  int64_t completed = 0;
  int64_t schedule = 0;
};
Result<std::vector<CockpitMoneyRow>> CockpitMoney(Connection& c, const CockpitScope& scope,
                                                  const CockpitWindow& window, CockpitDim dim);

// The year's curves summed over the projects: index m-1 holds Σ done_m, Σ plan_m, Σ prop_m.
struct CockpitCurves {
  std::array<int64_t, 12> done{};
  std::array<int64_t, 12> plan{};
  std::array<int64_t, 12> prop{};
};
Result<CockpitCurves> CockpitTrend(Connection& c, const CockpitScope& scope, int year);

// ---- Names (an organisation's: store/org_repository.h OrgNames) ----

// The names of the viewer's data scope for a sentence: empty for the whole district (kAll, or a
// scope holding the root organisation); otherwise its organisations' names.
Result<std::vector<std::string>> ScopeOrgNames(Connection& c, const Viewer& viewer);

// ---- Problems ----

// Problem counts of one (type, responsible unit) pair, of the projects in scope.
struct CockpitProblemRow {
  std::string type;
  std::optional<int64_t> unit;
  int64_t open = 0;     // not closed (待交办, 办理中, 待确认, 已退回, 重新打开)
  int64_t overdue = 0;  // being handled with a deadline before today (as ListProblems' overdue filter)
  int64_t closed = 0;   // closed (销号) within the window's month
  int64_t raised = 0;   // raised within the window's month
};
Result<std::vector<CockpitProblemRow>> CockpitProblems(Connection& c, const CockpitScope& scope,
                                                      const CockpitWindow& window);

// ---- Approvals ----

// An item in progress of a project in scope, with what its code needs.
struct CockpitOpenApproval {
  int64_t project_id = 0;
  std::optional<int64_t> department;
  std::optional<domain::Date> applied_on;
  std::optional<int> limit_days;
  std::string limit_kind;  // "working" or "calendar"
};
Result<std::vector<CockpitOpenApproval>> CockpitOpenApprovals(Connection& c, const CockpitScope& scope);

// How many items of the projects in scope were obtained in `year` up to and including `month`,
// per approving department (nullopt: none) and duration in working days (applied to approved,
// from work_day_ordinals: items dated outside 2000–2100 are left out). The whole district's
// counts read cockpit_approval_cells; a narrower scope's the items.
struct CockpitDurationRow {
  std::optional<int64_t> department;
  int days = 0;
  int64_t count = 0;
};
Result<std::vector<CockpitDurationRow>> CockpitApprovalDurations(Connection& c, const CockpitScope& scope, int year,
                                                                 int month);

// ---- Upkeep ----

// Replaces the working-day ordinals: `ordinals` holds, for every day from 2000-01-01 on, the
// working days counted from 2000-01-01 up to and including it. Then recounts the approval cells.
// Call inside Database::Write.
Status ReplaceWorkDayOrdinals(Connection& c, const std::vector<int64_t>& ordinals);

// Recounts cockpit_approval_cells and cockpit_org_approval_cells from the items (after the ordinals
// changed, or a bulk load that ran while cockpit_bulk stood the triggers aside). Call inside
// Database::Write.
Status RecountApprovalCells(Connection& c);

// Rebuilds the tables of migration 0024 from what they follow: the organisations' ancestors, each
// organisation's projects, and its cells. Their triggers keep them as writes happen; this is for
// a bulk load, and the tests compare the two. Call inside Database::Write.
Status RecountOrgCells(Connection& c);

// ---- The map ----

// A project as a point on the map; the text refers to storage valid during the call only.
struct CockpitPoint {
  int64_t id = 0;
  std::string_view name;
  double longitude = 0;
  double latitude = 0;
  std::string_view colour;
};
// Calls `each` for every project in scope with coordinates, in no particular order (one walk of a
// covering index), and returns how many there were.
Result<size_t> CockpitPoints(Connection& c, const CockpitScope& scope, const std::function<void(const CockpitPoint&)>& each);

// The map's points are kept in buckets of project ids (migration 0025): bucket id / kMapBucketIds.
inline constexpr int64_t kMapBucketIds = 1024;
struct MapBucketGeneration {
  int64_t bucket = 0;
  int64_t generation = 0;
};
// Every bucket's counter that has ever moved, by bucket; a bucket not listed has counter 0. The
// counter moves in every transaction that adds or removes a project or changes what the map
// shows of it or filters on, so two reads of a bucket with equal counters read the same points.
Result<std::vector<MapBucketGeneration>> CockpitMapBuckets(Connection& c);
// As CockpitPoints, for the projects of one bucket, by id.
Result<size_t> CockpitBucketPoints(Connection& c, const CockpitScope& scope, int64_t bucket,
                                   const std::function<void(const CockpitPoint&)>& each);

// ---- The leader's own projects ----

struct CockpitLeaderProject {
  int64_t id = 0;
  std::string name;
  std::string stage;
  std::string colour;
  std::string reason;  // the first of the worst-coloured findings, "" when green
  int64_t open_problems = 0;
  int64_t overdue_problems = 0;
  int64_t planned = 0;    // the window's year
  int64_t completed = 0;  // through the window's month
  std::optional<int64_t> town_org_id;
  std::string town;
};
// The projects in scope whose 包联领导 is the viewer, by id.
Result<std::vector<CockpitLeaderProject>> CockpitLeaderProjects(Connection& c, const CockpitScope& scope,
                                                                const CockpitWindow& window);

// ---- Drill-down ----

// What a drill-down lists. kCompletedMonth is the window's month alone (the trend's bar);
// kProblemsClosed and kProblemsRaised are the problems closed and raised within the window's
// month (CockpitProblems). The approval figures count each project's items in progress (all,
// or those whose code today is yellow or red): their codes are computed in C++ from the work
// calendar (api/cockpit over CockpitOpenApprovals), so CockpitProjects refuses them.
enum class CockpitFigure {
  kProjects,
  kTotalInvestment,
  kAnnualPlanned,
  kCompletedYtd,
  kCompletedMonth,
  kNewStarts,
  kCompletions,
  kRed,
  kYellow,
  kGreen,
  kProblemsOpen,
  kProblemsOverdue,
  kProblemsClosed,
  kProblemsRaised,
  kApprovalsInProgress,
  kApprovalsYellow,
  kApprovalsRed,
};

// Whether `f` counts problems (narrowed by the problem's type and responsible unit).
bool IsProblemFigure(CockpitFigure f);
// Whether `f` counts approval items (narrowed by the item's department, kDepartment).
bool IsApprovalFigure(CockpitFigure f);

// Narrows a drill-down to one group: `dim` kNone for all; a null key for the projects without one.
struct CockpitNarrow {
  CockpitDim dim = CockpitDim::kNone;
  std::optional<std::string> key;  // as CockpitCountRow::key
};

struct CockpitItem {
  int64_t project_id = 0;
  std::string name;
  std::string town;
  std::string unit;
  int64_t value = 0;  // the project's contribution: 1 for counts, money in 分, or its problems
};
struct CockpitItems {
  int64_t total = 0;  // the projects that contribute (a money figure leaves out those at 0)
  int64_t sum = 0;    // the figure: the sum of every contribution
  std::vector<CockpitItem> items;  // one page: largest contribution first, then by name and id
};
// The projects behind `figure`. kInvalidArgument field "key" when the key does not fit the
// dimension (an org id that is not a number), field "dimension" when the dimension does not fit
// the figure; kInternal for an approval figure (IsApprovalFigure: the API lists those).
Result<CockpitItems> CockpitProjects(Connection& c, const CockpitScope& scope, const CockpitWindow& window,
                                     CockpitFigure figure, const CockpitNarrow& narrow, const PageRequest& page);

// Fills in the name, town and unit names of each of `items` by project_id (left empty for an id
// that is not in cockpit_projects), in a few set-based queries however many there are.
Status NameCockpitItems(Connection& c, std::vector<CockpitItem>& items);

}  // namespace gongjian::store

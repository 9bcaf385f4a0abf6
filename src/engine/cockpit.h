#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/approval.h"
#include "domain/date.h"
#include "domain/lifecycle.h"
#include "domain/project.h"
#include "engine/warning.h"

namespace gongjian::engine {

// The leaders' cockpit (驾驶舱, SPEC §10): the definitions behind every figure, pure. The store
// sums what these functions define per project (store/cockpit_repository.h); the API turns the
// results into JSON (api/cockpit.h).
//
// Money is in 分; rates are basis points (1 = 0.01%), rounded half away from zero, and absent
// when the denominator is 0.

// ---- The period ----

// The year and month the cockpit shows, and the days that bound it.
struct CockpitPeriod {
  int year = 0;
  int month = 0;             // 1..12: figures cover months 1..month of the year
  domain::Date month_end;    // the last day of `month`: starts and completions up to it count
  domain::Date as_of;        // month_end, or today when the month is not over yet
};

// The period asked for with `year` and `month` (each optional) on `today`: year 2000..today's
// year (default today's); month 1..12 (default the last complete month of the year: 12 for a
// past year, the month before today's for this year, at least 1). A month after today's month
// of this year is kInvalidArgument field "month" ("month_in_future"); a year out of range field
// "year" ("out_of_range").
core::Result<CockpitPeriod> ResolveCockpitPeriod(std::optional<int> year, std::optional<int> month,
                                                 domain::Date today);

// ---- Which projects count ----

// The projects in the cockpit are the library's (项目库) own: every stage but 谋划 (planning, where a
// new record starts as an unsubmitted draft) and 退库 (withdrawn).
bool InCockpit(domain::Stage stage);
// The stages for which InCockpit is true, in declaration order.
std::vector<domain::Stage> CockpitStages();

// ---- One project's year ----

// What the cockpit keeps of one project's year (store: cockpit_years). Index m-1 holds month m.
struct YearFigures {
  Fen planned = 0;                  // the year's approved annual plan, 0 without one
  std::array<Fen, 12> done{};       // investment of the accepted reports of months 1..m
  std::array<Fen, 12> plan{};       // the plan's monthly targets added up to m where it has them, else prop
  std::array<Fen, 12> prop{};       // planned × m / 12, rounded half up to the 分

  bool operator==(const YearFigures&) const = default;
};

// The year's figures of a project from its approved plan (`planned`, and its twelve monthly
// targets when it has them; planned 0 without a plan) and the investment of each month's
// accepted report (the latest accepted version of each month; 0 for a month without one).
YearFigures YearFiguresOf(Fen planned, const std::optional<std::array<Fen, 12>>& monthly_targets,
                          const std::array<Fen, 12>& monthly_done);

// True when the year holds nothing worth a row (no plan and nothing completed).
bool Empty(const YearFigures& y);

// Where 序时进度 comes from for the cockpit: the basis of the active rule set's first progress
// rule, as engine/warning computes it per project; monthly targets when the set has no progress rule.
ScheduleBasis CockpitScheduleBasis(const RuleSet& rules);

// 序时进度 of one project through `month` (1..12) under `basis`: plan[month-1] for monthly
// targets (the proportional share where the plan has none), prop[month-1] for proportional.
// Equals the schedule engine/warning shows as evidence for the same plan and month.
Fen ScheduleThrough(const YearFigures& y, int month, ScheduleBasis basis);

// ---- Totals and rates ----

// The headline figures of a set of projects.
struct Figures {
  int64_t projects = 0;
  Fen total_investment = 0;
  Fen annual_planned = 0;
  Fen completed_ytd = 0;
  Fen schedule_ytd = 0;
  int64_t new_starts = 0;   // actual start from 1 January to the period's month end
  int64_t completions = 0;  // actual completion in that window
  int64_t red = 0;          // current warning colour (green when a project has no finding)
  int64_t yellow = 0;
  int64_t green = 0;

  Figures& operator+=(const Figures& o);
  bool operator==(const Figures&) const = default;
};

// One project as the cockpit sees it, for Aggregate (the definition the store's sums follow).
struct CockpitProject {
  int64_t id = 0;
  domain::Stage stage = domain::Stage::kPlanning;
  Fen total_investment = 0;
  std::optional<domain::Date> actual_start;
  std::optional<domain::Date> actual_completion;
  Colour colour = Colour::kGreen;
  YearFigures year;  // of the period's year
};

// One project's contribution to the figures of `period` under `basis`; all zero for a project
// that is not InCockpit.
Figures ContributionOf(const CockpitProject& p, const CockpitPeriod& period, ScheduleBasis basis);

// The rates of a set of figures.
struct Rates {
  std::optional<int64_t> completion_rate;     // completed_ytd / annual_planned
  std::optional<int64_t> schedule_rate;       // schedule_ytd / annual_planned
  // completion_rate − schedule_rate as shown (the difference of the two rounded rates, so the
  // figures a reader sees add up); positive when ahead of 序时.
  std::optional<int64_t> points_vs_schedule;

  bool operator==(const Rates&) const = default;
};
Rates RatesOf(const Figures& f);

// part / whole in basis points, rounded half away from zero; nullopt when whole is 0.
std::optional<int64_t> BasisPoints(int64_t part, int64_t whole);

// The summary sentence of a cockpit or a briefing:
//   "1-10月，全区86个重大项目完成投资52.3亿元，完成年度计划的78.5%，高于序时进度1.2个百分点"
// ("1月" in January; "低于" when behind; "与序时进度持平" when level; without an annual plan the
// sentence ends after the investment). `scope` names the caller's data scope ("全区", "城关街道").
std::string SummarySentence(int month, std::string_view scope, const Figures& f, const Rates& r);

// ---- Groups: breakdowns, lights by town, the ranking ----

enum class Dimension { kStage, kCategory, kLevel, kTown, kUnit };
std::string_view DimensionName(Dimension d);  // "stage", "category", "level", "town", "unit"
std::optional<Dimension> ParseDimension(std::string_view name);

// The name a breakdown row shows for a stage, category or level key ("construction" → "在建",
// "industry" → "产业", "provincial" → "省重点"); the key itself when unknown.
std::string KeyLabel(Dimension d, std::string_view key);
// The name of a group without a key (a project without a town or unit).
inline constexpr std::string_view kUnassigned = "未指定";

// The figures of one group (a stage, a town, a unit …) or of the whole.
struct Group {
  std::optional<std::string> key;  // stage/category/level name or an org id; nullopt: 未指定
  std::string name;
  Figures figures;
};

// Orders breakdown rows by annual plan, largest first, then by name and key.
void SortBreakdown(std::vector<Group>& rows);

// Orders the towns of the lights panel: most red first, then most yellow, then by name and key.
void SortByLights(std::vector<Group>& rows);

// One line of the ranking of responsible units (赛马比拼 at a glance).
struct RankRow {
  int rank = 0;  // 1, 2, 3 … in order
  Group group;
  Rates rates;
};
// The units with an annual plan (annual_planned > 0; a group without a key is not a unit), by
// completion rate highest first, ties by completed investment largest first, then by name and key.
std::vector<RankRow> RankUnits(const std::vector<Group>& units);

// One month of the trend: cumulative amounts through `month` and the month's own completion.
struct TrendMonth {
  int month = 0;
  Fen planned_cum = 0;    // Σ plan_m: the plans' monthly targets (proportional where a plan has none)
  Fen schedule_cum = 0;   // Σ 序时 through the month under the active basis
  Fen completed_cum = 0;  // Σ done_m
  Fen completed_month = 0;

  bool operator==(const TrendMonth&) const = default;
};
// The months 1..month from the sums of the projects' plan_m, prop_m and done_m (index m-1).
std::vector<TrendMonth> TrendOf(const std::array<Fen, 12>& plan, const std::array<Fen, 12>& prop,
                                const std::array<Fen, 12>& done, int month, ScheduleBasis basis);

// ---- Approval bottlenecks ----

// An item in progress as the panel sees it: its department and its code today.
struct OpenApprovalCode {
  std::optional<int64_t> department;
  domain::ApprovalCode code = domain::ApprovalCode::kNone;
};
// Items obtained in the period (applied to approved, in working days) grouped by department: how
// many took each number of days.
struct DurationCount {
  std::optional<int64_t> department;
  int days = 0;
  int64_t count = 0;
};

struct ApprovalDepartment {
  std::optional<int64_t> key;
  std::string name;
  int64_t in_progress = 0;
  int64_t yellow = 0;
  int64_t red = 0;
  std::optional<int> median_days;  // nearest rank over the items obtained in the period
  std::optional<int> p90_days;

  bool operator==(const ApprovalDepartment&) const = default;
};
struct ApprovalPanel {
  int64_t in_progress = 0;
  int64_t yellow = 0;
  int64_t red = 0;
  std::vector<ApprovalDepartment> departments;
};

// The panel: totals over `open`, and the departments (named by `names`, an empty name when
// absent) with most red first, then most yellow, then most in progress, then by name, at most
// `limit`. Median and p90 are nearest-rank percentiles (engine/approval_stats.h) of `durations`.
ApprovalPanel ApprovalBottlenecks(const std::vector<OpenApprovalCode>& open, const std::vector<DurationCount>& durations,
                                  const std::vector<std::pair<int64_t, std::string>>& names, size_t limit = 10);

// The nearest-rank p-th percentile (0 < p <= 100) of a histogram {value: count} given as pairs
// sorted by value; nullopt when the counts add up to 0.
std::optional<int> HistogramPercentile(const std::vector<std::pair<int, int64_t>>& sorted_histogram, int p);

}  // namespace gongjian::engine

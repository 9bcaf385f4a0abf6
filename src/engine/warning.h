#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/date.h"
#include "domain/project.h"
#include "domain/report.h"

namespace gongjian::engine {

using domain::Fen;

// 红黄绿灯. Ordered: a worse colour compares greater.
enum class Colour { kGreen, kYellow, kRed };

// What a rule looks at (SPEC §5).
enum class Measure {
  kProgress,      // completed investment this year against 序时进度
  kStart,         // 开工 against the planned start month
  kRegistration,  // 纳入统计库 (入库) after the actual start
  kMilestone,     // 关键节点 against their planned dates
  kProblem,       // problems against their handling deadlines
};

// The quantity a rule's thresholds compare, each in one unit. Percent metrics are in basis
// points (1/100 of a percent: 10 percentage points = 1000, 80% = 8000); the others count whole
// months or days. For every metric but kPercentOfSchedule, higher is worse.
enum class Metric {
  kPointsBehind,        // progress: (序时 − completed) / annual plan, percentage points (Yinchuan)
  kPercentOfSchedule,   // progress: completed / 序时, percent; lower is worse (Wuhan)
  kShortfall,           // progress: (序时 − completed) / 序时, percent (Sanya)
  kMonthsLate,          // start, not started by as_of: months from the planned month to the earliest
                        // month it can still start in (that of the day after as_of); 1 once the
                        // planned month has ended, 3 once three months (planned one included) passed
  kMonthsUnregistered,  // registration, started and not registered: FullMonths(actual start, as_of)
  kDaysOverdue,         // milestone, problem: days past the planned date or deadline, not done
};

// How a threshold compares the metric's value v with its own value t.
enum class Op {
  kAtLeast,   // v ≥ t   (以上, 以内 include the number itself)
  kMoreThan,  // v > t   (超过 excludes it)
  kAtMost,    // v ≤ t
  kLessThan,  // v < t   (低于, 不足)
};

// Where 序时进度 comes from.
enum class ScheduleBasis {
  kMonthlyTargets,  // the sum of the monthly targets up to the period where the plan has them, else proportional
  kProportional,    // always annual plan × month / 12
};

// Stable API names ("green", "progress", "points_behind", "at_least", "monthly_targets" …) and
// their inverses (nullopt for an unknown name).
std::string_view ColourName(Colour v);
std::optional<Colour> ParseColour(std::string_view name);
std::string_view MeasureName(Measure v);
std::optional<Measure> ParseMeasure(std::string_view name);
std::string_view MetricName(Metric v);
std::optional<Metric> ParseMetric(std::string_view name);
std::string_view OpName(Op v);
std::optional<Op> ParseOp(std::string_view name);
std::string_view ScheduleBasisName(ScheduleBasis v);
std::optional<ScheduleBasis> ParseScheduleBasis(std::string_view name);

// Whether `metric` measures `measure`.
bool MetricFits(Measure measure, Metric metric);
// The only metric of a measure that has one (all but kProgress); nullopt for kProgress.
std::optional<Metric> DefaultMetric(Measure measure);
// True for the metrics in basis points.
bool IsPercentMetric(Metric metric);
// False only for kPercentOfSchedule, where a lower value is worse.
bool HigherIsWorse(Metric metric);

// One colour's condition: the metric's value compared with `value` by `op`.
struct Threshold {
  Op op = Op::kAtLeast;
  int64_t value = 0;  // in the metric's unit: basis points, months or days

  bool operator==(const Threshold&) const = default;
};

// One rule: a measure, the metric it compares, and the thresholds. Red is tested first, then
// yellow; a project meeting neither is green for this rule and gets no warning.
struct Rule {
  std::string id;  // unique in its set, [a-z0-9_-], e.g. "progress"
  Measure measure = Measure::kProgress;
  Metric metric = Metric::kPointsBehind;
  std::optional<Threshold> yellow;
  std::optional<Threshold> red;
  ScheduleBasis schedule = ScheduleBasis::kMonthlyTargets;  // progress only
  Fen min_annual_plan = 0;  // progress only: the rule skips projects whose annual plan is below this
  int due_soon_days = 0;    // milestone, problem only: yellow when due within this many days (0: off)

  bool operator==(const Rule&) const = default;
};

// A district's chosen warning rules: data, not code.
struct RuleSet {
  std::string id;  // [a-z0-9_-], e.g. "yinchuan"
  std::string name;
  std::string description;
  std::vector<Rule> rules;

  bool operator==(const RuleSet&) const = default;
};

inline constexpr size_t kMaxRules = 50;
inline constexpr size_t kRuleSetNameMaxChars = 100;
inline constexpr size_t kRuleSetDescriptionMaxChars = 1000;
inline constexpr int kMaxDueSoonDays = 366;
// How near a node's planned date must be for a forecast slip to warn (calendar days).
inline constexpr int kSlipHorizonDays = 30;

// Checks a rule set: ids in [a-z0-9_-] (1–64, starting with a letter or digit), a name, at most
// kMaxRules rules with distinct ids; each rule's metric fits its measure; it has a threshold or
// a due-soon window; thresholds point the metric's bad way (at_least/more_than, or
// at_most/less_than for percent_of_schedule), lie in range (0–100% for percent metrics,
// 0–120 months, 0–3650 days), and red is strictly more severe than yellow; parameters belong to
// the measure. The first error names its field as a JSON path ("rules[1].red.value"); values
// in messages are in the user's unit (percent, not basis points).
core::Status ValidateRuleSet(const RuleSet& set);

// The reporting period of the progress measure.
// A month outside 1–12 makes the progress measure not applicable.
using Period = domain::Period;

// Investment against the annual plan (SPEC §3).
struct InvestmentProgress {
  Fen annual_plan = 0;  // 0: no plan this year, so no progress warning
  std::optional<std::array<Fen, 12>> monthly_targets;  // each month's own target, not cumulative
  Fen completed = 0;  // completed this year up to and including the period's month
};

struct Milestone {
  std::string name;  // e.g. "施工许可"
  domain::Date planned;
  std::optional<domain::Date> actual;  // met on that date; a date after as_of counts as not yet met
  // The schedule's forecast (engine/schedule.h) when it is later than planned: a predecessor
  // slipped, so the node will be late although it is not due yet.
  std::optional<domain::Date> forecast;
};

struct Problem {
  std::string title;  // e.g. "征地拆迁"
  domain::Date deadline;
  bool closed = false;
};

// Everything the rules look at for one project, as of one day.
struct ProjectMeasures {
  Period period;        // progress
  domain::Date as_of;   // start, registration, milestones, problems: the state at the end of this day
  InvestmentProgress progress;
  std::optional<domain::Date> planned_start;  // only its month matters
  std::optional<domain::Date> actual_start;   // a date after as_of counts as not yet started
  std::optional<domain::Date> registered;     // 纳入统计库; a date after as_of counts as not yet
  std::vector<Milestone> milestones;
  std::vector<Problem> problems;
};

// The figures behind a warning, as numbers for the UI to show and link.
struct Evidence {
  // The metric's value in its unit. Percent metrics: basis points rounded half away from zero
  // (四舍五入), except where that would cross one of the rule's thresholds: the colour is decided
  // on the exact value, and the figure agrees with it (79.996% of 序时 under "below 80%" reads
  // 7999, not 8000). kDaysOverdue: negative when due in that many days.
  int64_t value = 0;
  Fen annual_plan = 0;  // progress
  Fen schedule = 0;     // progress: 序时进度, rounded half up to the 分
  Fen completed = 0;    // progress
  // start: planned start; registration: actual start; milestone: planned date; problem: deadline.
  std::optional<domain::Date> date;
  int item = -1;  // milestone, problem: the index into ProjectMeasures::milestones / problems

  bool operator==(const Evidence&) const = default;
};

// A yellow or red finding of one rule, with a sentence a leader understands:
//   progress      "1-10月完成投资2.1亿元，低于序时进度31.5个百分点" (points_behind),
//                 "…，仅为序时进度10亿元的79.99%" (percent_of_schedule), "…，比序时进度1亿元少50%" (shortfall)
//   start         "计划2026年3月开工，已延后3个月未开工"
//   registration  "开工已满2个月未纳入统计库"
//   milestone     "关键节点“施工许可”计划2026-05-10完成，已逾期12天" / "…，今天到期" / "…，还有7天到期" /
//                 "…，受前置节点延误影响预计推迟至2026-05-20" (a rule with a due-soon window also
//                 warns yellow of a node due within kSlipHorizonDays whose forecast is later than planned)
//   problem       "问题“征地拆迁”已超过办理时限5天" / "…今天到达办理时限" / "…距办理时限还有3天"
// Amounts as FormatMoneyCn writes them, percentages as FormatBasisPoints.
struct Warning {
  std::string rule_id;
  Measure measure = Measure::kProgress;
  Metric metric = Metric::kPointsBehind;
  Colour colour = Colour::kYellow;
  std::string reason;
  Evidence evidence;
};

// The yellow and red warnings of `set` (which should pass ValidateRuleSet; a rule whose metric
// does not fit its measure is skipped) for one project: in rule order, and for milestones and
// problems in input order. Green results are not listed. Exact: colours are decided in integer
// arithmetic on 分, so a value exactly on a threshold behaves as the threshold's op says. Pure
// and thread-safe; allocates only the warnings.
std::vector<Warning> Evaluate(const RuleSet& set, const ProjectMeasures& measures);

// As Evaluate, appending to `out` (which it does not clear), so a bulk recompute can reuse one
// buffer.
void EvaluateInto(const RuleSet& set, const ProjectMeasures& measures, std::vector<Warning>& out);

// The project's overall colour: the worst of its warnings, green when there are none.
Colour OverallColour(std::span<const Warning> warnings);

// The months from January to `month` as the reports name them: "1-10月", or "1月" in January.
std::string PeriodLabel(int month);

// Money as a Chinese office writes it: 亿元 from 1亿元 up ("2.1亿元", "12.35亿元", "3亿元"),
// else 万元 ("5000万元", "1234.57万元", "0.5万元"); at most two decimals, rounded half away
// from zero (四舍五入), trailing zeros dropped. The unit is chosen after rounding, so an amount
// that rounds to 10000万元 reads "1亿元".
std::string FormatMoneyCn(Fen fen);

// Basis points as a percentage number with at most two decimals, trailing zeros dropped:
// 3150 → "31.5", 1000 → "10", 7999 → "79.99", -250 → "-2.5".
std::string FormatBasisPoints(int64_t basis_points);

// Days from `from` to `to` (negative when `to` is earlier).
int64_t DaysBetween(domain::Date from, domain::Date to);

// Whole months from `from` to `to` as the civil law counts them (满N个月): the Nth month is
// full on the same day of the month N months later, or on that month's last day when it has no
// such day (2026-01-31 → 2026-02-28 is one month). 0 when `to` is before the first full month.
int FullMonths(domain::Date from, domain::Date to);

}  // namespace gongjian::engine

#include "engine/warning.h"

#include <fmt/format.h>

#include <algorithm>

#include "domain/enum_names.h"
#include "domain/text.h"

namespace gongjian::engine {
namespace {

using core::Status;
using domain::Date;
// Products of money (≤ 10^15 分 summed over a year) with 12 and 10^4 overflow int64.
using Wide = __int128;

constexpr domain::EnumTable<Colour, 3> kColours{{
    {Colour::kGreen, "green"},
    {Colour::kYellow, "yellow"},
    {Colour::kRed, "red"},
}};
constexpr domain::EnumTable<Measure, 5> kMeasures{{
    {Measure::kProgress, "progress"},
    {Measure::kStart, "start"},
    {Measure::kRegistration, "registration"},
    {Measure::kMilestone, "milestone"},
    {Measure::kProblem, "problem"},
}};
constexpr domain::EnumTable<Metric, 6> kMetrics{{
    {Metric::kPointsBehind, "points_behind"},
    {Metric::kPercentOfSchedule, "percent_of_schedule"},
    {Metric::kShortfall, "shortfall"},
    {Metric::kMonthsLate, "months_late"},
    {Metric::kMonthsUnregistered, "months_unregistered"},
    {Metric::kDaysOverdue, "days_overdue"},
}};
constexpr domain::EnumTable<Op, 4> kOps{{
    {Op::kAtLeast, "at_least"},
    {Op::kMoreThan, "more_than"},
    {Op::kAtMost, "at_most"},
    {Op::kLessThan, "less_than"},
}};
constexpr domain::EnumTable<ScheduleBasis, 2> kBases{{
    {ScheduleBasis::kMonthlyTargets, "monthly_targets"},
    {ScheduleBasis::kProportional, "proportional"},
}};

constexpr int64_t kBasisPoints = 10'000;     // 100% in basis points
constexpr Fen kFenPerHundredthYi = 100'000'000;  // 0.01亿元
constexpr Fen kFenPerHundredthWan = 10'000;  // 0.01万元 = 100元

// Days since 1970-01-01: the inverse of domain::DateFromDays (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(Date d) {
  const int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = d.month > 2 ? d.month - 3 : d.month + 9;
  const int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  return month == 2 && leap ? 29 : kDays[(month - 1) % 12];
}

int64_t MonthIndex(Date d) { return int64_t{d.year} * 12 + (d.month - 1); }

// The same day `months` months later, or that month's last day when it has no such day.
Date AddMonths(Date d, int64_t months) {
  const int64_t index = MonthIndex(d) + months;
  Date r{static_cast<int>(index / 12), static_cast<int>(index % 12) + 1, 0};
  r.day = std::min(d.day, DaysInMonth(r.year, r.month));
  return r;
}

// num / den rounded half away from zero; den > 0.
int64_t RoundDiv(Wide num, Wide den) {
  const Wide magnitude = ((num < 0 ? -num : num) * 2 + den) / (den * 2);
  return static_cast<int64_t>(num < 0 ? -magnitude : magnitude);
}

// num / den rounded towards +∞ or −∞; den > 0.
int64_t CeilDiv(Wide num, Wide den) { return static_cast<int64_t>(num >= 0 ? (num + den - 1) / den : -((-num) / den)); }
int64_t FloorDiv(Wide num, Wide den) { return static_cast<int64_t>(num >= 0 ? num / den : -((-num + den - 1) / den)); }

// "31.5" from 3150 hundredths; at most two decimals, trailing zeros dropped.
std::string FormatHundredths(int64_t hundredths) {
  const bool negative = hundredths < 0;
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(hundredths) : static_cast<uint64_t>(hundredths);
  const uint64_t whole = magnitude / 100;
  const uint64_t cents = magnitude % 100;
  std::string out = negative ? "-" : "";
  if (cents == 0) return out + std::to_string(whole);
  if (cents % 10 == 0) return out + fmt::format("{}.{}", whole, cents / 10);
  return out + fmt::format("{}.{:02}", whole, cents);
}

// Whether the exact value num/den (den > 0), in units of 1/scale of the metric's unit, meets `t`.
bool Meets(const Threshold& t, Wide num, Wide den, int64_t scale) {
  const Wide lhs = num * scale;
  const Wide rhs = Wide{t.value} * den;
  switch (t.op) {
    case Op::kAtLeast: return lhs >= rhs;
    case Op::kMoreThan: return lhs > rhs;
    case Op::kAtMost: return lhs <= rhs;
    case Op::kLessThan: return lhs < rhs;
  }
  return false;
}

Colour Classify(const Rule& rule, Wide num, Wide den, int64_t scale) {
  if (rule.red && Meets(*rule.red, num, den, scale)) return Colour::kRed;
  if (rule.yellow && Meets(*rule.yellow, num, den, scale)) return Colour::kYellow;
  return Colour::kGreen;
}

// Whether basis points `shown` stand on the same side of each of the rule's thresholds as the
// exact value bp_num / bp_den.
bool ConsistentWithThresholds(const Rule& rule, int64_t shown, Wide bp_num, Wide bp_den) {
  for (const std::optional<Threshold>& t : {rule.yellow, rule.red}) {
    if (t && Meets(*t, shown, 1, 1) != Meets(*t, bp_num, bp_den, 1)) return false;
  }
  return true;
}

// The exact basis points bp_num / bp_den as shown: 四舍五入, unless that lands on the other side
// of a threshold, as 79.996% would read "80%" under "below 80%"; then rounded towards the bad
// side (79.99%), or the other way when that is what agrees.
int64_t DisplayBasisPoints(const Rule& rule, Wide bp_num, Wide bp_den) {
  const int64_t rounded = RoundDiv(bp_num, bp_den);
  if (ConsistentWithThresholds(rule, rounded, bp_num, bp_den)) return rounded;
  const int64_t up = CeilDiv(bp_num, bp_den);
  const int64_t down = FloorDiv(bp_num, bp_den);
  const int64_t worse = HigherIsWorse(rule.metric) ? up : down;
  const int64_t better = HigherIsWorse(rule.metric) ? down : up;
  if (ConsistentWithThresholds(rule, worse, bp_num, bp_den)) return worse;
  if (ConsistentWithThresholds(rule, better, bp_num, bp_den)) return better;
  return rounded;  // thresholds 0.01% apart on both sides: no two-decimal figure can agree
}

Warning& Add(std::vector<Warning>& out, const Rule& rule, Colour colour) {
  Warning& w = out.emplace_back();
  w.rule_id = rule.id;
  w.measure = rule.measure;
  w.metric = rule.metric;
  w.colour = colour;
  return w;
}


void EvaluateProgress(const Rule& rule, const ProjectMeasures& m, std::vector<Warning>& out) {
  const InvestmentProgress& p = m.progress;
  const int month = m.period.month;
  if (p.annual_plan <= 0 || p.annual_plan < rule.min_annual_plan || month < 1 || month > 12) return;
  // 序时进度 = schedule_num / schedule_den 分, kept exact.
  Wide schedule_num = 0;
  Wide schedule_den = 1;
  if (rule.schedule == ScheduleBasis::kMonthlyTargets && p.monthly_targets) {
    for (int i = 0; i < month; ++i) schedule_num += (*p.monthly_targets)[i];
  } else {
    schedule_num = Wide{p.annual_plan} * month;
    schedule_den = 12;
  }
  const Wide completed = Wide{p.completed} * schedule_den;
  Wide num = 0;
  Wide den = 1;
  switch (rule.metric) {
    case Metric::kPointsBehind:
      num = schedule_num - completed;
      den = Wide{p.annual_plan} * schedule_den;
      break;
    case Metric::kPercentOfSchedule:
      if (schedule_num <= 0) return;  // nothing due yet: no ratio to speak of
      num = completed;
      den = schedule_num;
      break;
    case Metric::kShortfall:
      if (schedule_num <= 0) return;
      num = schedule_num - completed;
      den = schedule_num;
      break;
    default:
      return;
  }
  const Colour colour = Classify(rule, num, den, kBasisPoints);
  if (colour == Colour::kGreen) return;
  Warning& w = Add(out, rule, colour);
  w.evidence.value = DisplayBasisPoints(rule, num * kBasisPoints, den);
  w.evidence.annual_plan = p.annual_plan;
  w.evidence.schedule = RoundDiv(schedule_num, schedule_den);
  w.evidence.completed = p.completed;
  const std::string head = fmt::format("{}完成投资{}", PeriodLabel(month), FormatMoneyCn(p.completed));
  const std::string figure = FormatBasisPoints(w.evidence.value);
  switch (rule.metric) {
    case Metric::kPointsBehind:
      w.reason = fmt::format("{}，低于序时进度{}个百分点", head, figure);
      break;
    case Metric::kPercentOfSchedule:
      w.reason = fmt::format("{}，仅为序时进度{}的{}%", head, FormatMoneyCn(w.evidence.schedule), figure);
      break;
    default:
      w.reason = fmt::format("{}，比序时进度{}少{}%", head, FormatMoneyCn(w.evidence.schedule), figure);
      break;
  }
}

void EvaluateStart(const Rule& rule, const ProjectMeasures& m, std::vector<Warning>& out) {
  if (!m.planned_start || (m.actual_start && *m.actual_start <= m.as_of)) return;
  // The earliest month it can still start in is the month of the day after as_of.
  const Date next = domain::DateFromDays(DaysFromCivil(m.as_of) + 1);
  const int64_t late = MonthIndex(next) - MonthIndex(*m.planned_start);
  if (late < 0) return;
  const Colour colour = Classify(rule, late, 1, 1);
  if (colour == Colour::kGreen) return;
  Warning& w = Add(out, rule, colour);
  w.evidence.value = late;
  w.evidence.date = m.planned_start;
  const Date& planned = *m.planned_start;
  w.reason = late > 0 ? fmt::format("计划{}年{}月开工，已延后{}个月未开工", planned.year, planned.month, late)
                      : fmt::format("计划{}年{}月开工，尚未开工", planned.year, planned.month);
}

void EvaluateRegistration(const Rule& rule, const ProjectMeasures& m, std::vector<Warning>& out) {
  if (!m.actual_start || *m.actual_start > m.as_of) return;
  if (m.registered && *m.registered <= m.as_of) return;
  const int months = FullMonths(*m.actual_start, m.as_of);
  const Colour colour = Classify(rule, months, 1, 1);
  if (colour == Colour::kGreen) return;
  Warning& w = Add(out, rule, colour);
  w.evidence.value = months;
  w.evidence.date = m.actual_start;
  w.reason = months > 0 ? fmt::format("开工已满{}个月未纳入统计库", months) : std::string("已开工，尚未纳入统计库");
}

// Shared by milestones and problems: red/yellow thresholds on days overdue, then the due-soon window.
Colour DeadlineColour(const Rule& rule, int64_t days_overdue) {
  Colour colour = Classify(rule, days_overdue, 1, 1);
  if (colour == Colour::kGreen && rule.due_soon_days > 0 && days_overdue <= 0 && -days_overdue <= rule.due_soon_days) {
    colour = Colour::kYellow;
  }
  return colour;
}

void EvaluateMilestones(const Rule& rule, const ProjectMeasures& m, std::vector<Warning>& out) {
  for (size_t i = 0; i < m.milestones.size(); ++i) {
    const Milestone& node = m.milestones[i];
    if (node.actual && *node.actual <= m.as_of) continue;
    const int64_t days = DaysBetween(node.planned, m.as_of);
    Colour colour = DeadlineColour(rule, days);
    // A slip warns when the plan it will miss is near; further out the schedule may yet recover.
    const bool slipping = node.forecast && *node.forecast > node.planned && days < 0 && -days <= kSlipHorizonDays;
    if (colour == Colour::kGreen && slipping && rule.due_soon_days > 0) colour = Colour::kYellow;
    if (colour == Colour::kGreen) continue;
    Warning& w = Add(out, rule, colour);
    w.evidence.value = days;
    w.evidence.date = node.planned;
    w.evidence.item = static_cast<int>(i);
    const std::string head = fmt::format("关键节点“{}”计划{}完成", node.name, node.planned.ToString());
    if (days > 0) {
      w.reason = fmt::format("{}，已逾期{}天", head, days);
    } else if (days == 0) {
      w.reason = fmt::format("{}，今天到期", head);
    } else if (slipping && -days > rule.due_soon_days) {
      w.reason = fmt::format("{}，受前置节点延误影响预计推迟至{}", head, node.forecast->ToString());
    } else {
      w.reason = fmt::format("{}，还有{}天到期", head, -days);
    }
  }
}

void EvaluateProblems(const Rule& rule, const ProjectMeasures& m, std::vector<Warning>& out) {
  for (size_t i = 0; i < m.problems.size(); ++i) {
    const Problem& problem = m.problems[i];
    if (problem.closed) continue;
    const int64_t days = DaysBetween(problem.deadline, m.as_of);
    const Colour colour = DeadlineColour(rule, days);
    if (colour == Colour::kGreen) continue;
    Warning& w = Add(out, rule, colour);
    w.evidence.value = days;
    w.evidence.date = problem.deadline;
    w.evidence.item = static_cast<int>(i);
    if (days > 0) {
      w.reason = fmt::format("问题“{}”已超过办理时限{}天", problem.title, days);
    } else if (days == 0) {
      w.reason = fmt::format("问题“{}”今天到达办理时限", problem.title);
    } else {
      w.reason = fmt::format("问题“{}”距办理时限还有{}天", problem.title, -days);
    }
  }
}

// Validation.

bool IsIdentifier(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!lower_or_digit(s.front())) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) { return lower_or_digit(c) || c == '_' || c == '-'; });
}

Status CheckIdentifier(const std::string& field, std::string_view id) {
  if (id.empty()) return Status::Invalid(field, "required");
  if (!IsIdentifier(id)) return Status::Invalid(field, "identifier_format");
  return Status::Ok();
}

struct ValueRange {
  int64_t min;
  int64_t max;
};

ValueRange RangeOf(Metric metric) {
  if (IsPercentMetric(metric)) return {0, kBasisPoints};
  if (metric == Metric::kDaysOverdue) return {0, 3650};
  return {0, 120};
}

// A threshold value in the user's unit, for messages.
std::string UserValue(Metric metric, int64_t value) {
  return IsPercentMetric(metric) ? FormatBasisPoints(value) : std::to_string(value);
}

// Larger is more severe. On integer metrics more_than v and at_least v+1 are the same
// condition, so they rank the same.
int64_t Severity(Metric metric, const Threshold& t) {
  const bool strict = t.op == Op::kMoreThan || t.op == Op::kLessThan;
  if (!IsPercentMetric(metric)) return t.value + (strict ? 1 : 0);
  return (HigherIsWorse(metric) ? 2 * t.value : -2 * t.value) + (strict ? 1 : 0);
}

Status CheckThreshold(const std::string& prefix, Metric metric, const Threshold& t) {
  const bool higher_is_worse = HigherIsWorse(metric);
  const bool upward = t.op == Op::kAtLeast || t.op == Op::kMoreThan;
  if (upward != higher_is_worse) {
    const std::string field = prefix + ".op";
    return Status::Invalid(field, "threshold_direction", {higher_is_worse ? "at_least, more_than" : "at_most, less_than"});
  }
  const ValueRange range = RangeOf(metric);
  if (t.value < range.min || t.value > range.max) {
    const std::string field = prefix + ".value";
    return Status::Invalid(field, "out_of_range", {UserValue(metric, range.min), UserValue(metric, range.max)});
  }
  return Status::Ok();
}

Status CheckRule(const Rule& rule, size_t index) {
  const std::string prefix = fmt::format("rules[{}]", index);
  GJ_RETURN_IF_ERROR(CheckIdentifier(prefix + ".id", rule.id));
  const std::string measure_name(MeasureName(rule.measure));
  if (!MetricFits(rule.measure, rule.metric)) {
    const std::string field = prefix + ".metric";
    return Status::Invalid(field, "not_for_measure", {measure_name});
  }
  if (rule.min_annual_plan != 0) {
    const std::string field = prefix + ".min_annual_plan";
    if (rule.measure != Measure::kProgress) return Status::Invalid(field, "not_for_measure", {measure_name});
    if (rule.min_annual_plan < 0) return Status::Invalid(field, "money_negative");
    if (rule.min_annual_plan > domain::kMaxMoney) return Status::Invalid(field, "money_too_large");
  }
  if (rule.due_soon_days != 0) {
    const std::string field = prefix + ".due_soon_days";
    if (rule.measure != Measure::kMilestone && rule.measure != Measure::kProblem) {
      return Status::Invalid(field, "not_for_measure", {measure_name});
    }
    if (rule.due_soon_days < 0 || rule.due_soon_days > kMaxDueSoonDays) {
      return Status::Invalid(field, "out_of_range", {"0", std::to_string(kMaxDueSoonDays)});
    }
  }
  if (!rule.yellow && !rule.red && rule.due_soon_days == 0) return Status::Invalid(prefix, "rule_without_threshold");
  if (rule.yellow) GJ_RETURN_IF_ERROR(CheckThreshold(prefix + ".yellow", rule.metric, *rule.yellow));
  if (rule.red) GJ_RETURN_IF_ERROR(CheckThreshold(prefix + ".red", rule.metric, *rule.red));
  if (rule.yellow && rule.red && Severity(rule.metric, *rule.red) <= Severity(rule.metric, *rule.yellow)) {
    const std::string field = prefix + ".red.value";
    return Status::Invalid(field, "threshold_order", {UserValue(rule.metric, rule.yellow->value)});
  }
  return Status::Ok();
}

}  // namespace

std::string_view ColourName(Colour v) { return domain::EnumName(kColours, v); }
std::optional<Colour> ParseColour(std::string_view name) { return domain::EnumParse(kColours, name); }
std::string_view MeasureName(Measure v) { return domain::EnumName(kMeasures, v); }
std::optional<Measure> ParseMeasure(std::string_view name) { return domain::EnumParse(kMeasures, name); }
std::string_view MetricName(Metric v) { return domain::EnumName(kMetrics, v); }
std::optional<Metric> ParseMetric(std::string_view name) { return domain::EnumParse(kMetrics, name); }
std::string_view OpName(Op v) { return domain::EnumName(kOps, v); }
std::optional<Op> ParseOp(std::string_view name) { return domain::EnumParse(kOps, name); }
std::string_view ScheduleBasisName(ScheduleBasis v) { return domain::EnumName(kBases, v); }
std::optional<ScheduleBasis> ParseScheduleBasis(std::string_view name) { return domain::EnumParse(kBases, name); }

bool MetricFits(Measure measure, Metric metric) {
  switch (measure) {
    case Measure::kProgress:
      return metric == Metric::kPointsBehind || metric == Metric::kPercentOfSchedule || metric == Metric::kShortfall;
    case Measure::kStart: return metric == Metric::kMonthsLate;
    case Measure::kRegistration: return metric == Metric::kMonthsUnregistered;
    case Measure::kMilestone:
    case Measure::kProblem: return metric == Metric::kDaysOverdue;
  }
  return false;
}

std::optional<Metric> DefaultMetric(Measure measure) {
  switch (measure) {
    case Measure::kProgress: return std::nullopt;
    case Measure::kStart: return Metric::kMonthsLate;
    case Measure::kRegistration: return Metric::kMonthsUnregistered;
    case Measure::kMilestone:
    case Measure::kProblem: return Metric::kDaysOverdue;
  }
  return std::nullopt;
}

bool IsPercentMetric(Metric metric) {
  return metric == Metric::kPointsBehind || metric == Metric::kPercentOfSchedule || metric == Metric::kShortfall;
}

bool HigherIsWorse(Metric metric) { return metric != Metric::kPercentOfSchedule; }

Status ValidateRuleSet(const RuleSet& set) {
  GJ_RETURN_IF_ERROR(CheckIdentifier("id", set.id));
  GJ_RETURN_IF_ERROR(domain::CheckName("name", set.name, kRuleSetNameMaxChars));
  if (domain::CodePoints(set.description) > kRuleSetDescriptionMaxChars) {
    return Status::Invalid("description", "too_long", {std::to_string(kRuleSetDescriptionMaxChars)});
  }
  if (set.rules.size() > kMaxRules) return Status::Invalid("rules", "too_many", {std::to_string(kMaxRules)});
  for (size_t i = 0; i < set.rules.size(); ++i) {
    GJ_RETURN_IF_ERROR(CheckRule(set.rules[i], i));
    for (size_t j = 0; j < i; ++j) {
      if (set.rules[j].id == set.rules[i].id) {
        const std::string field = fmt::format("rules[{}].id", i);
        return Status::Invalid(field, "repeated_value", {set.rules[i].id});
      }
    }
  }
  return Status::Ok();
}

std::vector<Warning> Evaluate(const RuleSet& set, const ProjectMeasures& measures) {
  std::vector<Warning> out;
  EvaluateInto(set, measures, out);
  return out;
}

void EvaluateInto(const RuleSet& set, const ProjectMeasures& measures, std::vector<Warning>& out) {
  for (const Rule& rule : set.rules) {
    if (!MetricFits(rule.measure, rule.metric)) continue;
    switch (rule.measure) {
      case Measure::kProgress: EvaluateProgress(rule, measures, out); break;
      case Measure::kStart: EvaluateStart(rule, measures, out); break;
      case Measure::kRegistration: EvaluateRegistration(rule, measures, out); break;
      case Measure::kMilestone: EvaluateMilestones(rule, measures, out); break;
      case Measure::kProblem: EvaluateProblems(rule, measures, out); break;
    }
  }
}

Colour OverallColour(std::span<const Warning> warnings) {
  Colour worst = Colour::kGreen;
  for (const Warning& w : warnings) worst = std::max(worst, w.colour);
  return worst;
}

std::string PeriodLabel(int month) { return month == 1 ? std::string("1月") : fmt::format("1-{}月", month); }

std::string FormatMoneyCn(Fen fen) {
  const int64_t wan_hundredths = RoundDiv(fen, kFenPerHundredthWan);
  // Chosen after rounding, so 9999.999万元 reads "1亿元", never "10000万元".
  if (wan_hundredths >= 1'000'000 || wan_hundredths <= -1'000'000) {
    return FormatHundredths(RoundDiv(fen, kFenPerHundredthYi)) + "亿元";
  }
  return FormatHundredths(wan_hundredths) + "万元";
}

std::string FormatBasisPoints(int64_t basis_points) { return FormatHundredths(basis_points); }

int64_t DaysBetween(Date from, Date to) { return DaysFromCivil(to) - DaysFromCivil(from); }

int FullMonths(Date from, Date to) {
  if (to < from) return 0;
  int64_t months = MonthIndex(to) - MonthIndex(from);
  if (AddMonths(from, months) > to) --months;
  return static_cast<int>(months);
}

}  // namespace gongjian::engine

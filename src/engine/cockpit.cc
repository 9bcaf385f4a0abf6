#include "engine/cockpit.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "domain/enum_names.h"
#include "engine/approval_stats.h"

namespace gongjian::engine {
namespace {

constexpr domain::EnumTable<Dimension, 5> kDimensions{{
    {Dimension::kStage, "stage"},
    {Dimension::kCategory, "category"},
    {Dimension::kLevel, "level"},
    {Dimension::kTown, "town"},
    {Dimension::kUnit, "unit"},
}};

bool LeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && LeapYear(year) ? 29 : kDays[month - 1];
}

// a / b rounded half away from zero; b > 0.
int64_t RoundHalfAway(__int128 a, __int128 b) {
  const __int128 magnitude = ((a < 0 ? -a : a) * 2 + b) / (b * 2);
  return static_cast<int64_t>(a < 0 ? -magnitude : magnitude);
}

// Orders groups without a key after those with one (未指定 last among equals).
bool KeyLess(const std::optional<std::string>& a, const std::optional<std::string>& b) {
  if (a.has_value() != b.has_value()) return a.has_value();
  return a && *a < *b;
}

}  // namespace

core::Result<CockpitPeriod> ResolveCockpitPeriod(std::optional<int> year, std::optional<int> month,
                                                 domain::Date today) {
  const int y = year.value_or(today.year);
  if (y < 2000 || y > today.year) {
    return core::Fail(core::Status::Invalid("year", "out_of_range", {"2000", std::to_string(today.year)}));
  }
  int m = 12;
  if (month) {
    if (*month < 1 || *month > 12) return core::Fail(core::Status::Invalid("month", "out_of_range", {"1", "12"}));
    if (y == today.year && *month > today.month) return core::Fail(core::Status::Invalid("month", "month_in_future"));
    m = *month;
  } else if (y == today.year) {
    m = std::max(1, today.month - 1);
  }
  CockpitPeriod p;
  p.year = y;
  p.month = m;
  p.month_end = {y, m, DaysInMonth(y, m)};
  p.as_of = std::min(p.month_end, today);
  return p;
}

bool InCockpit(domain::Stage stage) { return stage != domain::Stage::kPlanning && stage != domain::Stage::kWithdrawn; }

std::vector<domain::Stage> CockpitStages() {
  std::vector<domain::Stage> out;
  for (auto s : {domain::Stage::kPlanning, domain::Stage::kReserve, domain::Stage::kPreparation,
                 domain::Stage::kConstruction, domain::Stage::kCompleted, domain::Stage::kProduction,
                 domain::Stage::kSuspended, domain::Stage::kWithdrawn}) {
    if (InCockpit(s)) out.push_back(s);
  }
  return out;
}

YearFigures YearFiguresOf(Fen planned, const std::optional<std::array<Fen, 12>>& monthly_targets,
                          const std::array<Fen, 12>& monthly_done) {
  YearFigures y;
  y.planned = planned;
  Fen done = 0, targets = 0;
  for (int m = 1; m <= 12; ++m) {
    done += monthly_done[m - 1];
    y.done[m - 1] = done;
    // The same rounding as engine/warning's 序时进度 evidence: half away from zero.
    y.prop[m - 1] = RoundHalfAway(static_cast<__int128>(planned) * m, 12);
    if (monthly_targets) {
      targets += (*monthly_targets)[m - 1];
      y.plan[m - 1] = targets;
    } else {
      y.plan[m - 1] = y.prop[m - 1];
    }
  }
  return y;
}

bool Empty(const YearFigures& y) { return y == YearFigures{}; }

ScheduleBasis CockpitScheduleBasis(const RuleSet& rules) {
  for (const Rule& r : rules.rules) {
    if (r.measure == Measure::kProgress) return r.schedule;
  }
  return ScheduleBasis::kMonthlyTargets;
}

Fen ScheduleThrough(const YearFigures& y, int month, ScheduleBasis basis) {
  if (month < 1 || month > 12) return 0;
  return basis == ScheduleBasis::kMonthlyTargets ? y.plan[month - 1] : y.prop[month - 1];
}

Figures& Figures::operator+=(const Figures& o) {
  projects += o.projects;
  total_investment += o.total_investment;
  annual_planned += o.annual_planned;
  completed_ytd += o.completed_ytd;
  schedule_ytd += o.schedule_ytd;
  new_starts += o.new_starts;
  completions += o.completions;
  red += o.red;
  yellow += o.yellow;
  green += o.green;
  return *this;
}

Figures ContributionOf(const CockpitProject& p, const CockpitPeriod& period, ScheduleBasis basis) {
  Figures f;
  if (!InCockpit(p.stage)) return f;
  const domain::Date first{period.year, 1, 1};
  auto within = [&](const std::optional<domain::Date>& d) { return d && *d >= first && *d <= period.month_end; };
  f.projects = 1;
  f.total_investment = p.total_investment;
  f.annual_planned = p.year.planned;
  f.completed_ytd = p.year.done[period.month - 1];
  f.schedule_ytd = ScheduleThrough(p.year, period.month, basis);
  f.new_starts = within(p.actual_start) ? 1 : 0;
  f.completions = within(p.actual_completion) ? 1 : 0;
  (p.colour == Colour::kRed ? f.red : p.colour == Colour::kYellow ? f.yellow : f.green) = 1;
  return f;
}

std::optional<int64_t> BasisPoints(int64_t part, int64_t whole) {
  if (whole == 0) return std::nullopt;
  __int128 num = static_cast<__int128>(part) * 10000;
  __int128 den = whole;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  return RoundHalfAway(num, den);
}

Rates RatesOf(const Figures& f) {
  Rates r;
  r.completion_rate = BasisPoints(f.completed_ytd, f.annual_planned);
  r.schedule_rate = BasisPoints(f.schedule_ytd, f.annual_planned);
  if (r.completion_rate && r.schedule_rate) r.points_vs_schedule = *r.completion_rate - *r.schedule_rate;
  return r;
}

std::string SummarySentence(int month, std::string_view scope, const Figures& f, const Rates& r) {
  std::string out = PeriodLabel(month);
  out += fmt::format("，{}{}个重大项目完成投资{}", scope, f.projects, FormatMoneyCn(f.completed_ytd));
  if (!r.completion_rate) return out;
  out += fmt::format("，完成年度计划的{}%", FormatBasisPoints(*r.completion_rate));
  if (!r.points_vs_schedule) return out;
  const int64_t points = *r.points_vs_schedule;
  if (points == 0) return out + "，与序时进度持平";
  return out + fmt::format("，{}序时进度{}个百分点", points > 0 ? "高于" : "低于",
                           FormatBasisPoints(points > 0 ? points : -points));
}

std::string_view DimensionName(Dimension d) { return domain::EnumName(kDimensions, d); }
std::optional<Dimension> ParseDimension(std::string_view name) { return domain::EnumParse(kDimensions, name); }

std::string KeyLabel(Dimension d, std::string_view key) {
  static const std::map<std::string_view, std::string_view> kStages = {
      {"planning", "谋划"},  {"reserve", "储备"},  {"preparation", "前期"}, {"construction", "在建"},
      {"completed", "竣工"}, {"production", "投产"}, {"suspended", "停缓建"}, {"withdrawn", "退库"}};
  static const std::map<std::string_view, std::string_view> kCategories = {
      {"industry", "产业"}, {"infrastructure", "基础设施"}, {"livelihood", "民生"},
      {"ecology", "生态环保"}, {"social", "社会事业"},      {"platform", "发展平台"}};
  static const std::map<std::string_view, std::string_view> kLevels = {
      {"provincial", "省重点"}, {"municipal", "市重点"}, {"district", "区重点"}, {"general", "一般"}};
  const std::map<std::string_view, std::string_view>* table = d == Dimension::kStage      ? &kStages
                                                              : d == Dimension::kCategory ? &kCategories
                                                              : d == Dimension::kLevel    ? &kLevels
                                                                                          : nullptr;
  if (table) {
    if (auto it = table->find(key); it != table->end()) return std::string(it->second);
  }
  return std::string(key);
}

void SortBreakdown(std::vector<Group>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const Group& a, const Group& b) {
    if (a.figures.annual_planned != b.figures.annual_planned) return a.figures.annual_planned > b.figures.annual_planned;
    if (a.name != b.name) return a.name < b.name;
    return KeyLess(a.key, b.key);
  });
}

void SortByLights(std::vector<Group>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const Group& a, const Group& b) {
    if (a.figures.red != b.figures.red) return a.figures.red > b.figures.red;
    if (a.figures.yellow != b.figures.yellow) return a.figures.yellow > b.figures.yellow;
    if (a.name != b.name) return a.name < b.name;
    return KeyLess(a.key, b.key);
  });
}

std::vector<RankRow> RankUnits(const std::vector<Group>& units) {
  std::vector<RankRow> out;
  for (const Group& g : units) {
    if (!g.key || g.figures.annual_planned <= 0) continue;
    out.push_back({0, g, RatesOf(g.figures)});
  }
  std::stable_sort(out.begin(), out.end(), [](const RankRow& a, const RankRow& b) {
    // Every row has a plan, so every row has a completion rate.
    const int64_t ra = a.rates.completion_rate.value_or(0), rb = b.rates.completion_rate.value_or(0);
    if (ra != rb) return ra > rb;
    if (a.group.figures.completed_ytd != b.group.figures.completed_ytd) {
      return a.group.figures.completed_ytd > b.group.figures.completed_ytd;
    }
    if (a.group.name != b.group.name) return a.group.name < b.group.name;
    return KeyLess(a.group.key, b.group.key);
  });
  for (size_t i = 0; i < out.size(); ++i) out[i].rank = static_cast<int>(i + 1);
  return out;
}

std::vector<TrendMonth> TrendOf(const std::array<Fen, 12>& plan, const std::array<Fen, 12>& prop,
                                const std::array<Fen, 12>& done, int month, ScheduleBasis basis) {
  std::vector<TrendMonth> out;
  for (int m = 1; m <= std::clamp(month, 0, 12); ++m) {
    TrendMonth t;
    t.month = m;
    t.planned_cum = plan[m - 1];
    t.schedule_cum = basis == ScheduleBasis::kMonthlyTargets ? plan[m - 1] : prop[m - 1];
    t.completed_cum = done[m - 1];
    t.completed_month = done[m - 1] - (m > 1 ? done[m - 2] : 0);
    out.push_back(t);
  }
  return out;
}

std::optional<int> HistogramPercentile(const std::vector<std::pair<int, int64_t>>& sorted_histogram, int p) {
  int64_t n = 0;
  for (const auto& [value, count] : sorted_histogram) n += count;
  if (n <= 0) return std::nullopt;
  // Nearest rank: ceil(p/100 × n), 1-based (engine/approval_stats.h).
  const int64_t rank = std::max<int64_t>(1, (static_cast<int64_t>(p) * n + 99) / 100);
  int64_t seen = 0;
  for (const auto& [value, count] : sorted_histogram) {
    seen += count;
    if (seen >= rank) return value;
  }
  return sorted_histogram.back().first;
}

ApprovalPanel ApprovalBottlenecks(const std::vector<OpenApprovalCode>& open, const std::vector<DurationCount>& durations,
                                  const std::vector<std::pair<int64_t, std::string>>& names, size_t limit) {
  struct Acc {
    ApprovalDepartment row;
    std::map<int, int64_t> days;
  };
  // Departments by id; the items without one under a key of their own.
  std::map<std::optional<int64_t>, Acc> by;
  ApprovalPanel panel;
  for (const auto& o : open) {
    Acc& a = by[o.department];
    ++a.row.in_progress;
    ++panel.in_progress;
    if (o.code == domain::ApprovalCode::kRed) {
      ++a.row.red;
      ++panel.red;
    } else if (o.code == domain::ApprovalCode::kYellow) {
      ++a.row.yellow;
      ++panel.yellow;
    }
  }
  for (const auto& d : durations) {
    if (d.count > 0) by[d.department].days[d.days] += d.count;
  }
  std::map<int64_t, std::string> name_of(names.begin(), names.end());
  for (auto& [key, acc] : by) {
    acc.row.key = key;
    if (!key) {
      acc.row.name = std::string(kUnassigned);
    } else if (auto it = name_of.find(*key); it != name_of.end()) {
      acc.row.name = it->second;
    }
    std::vector<std::pair<int, int64_t>> histogram(acc.days.begin(), acc.days.end());
    acc.row.median_days = HistogramPercentile(histogram, 50);
    acc.row.p90_days = HistogramPercentile(histogram, 90);
    panel.departments.push_back(acc.row);
  }
  std::stable_sort(panel.departments.begin(), panel.departments.end(),
                   [](const ApprovalDepartment& a, const ApprovalDepartment& b) {
                     return std::tie(b.red, b.yellow, b.in_progress, a.name) <
                            std::tie(a.red, a.yellow, a.in_progress, b.name);
                   });
  if (panel.departments.size() > limit) panel.departments.resize(limit);
  return panel;
}

}  // namespace gongjian::engine

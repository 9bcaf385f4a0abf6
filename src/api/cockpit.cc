// The leaders' cockpit (驾驶舱): the panels' routes, the answer cache, and the upkeep of the
// per-project year figures the money panels sum.
#include "api/cockpit.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "api/json_input.h"
#include "api/map_points.h"
#include "api/projects.h"
#include "api/respond.h"
#include "api/session.h"
#include "api/supervision_rules.h"
#include "api/warnings.h"
#include "core/sm3.h"
#include "engine/cockpit.h"
#include "store/cockpit_repository.h"
#include "store/milestone_repository.h"
#include "store/org_repository.h"
#include "store/user_repository.h"

namespace gongjian::api {

using core::Result;
using core::Status;
using nlohmann::json;

// ---- The cache ----

std::shared_ptr<const std::string> CockpitCache::Get(const std::string& key, int64_t generation) {
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end() || it->second->generation != generation) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->body;
}

void CockpitCache::Put(const std::string& key, int64_t generation, std::shared_ptr<const std::string> body) {
  std::lock_guard lock(mu_);
  if (auto it = index_.find(key); it != index_.end()) {
    // A request computed at an older generation than the one stored keeps the newer answer.
    if (it->second->generation > generation) return;
    bytes_ -= it->second->body->size() + it->second->key.size();
    lru_.erase(it->second);
    index_.erase(it);
  }
  bytes_ += body->size() + key.size();
  lru_.push_front({key, generation, std::move(body)});
  index_[key] = lru_.begin();
  EvictLocked();
}

void CockpitCache::EvictLocked() {
  while (bytes_ > max_bytes_ && lru_.size() > 1) {
    const Entry& last = lru_.back();
    bytes_ -= last.body->size() + last.key.size();
    index_.erase(last.key);
    lru_.pop_back();
  }
}

size_t CockpitCache::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

size_t CockpitCache::entries() const {
  std::lock_guard lock(mu_);
  return lru_.size();
}

// ---- The year figures ----

namespace {

store::CockpitYearRow RowOf(int64_t project_id, int year, const engine::YearFigures& y) {
  store::CockpitYearRow r;
  r.project_id = project_id;
  r.year = year;
  r.planned = y.planned;
  r.done = y.done;
  r.plan = y.plan;
  r.prop = y.prop;
  return r;
}

engine::YearFigures FiguresOf(const store::CockpitYearInputs& in) {
  return engine::YearFiguresOf(in.planned, in.targets, in.done);
}

}  // namespace

Status RefreshCockpitYear(store::Connection& c, int64_t project_id, int year) {
  auto in = store::LoadCockpitYearInputs(c, project_id, year);
  if (!in) return in.error();
  const engine::YearFigures y = FiguresOf(*in);
  if (engine::Empty(y)) return store::SaveCockpitYear(c, project_id, year, std::nullopt);
  return store::SaveCockpitYear(c, project_id, year, RowOf(project_id, year, y));
}

namespace {

// Writes `value` to setting `key` whatever its version.
Status PutMarker(store::Connection& c, const char* key, const std::string& value, const std::string& now) {
  auto current = store::GetSetting(c, key);
  if (!current && current.error().code() != core::Code::kNotFound) return current.error();
  if (current && current->value == value) return Status::Ok();
  auto put = store::PutSetting(c, key, value, current ? current->version : 0, now);
  return put ? Status::Ok() : put.error();
}

// What identifies a calendar for the ordinals: its exceptions, hashed.
std::string CalendarFingerprint(const domain::WorkCalendar& calendar) {
  std::string text = "2000-01-01..2100-12-31;";
  for (const auto& d : calendar.exceptions()) {
    text += d.date.ToString() + (d.kind == domain::CalendarDay::Kind::kWorkday ? "w;" : "h;");
  }
  return core::Sm3Hex(text);
}

Result<std::string> MarkerOf(store::Connection& c, const char* key) {
  auto s = store::GetSetting(c, key);
  if (s) return s->value;
  if (s.error().code() == core::Code::kNotFound) return std::string();
  return core::Fail(std::move(s.error()));
}

}  // namespace

Result<int64_t> RebuildCockpitYears(store::Connection& c, const std::string& now) {
  auto inputs = store::LoadAllCockpitYearInputs(c);
  if (!inputs) return core::Fail(std::move(inputs.error()));
  std::vector<store::CockpitYearRow> rows;
  rows.reserve(inputs->size());
  for (const auto& in : *inputs) {
    const engine::YearFigures y = FiguresOf(in);
    if (!engine::Empty(y)) rows.push_back(RowOf(in.project_id, in.year, y));
  }
  GJ_FAIL_IF_ERROR(store::ReplaceCockpitYears(c, rows));
  GJ_FAIL_IF_ERROR(PutMarker(c, kCockpitYearsKey, kCockpitYearsVersion, now));
  return static_cast<int64_t>(rows.size());
}

Status RefreshCockpitCalendar(store::Connection& c, const std::string& now) {
  auto calendar = store::LoadWorkCalendar(c);
  if (!calendar) return calendar.error();
  // Working days from 2000-01-01 (itself included) to each day, up to 2100-12-31.
  std::vector<int64_t> ordinals;
  ordinals.reserve(36'900);
  int64_t count = 0;
  for (int64_t day = 10957; domain::DateFromDays(day).year <= 2100; ++day) {
    if (calendar->IsWorkingDay(domain::DateFromDays(day))) ++count;
    ordinals.push_back(count);
  }
  GJ_RETURN_IF_ERROR(store::ReplaceWorkDayOrdinals(c, ordinals));
  return PutMarker(c, kCockpitCalendarKey, CalendarFingerprint(*calendar), now);
}

Result<int64_t> RebuildCockpit(store::Connection& c, const std::string& now) {
  auto years = RebuildCockpitYears(c, now);
  if (!years) return years;
  GJ_FAIL_IF_ERROR(RefreshCockpitCalendar(c, now));
  return years;
}

Result<bool> EnsureCockpit(store::Database& db, const core::Clock& clock) {
  struct Due {
    bool years = false;
    bool calendar = false;
  };
  auto due = [](store::Connection& c) -> Result<Due> {
    auto years = MarkerOf(c, kCockpitYearsKey);
    if (!years) return core::Fail(std::move(years.error()));
    auto marker = MarkerOf(c, kCockpitCalendarKey);
    if (!marker) return core::Fail(std::move(marker.error()));
    auto calendar = store::LoadWorkCalendar(c);
    if (!calendar) return core::Fail(std::move(calendar.error()));
    return Due{*years != kCockpitYearsVersion, *marker != CalendarFingerprint(*calendar)};
  };
  auto before = db.ReadValue<Due>(due);
  if (!before) return core::Fail(std::move(before.error()));
  if (!before->years && !before->calendar) return false;
  return db.WriteValue<bool>([&](store::Connection& c) -> Result<bool> {
    auto still = due(c);  // another instance may have done it meanwhile
    if (!still) return core::Fail(std::move(still.error()));
    const std::string now = core::FormatTimestamp(clock.Now());
    if (still->years) {
      auto n = RebuildCockpitYears(c, now);
      if (!n) return core::Fail(std::move(n.error()));
      spdlog::info("cockpit year figures rebuilt: {} project-years", *n);
    }
    if (still->calendar) {
      GJ_FAIL_IF_ERROR(RefreshCockpitCalendar(c, now));
      spdlog::info("cockpit working-day ordinals and approval durations recounted");
    }
    return still->years || still->calendar;
  });
}

// ---- The panels ----

namespace {

json Opt(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }
json Opt(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }

// A group key as JSON: an org id as a number, a stage/category/level as its name, null for none.
json KeyJson(engine::Dimension d, const std::optional<std::string>& key) {
  if (!key) return nullptr;
  if (d == engine::Dimension::kTown || d == engine::Dimension::kUnit) {
    int64_t id = 0;
    std::from_chars(key->data(), key->data() + key->size(), id);
    return id;
  }
  return *key;
}

store::CockpitDim DimOf(engine::Dimension d) {
  switch (d) {
    case engine::Dimension::kStage: return store::CockpitDim::kStage;
    case engine::Dimension::kCategory: return store::CockpitDim::kCategory;
    case engine::Dimension::kLevel: return store::CockpitDim::kLevel;
    case engine::Dimension::kTown: return store::CockpitDim::kTown;
    case engine::Dimension::kUnit: return store::CockpitDim::kUnit;
  }
  return store::CockpitDim::kNone;
}

// What one request asks, resolved: the period, the scope, and what the panels need to know.
struct Ask {
  engine::CockpitPeriod period;
  domain::Date today;
  std::string now;
  store::CockpitScope scope;
  // Filled inside the read transaction (the active rules are data).
  engine::ScheduleBasis basis = engine::ScheduleBasis::kMonthlyTargets;

  store::CockpitWindow Window() const {
    return {period.year, period.month, period.month_end, today, basis == engine::ScheduleBasis::kProportional};
  }
};

json Header(const Ask& a) {
  return {{"year", a.period.year},
          {"month", a.period.month},
          {"as_of", a.period.as_of.ToString()},
          {"generated_at", a.now}};
}

// The figures of the projects in scope by `dim` (one group for kNone): counts, with the warning
// colours when `colours`, with `money` the year's money through the window's month, and with
// `dated` (colours only) the starts and completions from 1 January to the month's end.
Result<std::vector<engine::Group>> Figures(store::Connection& c, const Ask& a, store::CockpitDim dim, bool colours,
                                           bool money, bool dated = false) {
  std::map<std::optional<std::string>, engine::Figures> by;
  std::optional<store::CockpitDays> window;
  if (dated) window = store::CockpitDays{{a.period.year, 1, 1}, a.period.month_end};
  auto counts = store::CockpitCounts(c, a.scope, dim, colours, window);
  if (!counts) return core::Fail(std::move(counts.error()));
  for (const auto& r : *counts) {
    engine::Figures& f = by[r.key];
    f.projects += r.projects;
    f.total_investment += r.total_investment;
    f.new_starts += r.new_starts;
    f.completions += r.completions;
    if (colours) (r.colour == "red" ? f.red : r.colour == "yellow" ? f.yellow : f.green) += r.projects;
  }
  if (money) {
    auto sums = store::CockpitMoney(c, a.scope, a.Window(), dim);
    if (!sums) return core::Fail(std::move(sums.error()));
    for (const auto& r : *sums) {
      // The same projects' money: both queries keep the scope and the stages.
      engine::Figures& f = by[r.key];
      f.annual_planned += r.annual_planned;
      f.completed_ytd += r.completed;
      f.schedule_ytd += r.schedule;
    }
  }
  std::vector<engine::Group> out;
  for (auto& [key, f] : by) {
    if (f.projects == 0 && dim != store::CockpitDim::kNone) continue;
    out.push_back({key, {}, f});
  }
  if (out.empty() && dim == store::CockpitDim::kNone) out.emplace_back();
  return out;
}

// Names the groups of `d`: org names for towns and units, labels for the others, 未指定 for none.
Status Name(store::Connection& c, engine::Dimension d, std::vector<engine::Group>& groups) {
  std::map<int64_t, std::string> names;
  if (d == engine::Dimension::kTown || d == engine::Dimension::kUnit) {
    std::vector<int64_t> ids;
    for (const auto& g : groups) {
      if (g.key) ids.push_back(std::stoll(*g.key));
    }
    auto found = store::OrgNames(c, ids);
    if (!found) return found.error();
    names = std::move(*found);
  }
  for (auto& g : groups) {
    if (!g.key) {
      g.name = std::string(engine::kUnassigned);
    } else if (d == engine::Dimension::kTown || d == engine::Dimension::kUnit) {
      g.name = names[std::stoll(*g.key)];
    } else {
      g.name = engine::KeyLabel(d, *g.key);
    }
  }
  return Status::Ok();
}

Result<std::vector<engine::Group>> Named(store::Connection& c, const Ask& a, engine::Dimension d, bool colours,
                                         bool money) {
  auto groups = Figures(c, a, DimOf(d), colours, money);
  if (!groups) return groups;
  GJ_FAIL_IF_ERROR(Name(c, d, *groups));
  return groups;
}

json GroupJson(engine::Dimension d, const engine::Group& g) {
  return {{"key", KeyJson(d, g.key)},
          {"name", g.name},
          {"projects", g.figures.projects},
          {"total_investment", g.figures.total_investment},
          {"annual_planned", g.figures.annual_planned},
          {"completed_ytd", g.figures.completed_ytd},
          {"completion_rate", Opt(engine::RatesOf(g.figures).completion_rate)}};
}

Result<engine::Figures> Totals(store::Connection& c, const Ask& a) {
  auto groups = Figures(c, a, store::CockpitDim::kNone, true, true, true);
  if (!groups) return core::Fail(std::move(groups.error()));
  engine::Figures f;
  for (const auto& g : *groups) f += g.figures;
  return f;
}

Result<json> Summary(store::Connection& c, const Ask& a) {
  auto f = Totals(c, a);
  if (!f) return core::Fail(std::move(f.error()));
  auto names = store::ScopeOrgNames(c, a.scope.viewer);
  if (!names) return core::Fail(std::move(names.error()));
  std::string scope = "全区";
  if (!names->empty()) {
    scope = (*names)[0];
    for (size_t i = 1; i < names->size(); ++i) scope += "、" + (*names)[i];
  }
  const engine::Rates r = engine::RatesOf(*f);
  json out = Header(a);
  out.update({{"projects", f->projects},
              {"total_investment", f->total_investment},
              {"annual_planned", f->annual_planned},
              {"completed_ytd", f->completed_ytd},
              {"schedule_ytd", f->schedule_ytd},
              {"completion_rate", Opt(r.completion_rate)},
              {"schedule_rate", Opt(r.schedule_rate)},
              {"points_vs_schedule", Opt(r.points_vs_schedule)},
              {"new_starts", f->new_starts},
              {"completions", f->completions},
              {"lights", {{"red", f->red}, {"yellow", f->yellow}, {"green", f->green}}},
              {"scope", scope},
              {"sentence", engine::SummarySentence(a.period.month, scope, *f, r)}});
  return out;
}

Result<json> Breakdown(store::Connection& c, const Ask& a, engine::Dimension d) {
  auto groups = Named(c, a, d, false, true);
  if (!groups) return core::Fail(std::move(groups.error()));
  engine::SortBreakdown(*groups);
  engine::Group total;
  json list = json::array();
  for (const auto& g : *groups) {
    total.figures += g.figures;
    list.push_back(GroupJson(d, g));
  }
  json t = GroupJson(d, total);
  t.erase("key");
  t.erase("name");
  json out = Header(a);
  out.update({{"dimension", engine::DimensionName(d)}, {"rows", list}, {"total", t}});
  return out;
}

Result<json> Lights(store::Connection& c, const Ask& a) {
  auto groups = Named(c, a, engine::Dimension::kTown, true, false);
  if (!groups) return core::Fail(std::move(groups.error()));
  engine::SortByLights(*groups);
  engine::Figures total;
  json towns = json::array();
  for (const auto& g : *groups) {
    total += g.figures;
    towns.push_back({{"key", KeyJson(engine::Dimension::kTown, g.key)},
                     {"name", g.name},
                     {"red", g.figures.red},
                     {"yellow", g.figures.yellow},
                     {"green", g.figures.green}});
  }
  json out = Header(a);
  out.update({{"counts", {{"red", total.red}, {"yellow", total.yellow}, {"green", total.green}}}, {"by_town", towns}});
  return out;
}

Result<json> Problems(store::Connection& c, const Ask& a) {
  auto rows = store::CockpitProblems(c, a.scope, a.Window());
  if (!rows) return core::Fail(std::move(rows.error()));
  struct Counts {
    int64_t open = 0, overdue = 0, closed = 0;
  };
  std::map<std::string, Counts> by_type;
  std::map<std::optional<int64_t>, Counts> by_unit;
  Counts total;
  int64_t raised = 0;
  std::vector<int64_t> units;
  for (const auto& r : *rows) {
    raised += r.raised;
    if (r.open == 0 && r.overdue == 0 && r.closed == 0) continue;
    for (Counts* k : {&by_type[r.type], &by_unit[r.unit], &total}) {
      k->open += r.open;
      k->overdue += r.overdue;
      k->closed += r.closed;
    }
    if (r.unit) units.push_back(*r.unit);
  }
  std::sort(units.begin(), units.end());
  units.erase(std::unique(units.begin(), units.end()), units.end());
  auto found = store::OrgNames(c, units);
  if (!found) return core::Fail(std::move(found.error()));
  std::map<int64_t, std::string>& names = *found;
  struct Line {
    json key;
    std::string name;
    Counts n;
  };
  auto list = [](std::vector<Line> lines) {
    // Most overdue first, then most open, then by name.
    std::stable_sort(lines.begin(), lines.end(), [](const Line& x, const Line& y) {
      if (x.n.overdue != y.n.overdue) return x.n.overdue > y.n.overdue;
      if (x.n.open != y.n.open) return x.n.open > y.n.open;
      return x.name < y.name;
    });
    json out = json::array();
    for (const auto& l : lines) {
      out.push_back({{"key", l.key},
                     {"name", l.name},
                     {"open", l.n.open},
                     {"overdue", l.n.overdue},
                     {"closed_this_month", l.n.closed}});
    }
    return out;
  };
  std::vector<Line> types, unit_lines;
  for (const auto& [type, n] : by_type) {
    auto t = domain::ParseProblemType(type);
    types.push_back({type, t ? std::string(domain::ProblemTypeLabel(*t)) : type, n});
  }
  for (const auto& [unit, n] : by_unit) {
    unit_lines.push_back({unit ? json(*unit) : json(nullptr), unit ? names[*unit] : std::string(engine::kUnassigned), n});
  }
  json out = Header(a);
  out.update({{"open", total.open},
              {"overdue", total.overdue},
              {"closed_this_month", total.closed},
              {"raised_this_month", raised},
              {"by_type", list(types)},
              {"by_unit", list(unit_lines)}});
  return out;
}

// An item in progress of a project in scope with its code today.
struct CodedApproval {
  store::CockpitOpenApproval item;
  domain::ApprovalCode code = domain::ApprovalCode::kNone;
};

// The items in progress of the projects in scope, each with today's code as the approvals tab
// and the overdue list show it (the work calendar and the supervision rules' red share): what
// the approvals panel counts and its drill-downs list.
Result<std::vector<CodedApproval>> OpenApprovalCodes(store::Connection& c, const Ask& a) {
  auto calendar = store::LoadWorkCalendar(c);
  if (!calendar) return core::Fail(std::move(calendar.error()));
  auto rules = LoadSupervisionRules(c);
  if (!rules) return core::Fail(std::move(rules.error()));
  auto open = store::CockpitOpenApprovals(c, a.scope);
  if (!open) return core::Fail(std::move(open.error()));
  std::vector<CodedApproval> out;
  out.reserve(open->size());
  for (auto& o : *open) {
    domain::ApprovalItem item;
    item.status = domain::ApprovalStatus::kInProgress;
    item.department_org_id = o.department;
    item.applied_on = o.applied_on;
    item.limit_days = o.limit_days;
    item.limit_kind = domain::ParseLimitKind(o.limit_kind).value_or(domain::LimitKind::kWorking);
    const domain::ApprovalCode code =
        domain::TimeApproval(item, *calendar, a.today, rules->approval_red_percent).live_code;
    out.push_back({std::move(o), code});
  }
  return out;
}

Result<json> Approvals(store::Connection& c, const Ask& a) {
  auto open = OpenApprovalCodes(c, a);
  if (!open) return core::Fail(std::move(open.error()));
  std::vector<engine::OpenApprovalCode> codes;
  codes.reserve(open->size());
  std::vector<int64_t> departments;
  for (const auto& o : *open) {
    codes.push_back({o.item.department, o.code});
    if (o.item.department) departments.push_back(*o.item.department);
  }
  // Durations in working days for every item, whatever its limit's unit (engine/approval_stats.h).
  auto finished = store::CockpitApprovalDurations(c, a.scope, a.period.year, a.period.month);
  if (!finished) return core::Fail(std::move(finished.error()));
  std::vector<engine::DurationCount> durations;
  durations.reserve(finished->size());
  for (const auto& f : *finished) {
    durations.push_back({f.department, f.days, f.count});
    if (f.department) departments.push_back(*f.department);
  }
  std::sort(departments.begin(), departments.end());
  departments.erase(std::unique(departments.begin(), departments.end()), departments.end());
  auto names = store::OrgNames(c, departments);
  if (!names) return core::Fail(std::move(names.error()));
  const engine::ApprovalPanel panel =
      engine::ApprovalBottlenecks(codes, durations, {names->begin(), names->end()});
  json list = json::array();
  for (const auto& d : panel.departments) {
    list.push_back({{"key", Opt(d.key)},
                    {"name", d.name},
                    {"in_progress", d.in_progress},
                    {"yellow", d.yellow},
                    {"red", d.red},
                    {"median_days", Opt(d.median_days)},
                    {"p90_days", Opt(d.p90_days)}});
  }
  json out = Header(a);
  out.update({{"in_progress", panel.in_progress}, {"yellow", panel.yellow}, {"red", panel.red}, {"departments", list}});
  return out;
}

Result<json> Trend(store::Connection& c, const Ask& a) {
  auto curves = store::CockpitTrend(c, a.scope, a.period.year);
  if (!curves) return core::Fail(std::move(curves.error()));
  json months = json::array();
  for (const auto& t : engine::TrendOf(curves->plan, curves->prop, curves->done, a.period.month, a.basis)) {
    months.push_back({{"month", t.month},
                      {"planned_cum", t.planned_cum},
                      {"schedule_cum", t.schedule_cum},
                      {"completed_cum", t.completed_cum},
                      {"completed_month", t.completed_month}});
  }
  json out = Header(a);
  out["months"] = months;
  return out;
}

Result<json> Ranking(store::Connection& c, const Ask& a) {
  auto groups = Named(c, a, engine::Dimension::kUnit, true, true);
  if (!groups) return core::Fail(std::move(groups.error()));
  json list = json::array();
  for (const auto& r : engine::RankUnits(*groups)) {
    list.push_back({{"rank", r.rank},
                    {"key", KeyJson(engine::Dimension::kUnit, r.group.key)},
                    {"name", r.group.name},
                    {"projects", r.group.figures.projects},
                    {"annual_planned", r.group.figures.annual_planned},
                    {"completed_ytd", r.group.figures.completed_ytd},
                    {"completion_rate", Opt(r.rates.completion_rate)},
                    {"points_vs_schedule", Opt(r.rates.points_vs_schedule)},
                    {"red", r.group.figures.red},
                    {"yellow", r.group.figures.yellow}});
  }
  json out = Header(a);
  out["rows"] = list;
  return out;
}

// The map is the one large answer (a province's 49,000 points): rows of the columns named in
// "columns", written directly rather than as a json tree of 49,000 objects. The colour is an
// index into "colours" (a digit rather than a quoted word a point), and the stage, which the map
// does not show, is left out: a quarter fewer bytes to write, send and parse. The whole
// district's points are kept between requests, and only the buckets of ids written since are read
// again (MapBuckets); a narrower scope's rows are formatted on a second thread while the store
// walks them (MapPointWriter).
Result<std::string> MapBody(store::Connection& c, const Ask& a, MapBuckets& buckets) {
  std::string header = Header(a).dump();
  std::string out;
  out.reserve(header.size() + 50'000 * 80);  // ~70 bytes a point with a Chinese name
  out.append(header, 0, header.size() - 1);   // without its closing brace
  out += R"(,"columns":["id","name","lng","lat","colour"],"colours":["green","yellow","red"],"points":[)";
  if (a.scope.viewer.scope == domain::ScopeKind::kAll) {
    GJ_FAIL_IF_ERROR(buckets.Append(c, a.scope, out));
  } else {
    MapPointWriter writer(out);
    auto points = store::CockpitPoints(c, a.scope, [&](const store::CockpitPoint& p) { writer.Add(p); });
    writer.Finish();
    if (!points) return core::Fail(std::move(points.error()));
  }
  out += "]}";
  return out;
}

Result<json> Mine(store::Connection& c, const Ask& a) {
  auto rows = store::CockpitLeaderProjects(c, a.scope, a.Window());
  if (!rows) return core::Fail(std::move(rows.error()));
  auto rank = [](const std::string& colour) { return colour == "red" ? 0 : colour == "yellow" ? 1 : 2; };
  std::stable_sort(rows->begin(), rows->end(), [&](const auto& x, const auto& y) {
    if (rank(x.colour) != rank(y.colour)) return rank(x.colour) < rank(y.colour);
    if (x.overdue_problems != y.overdue_problems) return x.overdue_problems > y.overdue_problems;
    if (x.open_problems != y.open_problems) return x.open_problems > y.open_problems;
    if (x.name != y.name) return x.name < y.name;
    return x.id < y.id;
  });
  json list = json::array();
  for (const auto& p : *rows) {
    list.push_back({{"id", p.id},
                    {"name", p.name},
                    {"stage", p.stage},
                    {"colour", p.colour},
                    {"reason", p.colour == "green" ? std::string() : p.reason},
                    {"open_problems", p.open_problems},
                    {"overdue_problems", p.overdue_problems},
                    {"completion_rate", Opt(engine::BasisPoints(p.completed, p.planned))},
                    {"town", p.town},
                    {"town_org_id", Opt(p.town_org_id)}});
  }
  json out = Header(a);
  out["projects"] = list;
  return out;
}

constexpr std::string_view kDimensions = "stage, category, level, town, unit";
constexpr std::string_view kFigures =
    "projects, total_investment, annual_planned, completed_ytd, completed_month, new_starts, completions, red,"
    " yellow, green, problems_open, problems_overdue, problems_closed, problems_raised, approvals_in_progress,"
    " approvals_yellow, approvals_red";

std::optional<store::CockpitFigure> ParseFigure(std::string_view name) {
  static const std::map<std::string_view, store::CockpitFigure> kByName = {
      {"projects", store::CockpitFigure::kProjects},
      {"total_investment", store::CockpitFigure::kTotalInvestment},
      {"annual_planned", store::CockpitFigure::kAnnualPlanned},
      {"completed_ytd", store::CockpitFigure::kCompletedYtd},
      {"completed_month", store::CockpitFigure::kCompletedMonth},
      {"new_starts", store::CockpitFigure::kNewStarts},
      {"completions", store::CockpitFigure::kCompletions},
      {"red", store::CockpitFigure::kRed},
      {"yellow", store::CockpitFigure::kYellow},
      {"green", store::CockpitFigure::kGreen},
      {"problems_open", store::CockpitFigure::kProblemsOpen},
      {"problems_overdue", store::CockpitFigure::kProblemsOverdue},
      {"problems_closed", store::CockpitFigure::kProblemsClosed},
      {"problems_raised", store::CockpitFigure::kProblemsRaised},
      {"approvals_in_progress", store::CockpitFigure::kApprovalsInProgress},
      {"approvals_yellow", store::CockpitFigure::kApprovalsYellow},
      {"approvals_red", store::CockpitFigure::kApprovalsRed}};
  auto it = kByName.find(name);
  if (it == kByName.end()) return std::nullopt;
  return it->second;
}

// The drill-down's own query, read and checked.
struct Drill {
  std::string figure_name;
  store::CockpitFigure figure = store::CockpitFigure::kProjects;
  std::string dimension_name;  // empty: none
  store::CockpitNarrow narrow;
  store::PageRequest page;
};

Result<Drill> ReadDrill(const http::Request& req) {
  Drill d;
  d.figure_name = std::string(req.Query("figure").value_or(""));
  if (d.figure_name.empty()) return core::Fail(Status::Invalid("figure", "required"));
  auto figure = ParseFigure(d.figure_name);
  if (!figure) return core::Fail(Status::Invalid("figure", "invalid_enum", {std::string(kFigures)}));
  d.figure = *figure;
  const bool problem = store::IsProblemFigure(d.figure);
  const bool approval = store::IsApprovalFigure(d.figure);
  d.dimension_name = std::string(req.Query("dimension").value_or(""));
  if (!d.dimension_name.empty()) {
    if (approval) {
      // The approval items' own department, the approvals panel's rows.
      if (d.dimension_name != "department") {
        return core::Fail(Status::Invalid("dimension", "invalid_enum", {std::string("department")}));
      }
      d.narrow.dim = store::CockpitDim::kDepartment;
    } else if (problem && d.dimension_name == "type") {
      d.narrow.dim = store::CockpitDim::kProblemType;
    } else if (auto dim = engine::ParseDimension(d.dimension_name)) {
      d.narrow.dim = DimOf(*dim);
    } else {
      return core::Fail(Status::Invalid(
          "dimension", "invalid_enum", {std::string(kDimensions) + (problem ? ", type" : "")}));
    }
    auto key = req.Query("key");
    if (!key || key->empty()) return core::Fail(Status::Invalid("key", "required"));
    if (*key != "null") {
      d.narrow.key = std::string(*key);
      // Names must be one of the dimension's; ids are checked by the store.
      bool known = true;
      switch (d.narrow.dim) {
        case store::CockpitDim::kStage: known = domain::ParseStage(*key).has_value(); break;
        case store::CockpitDim::kCategory: known = domain::ParseProjectCategory(*key).has_value(); break;
        case store::CockpitDim::kLevel: known = domain::ParseProjectLevel(*key).has_value(); break;
        case store::CockpitDim::kProblemType: known = domain::ParseProblemType(*key).has_value(); break;
        case store::CockpitDim::kDepartment: {
          int64_t id = 0;
          auto [end, ec] = std::from_chars(key->data(), key->data() + key->size(), id);
          if (ec != std::errc() || end != key->data() + key->size()) {
            return core::Fail(Status::Invalid("key", "wrong_type_integer"));
          }
          break;
        }
        default: break;
      }
      if (!known) return core::Fail(Status::Invalid("key", "cockpit_key_unknown", {d.dimension_name}));
    }
  }
  auto page = QueryInt(req, "page", 1, 1, 1'000'000);
  if (!page) return core::Fail(page.error());
  auto size = QueryInt(req, "page_size", 20, 1, 200);
  if (!size) return core::Fail(size.error());
  d.page = {*page, *size};
  return d;
}

// The projects behind an approval figure: each project's items in progress (all of them, or those
// coded yellow or red today, as the approvals panel counts them), of one department when narrowed
// (nullopt key: the items without one); the largest count first, then by name and id, one page.
Result<store::CockpitItems> ApprovalProjects(store::Connection& c, const Ask& a, const Drill& d) {
  auto open = OpenApprovalCodes(c, a);
  if (!open) return core::Fail(std::move(open.error()));
  const bool narrowed = d.narrow.dim == store::CockpitDim::kDepartment;
  std::optional<int64_t> department;
  if (narrowed && d.narrow.key) department = std::stoll(*d.narrow.key);  // checked by ReadDrill
  std::map<int64_t, int64_t> by_project;
  for (const auto& o : *open) {
    if (narrowed && o.item.department != department) continue;
    if (d.figure == store::CockpitFigure::kApprovalsYellow && o.code != domain::ApprovalCode::kYellow) continue;
    if (d.figure == store::CockpitFigure::kApprovalsRed && o.code != domain::ApprovalCode::kRed) continue;
    ++by_project[o.item.project_id];
  }
  store::CockpitItems out;
  std::vector<store::CockpitItem> all;
  all.reserve(by_project.size());
  for (const auto& [project, n] : by_project) {
    store::CockpitItem item;
    item.project_id = project;
    item.value = n;
    all.push_back(std::move(item));
    out.sum += n;
  }
  out.total = static_cast<int64_t>(all.size());
  GJ_FAIL_IF_ERROR(store::NameCockpitItems(c, all));
  std::sort(all.begin(), all.end(), [](const store::CockpitItem& x, const store::CockpitItem& y) {
    return std::tie(y.value, x.name, x.project_id) < std::tie(x.value, y.name, y.project_id);
  });
  const auto first = std::min<int64_t>(d.page.Offset(), out.total);
  const auto last = std::min<int64_t>(first + d.page.page_size, out.total);
  out.items.assign(std::make_move_iterator(all.begin() + first), std::make_move_iterator(all.begin() + last));
  return out;
}

Result<json> Projects(store::Connection& c, const Ask& a, const Drill& d) {
  auto items = store::IsApprovalFigure(d.figure) ? ApprovalProjects(c, a, d)
                                                 : store::CockpitProjects(c, a.scope, a.Window(), d.figure, d.narrow, d.page);
  if (!items) return core::Fail(std::move(items.error()));
  json list = json::array();
  for (const auto& i : items->items) {
    list.push_back(
        {{"project_id", i.project_id}, {"name", i.name}, {"town", i.town}, {"unit", i.unit}, {"value", i.value}});
  }
  json out = Header(a);
  out.update({{"figure", d.figure_name},
              {"dimension", d.dimension_name.empty() ? json(nullptr) : json(d.dimension_name)},
              {"key", !d.narrow.key ? json(nullptr)
                      : d.narrow.dim == store::CockpitDim::kTown || d.narrow.dim == store::CockpitDim::kUnit ||
                              d.narrow.dim == store::CockpitDim::kDepartment
                          ? KeyJson(engine::Dimension::kTown, d.narrow.key)
                          : json(*d.narrow.key)},
              {"total", items->total},
              {"sum", items->sum},
              {"items", list},
              {"page", d.page.page},
              {"page_size", d.page.page_size}});
  return out;
}

// Reads which 序时 the active warning rules use into `a`.
Status ReadBasis(store::Connection& c, Ask& a) {
  auto rules = LoadActiveRules(c);
  if (!rules) return rules.error();
  a.basis = engine::CockpitScheduleBasis(rules->rules);
  return Status::Ok();
}

// The stages the cockpit counts, by name.
std::vector<std::string> StageNames() {
  std::vector<std::string> out;
  for (auto s : engine::CockpitStages()) out.emplace_back(domain::StageName(s));
  return out;
}

// Serves one panel (access was checked by the route): resolves the period, and answers from the cache while the
// generation it was computed at is current; else computes it in the same read transaction,
// after reading the generation (so a cached answer is never older than its generation).
// `key` identifies the panel and its own query; `compute` writes the body.
using Compute = std::function<Result<std::string>(store::Connection&, Ask&)>;

http::Response Serve(const ApiContext& ctx, CockpitCache& cache, http::Request& req, const std::string& key,
                     const Compute& compute, bool per_user = false) {
  Ask a;
  a.today = Today(ctx);
  auto asked = ReadYearMonth(req);
  if (!asked) return ErrorResponse(asked.error(), req);
  auto period = engine::ResolveCockpitPeriod(asked->year, asked->month, a.today);
  if (!period) return ErrorResponse(period.error(), req);
  a.period = *period;
  const auth::Principal& who = CurrentUser(req);
  a.scope.viewer = ViewerOf(req);
  a.scope.stages = StageNames();
  // The whole district's answers are shared by everyone who sees all of it; any narrower scope
  // (it includes the projects one leads) is the user's own.
  const std::string scope_key = per_user || who.scope != domain::ScopeKind::kAll
                                    ? "u" + std::to_string(who.user_id)
                                    : std::string("all");
  const std::string cache_key = key + "|" + std::to_string(a.period.year) + "-" + std::to_string(a.period.month) +
                                "|" + scope_key + "|" + a.today.ToString();
  std::shared_ptr<const std::string> body;
  Status s = ctx.db.Read([&](store::Connection& c) -> Status {
    auto generation = store::CacheGeneration(c, "cockpit");
    if (!generation) return generation.error();
    body = cache.Get(cache_key, *generation);
    if (body) return Status::Ok();
    a.now = core::FormatTimestamp(ctx.clock.Now());
    GJ_RETURN_IF_ERROR(ReadBasis(c, a));
    auto computed = compute(c, a);
    if (!computed) return computed.error();
    body = std::make_shared<const std::string>(std::move(*computed));
    cache.Put(cache_key, *generation, body);
    return Status::Ok();
  });
  if (!s.ok()) return ErrorResponse(s, req);
  return http::Response::Json(200, std::move(body));
}

// A panel whose answer is a json document.
Compute AsText(std::function<Result<json>(store::Connection&, Ask&)> f) {
  return [f = std::move(f)](store::Connection& c, Ask& a) -> Result<std::string> {
    auto j = f(c, a);
    if (!j) return core::Fail(std::move(j.error()));
    return j->dump(-1, ' ', false, json::error_handler_t::replace);
  };
}

}  // namespace

Result<YearMonth> ReadYearMonth(const http::Request& req) {
  YearMonth out;
  for (auto [name, to, most] : {std::tuple{"year", &out.year, 9999}, std::tuple{"month", &out.month, 99}}) {
    auto text = req.Query(name);
    if (!text || text->empty()) continue;
    auto v = QueryInt(req, name, 0, 0, most);
    if (!v) return core::Fail(v.error());
    *to = static_cast<int>(*v);
  }
  return out;
}

Result<DistrictCockpit> DistrictCockpitAnswers(store::Connection& c, int64_t user_id, int year, int month,
                                               domain::Date today, const std::string& now) {
  auto period = engine::ResolveCockpitPeriod(year, month, today);
  if (!period) return core::Fail(std::move(period.error()));
  Ask a;
  a.period = *period;
  a.today = today;
  a.now = now;
  a.scope.viewer = {user_id, domain::ScopeKind::kAll};
  a.scope.stages = StageNames();
  GJ_FAIL_IF_ERROR(ReadBasis(c, a));
  DistrictCockpit out;
  std::pair<nlohmann::json*, Result<json>> panels[] = {
      {&out.summary, Summary(c, a)},
      {&out.by_unit, Breakdown(c, a, engine::Dimension::kUnit)},
      {&out.by_category, Breakdown(c, a, engine::Dimension::kCategory)},
      {&out.ranking, Ranking(c, a)},
      {&out.problems, Problems(c, a)},
      {&out.approvals, Approvals(c, a)},
      {&out.trend, Trend(c, a)},
  };
  for (auto& [to, answer] : panels) {
    if (!answer) return core::Fail(std::move(answer.error()));
    *to = std::move(*answer);
  }
  return out;
}

Result<UnitProgress> UnitProgressTable(store::Connection& c, const store::Viewer& viewer, const YearMonth& asked,
                                       domain::Date today) {
  auto period = engine::ResolveCockpitPeriod(asked.year, asked.month, today);
  if (!period) return core::Fail(std::move(period.error()));
  Ask a;
  a.period = *period;
  a.today = today;
  a.scope.viewer = viewer;
  a.scope.stages = StageNames();
  GJ_FAIL_IF_ERROR(ReadBasis(c, a));
  // The breakdown panel's groups, in its order.
  auto groups = Named(c, a, engine::Dimension::kUnit, false, true);
  if (!groups) return core::Fail(std::move(groups.error()));
  engine::SortBreakdown(*groups);
  // The same sums through the month before: what was completed by then, per unit.
  std::map<std::optional<std::string>, int64_t> before;
  if (a.period.month > 1) {
    store::CockpitWindow window = a.Window();
    window.month -= 1;
    auto sums = store::CockpitMoney(c, a.scope, window, store::CockpitDim::kUnit);
    if (!sums) return core::Fail(std::move(sums.error()));
    for (const auto& r : *sums) before[r.key] += r.completed;
  }
  auto row_of = [](const engine::Figures& f) {
    const engine::Rates r = engine::RatesOf(f);
    UnitProgressRow row;
    row.projects = f.projects;
    row.annual_planned = f.annual_planned;
    row.completed_ytd = f.completed_ytd;
    row.schedule_ytd = f.schedule_ytd;
    row.completion_rate = r.completion_rate;
    row.schedule_rate = r.schedule_rate;
    row.points_vs_schedule = r.points_vs_schedule;
    return row;
  };
  UnitProgress out;
  out.year = a.period.year;
  out.month = a.period.month;
  out.as_of = a.period.as_of;
  engine::Figures total;
  int64_t total_month = 0;
  for (const auto& g : *groups) {
    UnitProgressRow row = row_of(g.figures);
    if (g.key) row.unit_org_id = std::stoll(*g.key);
    row.name = g.name;
    row.completed_month = g.figures.completed_ytd - before[g.key];
    total += g.figures;
    total_month += row.completed_month;
    out.rows.push_back(std::move(row));
  }
  out.total = row_of(total);
  out.total.name = "合计";
  out.total.completed_month = total_month;
  auto names = store::ScopeOrgNames(c, viewer);
  if (!names) return core::Fail(std::move(names.error()));
  out.scope = "全区";
  if (!names->empty()) {
    out.scope = (*names)[0];
    for (size_t i = 1; i < names->size(); ++i) out.scope += "、" + (*names)[i];
  }
  return out;
}

void AddCockpitRoutes(http::Router& router, const ApiContext& ctx) {
  auto cache = std::make_shared<CockpitCache>();
  auto route = [&](const char* path, std::function<http::Response(http::Request&, CockpitCache&)> handler) {
    // Business data in general first: administrators are answered 404 before any query is read.
    router.Add("GET", path, [cache, handler = std::move(handler)](http::Request& r) {
      if (Status s = BusinessAccess(r, auth::Action::kBusinessRead); !s.ok()) return ErrorResponse(s, r);
      return handler(r, *cache);
    });
  };
  route("/api/cockpit/summary", [&ctx](http::Request& r, CockpitCache& cache) {
    return Serve(ctx, cache, r, "summary", AsText([](store::Connection& c, Ask& a) { return Summary(c, a); }));
  });
  route("/api/cockpit/breakdown", [&ctx](http::Request& r, CockpitCache& cache) {
    const std::string name(r.Query("dimension").value_or(""));
    if (name.empty()) return ErrorResponse(Status::Invalid("dimension", "required"), r);
    auto d = engine::ParseDimension(name);
    if (!d) return ErrorResponse(Status::Invalid("dimension", "invalid_enum", {std::string(kDimensions)}), r);
    return Serve(ctx, cache, r, "breakdown:" + name,
                 AsText([d = *d](store::Connection& c, Ask& a) { return Breakdown(c, a, d); }));
  });
  route("/api/cockpit/lights", [&ctx](http::Request& r, CockpitCache& cache) {
    return Serve(ctx, cache, r, "lights", AsText([](store::Connection& c, Ask& a) { return Lights(c, a); }));
  });
  route("/api/cockpit/problems", [&ctx](http::Request& r, CockpitCache& cache) {
    return Serve(ctx, cache, r, "problems", AsText([](store::Connection& c, Ask& a) { return Problems(c, a); }));
  });
  route("/api/cockpit/approvals", [&ctx](http::Request& r, CockpitCache& cache) {
    return Serve(ctx, cache, r, "approvals", AsText([](store::Connection& c, Ask& a) { return Approvals(c, a); }));
  });
  route("/api/cockpit/trend", [&ctx](http::Request& r, CockpitCache& cache) {
    return Serve(ctx, cache, r, "trend", AsText([](store::Connection& c, Ask& a) { return Trend(c, a); }));
  });
  route("/api/cockpit/ranking", [&ctx](http::Request& r, CockpitCache& cache) {
    return Serve(ctx, cache, r, "ranking", AsText([](store::Connection& c, Ask& a) { return Ranking(c, a); }));
  });
  auto map_buckets = std::make_shared<MapBuckets>();
  route("/api/cockpit/map", [&ctx, map_buckets](http::Request& r, CockpitCache& cache) {
    return Serve(ctx, cache, r, "map", [map_buckets](store::Connection& c, Ask& a) { return MapBody(c, a, *map_buckets); });
  });
  route("/api/cockpit/projects", [&ctx](http::Request& r, CockpitCache& cache) {
    auto d = ReadDrill(r);
    if (!d) return ErrorResponse(d.error(), r);
    const std::string key = "projects:" + d->figure_name + ":" + d->dimension_name + ":" +
                            (d->narrow.key ? "=" + *d->narrow.key : std::string("null")) + ":" +
                            std::to_string(d->page.page) + ":" + std::to_string(d->page.page_size);
    return Serve(ctx, cache, r, key,
                 AsText([d = *d](store::Connection& c, Ask& a) { return Projects(c, a, d); }));
  });
  route("/api/cockpit/mine", [&ctx](http::Request& r, CockpitCache& cache) {
    return Serve(ctx, cache, r, "mine", AsText([](store::Connection& c, Ask& a) { return Mine(c, a); }), true);
  });
}

}  // namespace gongjian::api

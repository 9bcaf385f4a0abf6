#include "engine/cockpit.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "engine/presets.h"

namespace gongjian::engine {
namespace {

using domain::Date;
using nlohmann::json;

// ---- The data-driven cases in testdata/cockpit/*.json ----
//
// figures.json: one project's year from its plan and its months' accepted investment, in 分:
//   {"name", "comment", "planned", "targets" (12, optional), "done": {"month": amount},
//    "expect": {"done": [12], "plan": [12], "prop": [12]}}
// district.json: a set of projects and the cockpit figures of a period, money in 万元:
//   {"name", "comment", "year", "month", "today", "scope", "projects": [{"id", "stage", "category",
//    "level", "town", "unit" (org ids as text, optional), "colour", "total", "start", "completion",
//    "plan", "targets", "done"}], "names": {"town:1": name, "unit:11": name},
//    "expect": {"summary", "sentence", "proportional", "breakdown": {dimension: [rows]},
//               "lights_by_town", "ranking", "trend"}}
// Every answer was computed by hand: see each case's "comment".

constexpr int64_t kWan = 1'000'000;  // 分 in 1万元

json LoadFile(const std::string& name) {
  std::ifstream in(std::filesystem::path(GJ_ENGINE_TESTDATA) / "cockpit" / name);
  if (!in) throw std::runtime_error("missing testdata cockpit/" + name);
  return json::parse(in);
}

void CheckKeys(const json& object, const std::set<std::string>& known, const std::string& where) {
  for (const auto& item : object.items()) {
    if (!known.count(item.key())) throw std::runtime_error("unknown key " + item.key() + " in " + where);
  }
}

std::array<Fen, 12> Months(const json& done, int64_t unit) {
  std::array<Fen, 12> out{};
  for (const auto& [month, amount] : done.items()) out.at(std::stoi(month) - 1) = amount.get<int64_t>() * unit;
  return out;
}

std::array<Fen, 12> Twelve(const json& a, int64_t unit = 1) {
  std::array<Fen, 12> out{};
  if (a.size() != 12) throw std::runtime_error("expected 12 values: " + a.dump());
  for (size_t i = 0; i < 12; ++i) out[i] = a[i].get<int64_t>() * unit;
  return out;
}

std::optional<std::array<Fen, 12>> Targets(const json& j, int64_t unit) {
  if (!j.contains("targets")) return std::nullopt;
  return Twelve(j["targets"], unit);
}

TEST(CockpitFiguresTest, YearFiguresFromThePlanAndTheMonths) {
  for (const json& c : LoadFile("figures.json")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    CheckKeys(c, {"name", "comment", "planned", "targets", "done", "expect"}, "case");
    YearFigures y = YearFiguresOf(c.at("planned").get<int64_t>(), Targets(c, 1), Months(c.at("done"), 1));
    EXPECT_EQ(y.planned, c["planned"].get<int64_t>());
    EXPECT_EQ(y.done, Twelve(c["expect"]["done"]));
    EXPECT_EQ(y.plan, Twelve(c["expect"]["plan"]));
    EXPECT_EQ(y.prop, Twelve(c["expect"]["prop"]));
  }
}

// One project of district.json as the engine sees it, with its group keys.
struct Row {
  CockpitProject project;
  std::map<Dimension, std::optional<std::string>> keys;
};

Row RowOf(const json& j, int year) {
  CheckKeys(j, {"id", "stage", "category", "level", "town", "unit", "colour", "total", "start", "completion", "plan",
                "targets", "done"},
            "project");
  Row r;
  CockpitProject& p = r.project;
  p.id = j.at("id").get<int64_t>();
  p.stage = domain::ParseStage(j.at("stage").get<std::string>()).value();
  p.total_investment = j.at("total").get<int64_t>() * kWan;
  if (j.contains("start")) p.actual_start = domain::ParseDate(j["start"].get<std::string>());
  if (j.contains("completion")) p.actual_completion = domain::ParseDate(j["completion"].get<std::string>());
  p.colour = ParseColour(j.at("colour").get<std::string>()).value();
  p.year = YearFiguresOf(j.value("plan", int64_t{0}) * kWan, Targets(j, kWan), Months(j.value("done", json::object()), kWan));
  (void)year;
  auto opt = [&](const char* k) { return j.contains(k) ? std::optional<std::string>(j[k].get<std::string>()) : std::nullopt; };
  r.keys[Dimension::kStage] = j["stage"].get<std::string>();
  r.keys[Dimension::kCategory] = j.at("category").get<std::string>();
  r.keys[Dimension::kLevel] = j.at("level").get<std::string>();
  r.keys[Dimension::kTown] = opt("town");
  r.keys[Dimension::kUnit] = opt("unit");
  return r;
}

// The rows of `dimension` as the engine's contributions add up in each group (what the store's
// GROUP BY sums), named from the case.
std::vector<Group> GroupsOf(const std::vector<Row>& rows, Dimension d, const CockpitPeriod& period,
                            ScheduleBasis basis, const json& names) {
  std::map<std::optional<std::string>, Group> by;
  for (const Row& r : rows) {
    Figures f = ContributionOf(r.project, period, basis);
    if (f.projects == 0) continue;
    Group& g = by[r.keys.at(d)];
    g.key = r.keys.at(d);
    g.figures += f;
  }
  std::vector<Group> out;
  for (auto& [key, g] : by) {
    if (!key) {
      g.name = std::string(kUnassigned);
    } else if (d == Dimension::kTown || d == Dimension::kUnit) {
      g.name = names.at(std::string(DimensionName(d)) + ":" + *key).get<std::string>();
    } else {
      g.name = KeyLabel(d, *key);
    }
    out.push_back(g);
  }
  return out;
}

json OptJson(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }
json KeyJson(const std::optional<std::string>& k) { return k ? json(*k) : json(nullptr); }

TEST(CockpitDistrictTest, EveryFigureOfTheHandComputedDistrict) {
  for (const json& c : LoadFile("district.json")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    CheckKeys(c, {"name", "comment", "year", "month", "today", "scope", "projects", "names", "expect"}, "case");
    const Date today = domain::ParseDate(c.at("today").get<std::string>()).value();
    auto period = ResolveCockpitPeriod(c.at("year").get<int>(), c.at("month").get<int>(), today);
    ASSERT_TRUE(period) << period.error().ToString();
    std::vector<Row> rows;
    for (const json& p : c.at("projects")) rows.push_back(RowOf(p, period->year));
    const json& e = c.at("expect");

    for (ScheduleBasis basis : {ScheduleBasis::kMonthlyTargets, ScheduleBasis::kProportional}) {
      Figures total;
      for (const Row& r : rows) total += ContributionOf(r.project, *period, basis);
      Rates rates = RatesOf(total);
      const json& s = e.at("summary");
      const bool targets = basis == ScheduleBasis::kMonthlyTargets;
      const json& p = targets ? s : e.at("proportional");
      EXPECT_EQ(total.projects, s["projects"]);
      EXPECT_EQ(total.total_investment, s["total_investment"].get<int64_t>() * kWan);
      EXPECT_EQ(total.annual_planned, s["annual_planned"].get<int64_t>() * kWan);
      EXPECT_EQ(total.completed_ytd, s["completed_ytd"].get<int64_t>() * kWan);
      EXPECT_EQ(total.schedule_ytd, p["schedule_ytd"].get<int64_t>() * kWan);
      EXPECT_EQ(OptJson(rates.completion_rate), s["completion_rate"]);
      EXPECT_EQ(OptJson(rates.schedule_rate), p["schedule_rate"]);
      EXPECT_EQ(OptJson(rates.points_vs_schedule), p["points_vs_schedule"]);
      EXPECT_EQ(total.new_starts, s["new_starts"]);
      EXPECT_EQ(total.completions, s["completions"]);
      EXPECT_EQ(total.red, s["red"]);
      EXPECT_EQ(total.yellow, s["yellow"]);
      EXPECT_EQ(total.green, s["green"]);
      EXPECT_EQ(SummarySentence(period->month, c.at("scope").get<std::string>(), total, rates),
                targets ? e.at("sentence") : p.at("sentence"));
    }

    const ScheduleBasis basis = ScheduleBasis::kMonthlyTargets;
    for (const auto& [dimension, expected] : e.at("breakdown").items()) {
      SCOPED_TRACE(dimension);
      auto d = ParseDimension(dimension);
      ASSERT_TRUE(d);
      std::vector<Group> groups = GroupsOf(rows, *d, *period, basis, c.at("names"));
      SortBreakdown(groups);
      json got = json::array();
      for (const Group& g : groups) {
        got.push_back({{"key", KeyJson(g.key)},
                       {"name", g.name},
                       {"projects", g.figures.projects},
                       {"total_investment", g.figures.total_investment / kWan},
                       {"annual_planned", g.figures.annual_planned / kWan},
                       {"completed_ytd", g.figures.completed_ytd / kWan},
                       {"completion_rate", OptJson(RatesOf(g.figures).completion_rate)}});
      }
      EXPECT_EQ(got, expected) << got.dump(1);
    }

    std::vector<Group> towns = GroupsOf(rows, Dimension::kTown, *period, basis, c.at("names"));
    SortByLights(towns);
    json lights = json::array();
    for (const Group& g : towns) {
      lights.push_back({{"key", KeyJson(g.key)}, {"name", g.name}, {"red", g.figures.red}, {"yellow", g.figures.yellow},
                        {"green", g.figures.green}});
    }
    EXPECT_EQ(lights, e.at("lights_by_town")) << lights.dump(1);

    json ranking = json::array();
    for (const RankRow& r : RankUnits(GroupsOf(rows, Dimension::kUnit, *period, basis, c.at("names")))) {
      ranking.push_back({{"rank", r.rank},
                         {"key", KeyJson(r.group.key)},
                         {"name", r.group.name},
                         {"projects", r.group.figures.projects},
                         {"annual_planned", r.group.figures.annual_planned / kWan},
                         {"completed_ytd", r.group.figures.completed_ytd / kWan},
                         {"completion_rate", OptJson(r.rates.completion_rate)},
                         {"points_vs_schedule", OptJson(r.rates.points_vs_schedule)},
                         {"red", r.group.figures.red},
                         {"yellow", r.group.figures.yellow}});
    }
    EXPECT_EQ(ranking, e.at("ranking")) << ranking.dump(1);

    // The trend sums the projects' curves, as the store's SUM(plan_m), SUM(prop_m), SUM(done_m) do.
    std::array<Fen, 12> plan{}, prop{}, done{};
    for (const Row& r : rows) {
      if (!InCockpit(r.project.stage)) continue;
      for (int m = 0; m < 12; ++m) {
        plan[m] += r.project.year.plan[m];
        prop[m] += r.project.year.prop[m];
        done[m] += r.project.year.done[m];
      }
    }
    json trend = json::array();
    for (const TrendMonth& t : TrendOf(plan, prop, done, period->month, basis)) {
      trend.push_back({{"month", t.month},
                       {"planned_cum", t.planned_cum / kWan},
                       {"schedule_cum", t.schedule_cum / kWan},
                       {"completed_cum", t.completed_cum / kWan},
                       {"completed_month", t.completed_month / kWan}});
    }
    EXPECT_EQ(trend, e.at("trend")) << trend.dump(1);
  }
}

TEST(CockpitPeriodTest, DefaultsToTheLastCompleteMonthAndRefusesTheFuture) {
  const Date today{2026, 11, 29};
  auto p = ResolveCockpitPeriod(std::nullopt, std::nullopt, today);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->year, 2026);
  EXPECT_EQ(p->month, 10);
  EXPECT_EQ(p->month_end, (Date{2026, 10, 31}));
  EXPECT_EQ(p->as_of, (Date{2026, 10, 31}));
  // The current month may be asked for: it is as of today.
  p = ResolveCockpitPeriod(2026, 11, today);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->month_end, (Date{2026, 11, 30}));
  EXPECT_EQ(p->as_of, today);
  // A past year defaults to December.
  p = ResolveCockpitPeriod(2024, std::nullopt, today);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->month, 12);
  EXPECT_EQ(p->as_of, (Date{2024, 12, 31}));
  p = ResolveCockpitPeriod(2024, 2, today);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->month_end, (Date{2024, 2, 29}));  // a leap year
  // In January the last complete month is last December; the cockpit shows January so far.
  p = ResolveCockpitPeriod(std::nullopt, std::nullopt, {2027, 1, 15});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->year, 2027);
  EXPECT_EQ(p->month, 1);
  EXPECT_EQ(p->as_of, (Date{2027, 1, 15}));

  auto bad = ResolveCockpitPeriod(2026, 12, today);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field(), "month");
  EXPECT_EQ(bad.error().key(), "month_in_future");
  bad = ResolveCockpitPeriod(2026, 13, today);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field(), "month");
  bad = ResolveCockpitPeriod(2027, 1, today);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field(), "year");
  bad = ResolveCockpitPeriod(1999, 1, today);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field(), "year");
}

TEST(CockpitTest, LibraryStagesLeaveOutDraftsAndWithdrawnProjects) {
  EXPECT_FALSE(InCockpit(domain::Stage::kPlanning));
  EXPECT_FALSE(InCockpit(domain::Stage::kWithdrawn));
  EXPECT_TRUE(InCockpit(domain::Stage::kReserve));
  EXPECT_TRUE(InCockpit(domain::Stage::kSuspended));
  EXPECT_EQ(CockpitStages().size(), 6u);
}

// The cockpit's 序时 of a project is the schedule the warnings show for it.
TEST(CockpitTest, ScheduleMatchesTheWarningsEvidence) {
  Rule rule;
  rule.id = "progress";
  rule.measure = Measure::kProgress;
  rule.metric = Metric::kPointsBehind;
  rule.yellow = Threshold{Op::kAtLeast, 0};  // always fires, so the evidence is there
  for (ScheduleBasis basis : {ScheduleBasis::kMonthlyTargets, ScheduleBasis::kProportional}) {
    rule.schedule = basis;
    RuleSet set{"t", "t", "", {rule}};
    EXPECT_EQ(CockpitScheduleBasis(set), basis);
    for (bool with_targets : {false, true}) {
      const Fen planned = 1'234'567;
      std::optional<std::array<Fen, 12>> targets;
      if (with_targets) targets = std::array<Fen, 12>{100'000, 100'000, 100'000, 100'000, 100'000, 100'000,
                                                      100'000, 100'000, 100'000, 100'000, 100'000, 134'567};
      YearFigures y = YearFiguresOf(planned, targets, {});
      for (int month = 1; month <= 12; ++month) {
        ProjectMeasures m;
        m.period = {2026, month};
        m.as_of = {2026, month, 28};
        m.progress.annual_plan = planned;
        m.progress.monthly_targets = targets;
        auto found = Evaluate(set, m);
        ASSERT_EQ(found.size(), 1u);
        EXPECT_EQ(ScheduleThrough(y, month, basis), found[0].evidence.schedule) << month;
      }
    }
  }
  EXPECT_EQ(CockpitScheduleBasis(RuleSet{}), ScheduleBasis::kMonthlyTargets);
  EXPECT_EQ(CockpitScheduleBasis(YinchuanPreset()), ScheduleBasis::kMonthlyTargets);
}

TEST(CockpitTest, RatesRoundHalfAwayAndAreAbsentWithoutAPlan) {
  EXPECT_EQ(BasisPoints(1, 3), 3333);        // 33.333…%
  EXPECT_EQ(BasisPoints(2, 3), 6667);        // 66.666…%
  EXPECT_EQ(BasisPoints(1, 20000), 1);       // 0.005% → 0.01%
  EXPECT_EQ(BasisPoints(-1, 20000), -1);     // half away from zero
  EXPECT_EQ(BasisPoints(5, 0), std::nullopt);
  Figures f;
  f.completed_ytd = 100;
  EXPECT_EQ(RatesOf(f), Rates{});
}

TEST(CockpitTest, SentenceReadsLikeTheOfficeWritesIt) {
  Figures f;
  f.projects = 86;
  f.completed_ytd = 523'000'000'000;  // 52.3亿元 in 分
  Rates r;  // the rates as RatesOf gives them for a plan of 66.62亿元 and 序时 of 51.5亿元
  r.completion_rate = 7850;
  r.schedule_rate = 7730;
  r.points_vs_schedule = 120;
  EXPECT_EQ(SummarySentence(10, "全区", f, r),
            "1-10月，全区86个重大项目完成投资52.3亿元，完成年度计划的78.5%，高于序时进度1.2个百分点");
  r.points_vs_schedule = 0;
  EXPECT_EQ(SummarySentence(1, "城关街道", f, r),
            "1月，城关街道86个重大项目完成投资52.3亿元，完成年度计划的78.5%，与序时进度持平");
  EXPECT_EQ(SummarySentence(3, "全区", f, Rates{}), "1-3月，全区86个重大项目完成投资52.3亿元");
}

TEST(CockpitTest, PercentilesFromAHistogramUseTheNearestRank) {
  // The values of engine/testdata/approval's 2025 total: [3,4,4,5,9,15,20,29,30,40].
  std::vector<std::pair<int, int64_t>> h = {{3, 1}, {4, 2}, {5, 1}, {9, 1}, {15, 1}, {20, 1}, {29, 1}, {30, 1}, {40, 1}};
  EXPECT_EQ(HistogramPercentile(h, 50), 9);   // rank 5
  EXPECT_EQ(HistogramPercentile(h, 90), 30);  // rank 9
  EXPECT_EQ(HistogramPercentile({{7, 1}}, 90), 7);
  EXPECT_EQ(HistogramPercentile({}, 50), std::nullopt);
  // An even count: the lower middle value.
  EXPECT_EQ(HistogramPercentile({{1, 1}, {2, 1}, {3, 1}, {4, 1}}, 50), 2);
}

TEST(CockpitTest, ApprovalBottlenecksPutTheReddestDepartmentsFirst) {
  using domain::ApprovalCode;
  std::vector<OpenApprovalCode> open = {
      {1, ApprovalCode::kYellow}, {1, ApprovalCode::kNone}, {2, ApprovalCode::kRed},
      {2, ApprovalCode::kYellow}, {3, ApprovalCode::kNone}, {std::nullopt, ApprovalCode::kRed}};
  // Department 1 finished items taking 9, 20, 29, 30 days: median rank 2 = 20, p90 rank 4 = 30.
  std::vector<DurationCount> durations = {{1, 20, 1}, {1, 9, 1}, {1, 30, 1}, {1, 29, 1}, {4, 5, 2}};
  ApprovalPanel p = ApprovalBottlenecks(open, durations, {{1, "区自然资源和规划局"}, {2, "区生态环境局"}, {3, "区住建局"}, {4, "区水务局"}}, 4);
  EXPECT_EQ(p.in_progress, 6);
  EXPECT_EQ(p.yellow, 2);
  EXPECT_EQ(p.red, 2);
  ASSERT_EQ(p.departments.size(), 4u);  // five groups, cut to the limit
  // Red 1 each: 区生态环境局 (yellow 1) before 未指定 (yellow 0); then 区自然资源和规划局 (yellow 1), then
  // 区住建局 (1 in progress) before 区水务局 (none in progress), which is cut.
  EXPECT_EQ(p.departments[0].name, "区生态环境局");
  EXPECT_EQ(p.departments[1].name, "未指定");
  EXPECT_EQ(p.departments[1].key, std::nullopt);
  EXPECT_EQ(p.departments[2].name, "区自然资源和规划局");
  EXPECT_EQ(p.departments[2].median_days, 20);
  EXPECT_EQ(p.departments[2].p90_days, 30);
  EXPECT_EQ(p.departments[2].in_progress, 2);
  EXPECT_EQ(p.departments[3].name, "区住建局");
  EXPECT_EQ(p.departments[3].median_days, std::nullopt);
}

}  // namespace
}  // namespace gongjian::engine

#include "engine/warning.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "api/warning_rules_json.h"
#include "engine/presets.h"

namespace gongjian::engine {
namespace {

using domain::Date;
using nlohmann::json;

// ---- The data-driven cases in testdata/warning/*.json ----
//
// Each file is a list of cases:
//   {"name": "...", "preset": "yinchuan" | "rule_set": {...rule set JSON...},
//    "measures": {"as_of": "2026-10-31", "period": "2026-10" (default: as_of's month),
//                 "progress": {"annual_plan": "12亿", "completed": "8.8亿", "monthly_targets": [12 amounts]},
//                 "planned_start", "actual_start", "registered": "YYYY-MM-DD",
//                 "milestones": [{"name", "planned", "actual", "forecast"}], "problems": [{"title", "deadline", "closed"}]},
//    "expect": [{"measure", "colour", "rule", "value", "item", "reason", "reason_contains"}],
//    "overall": "red"}
// "expect" lists every yellow and red warning, in order. Amounts are integer 分 or text with a
// unit: "2.1亿", "5250万", "300元".

struct Case {
  std::string file;
  size_t index = 0;  // in its file
  std::string name;
  json data;
  std::string load_error;  // set when the file could not be read or parsed
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.file << ".json: " << c.name; }

std::vector<Case> LoadCases() {
  std::vector<Case> cases;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(GJ_ENGINE_TESTDATA "/warning")) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    const std::string file = path.stem().string();
    try {
      std::ifstream in(path);
      json list = json::parse(in);
      if (!list.is_array()) throw std::runtime_error("not a list of cases");
      for (size_t i = 0; i < list.size(); ++i) cases.push_back({file, i, list[i].at("name").get<std::string>(), list[i], ""});
    } catch (const std::exception& e) {
      cases.push_back({file, 0, "unreadable", json(), e.what()});
    }
  }
  return cases;
}

void CheckKeys(const json& object, std::set<std::string> known, const std::string& where) {
  for (const auto& item : object.items()) {
    if (!known.count(item.key())) throw std::runtime_error("unknown key " + item.key() + " in " + where);
  }
}

Fen Money(const json& v) {
  if (v.is_number_integer()) return v.get<Fen>();
  std::string text = v.get<std::string>();
  Fen unit = 0;
  for (auto [suffix, fen] : {std::pair<std::string, Fen>{"亿", 10'000'000'000}, {"万", 1'000'000}, {"元", 100}}) {
    if (text.size() > suffix.size() && text.ends_with(suffix)) {
      text.resize(text.size() - suffix.size());
      unit = fen;
    }
  }
  if (unit == 0) throw std::runtime_error("amount without a unit: " + v.dump());
  const size_t dot = text.find('.');
  const std::string whole = text.substr(0, dot);
  const std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  Fen fen = std::stoll(whole) * unit;
  Fen place = unit;
  for (char digit : fraction) {
    if (place % 10 != 0) throw std::runtime_error("amount finer than a fen: " + v.dump());
    place /= 10;
    fen += (digit - '0') * place;
  }
  return fen;
}

Date Day(const json& v) {
  auto d = domain::ParseDate(v.get<std::string>());
  if (!d) throw std::runtime_error("not a date: " + v.dump());
  return *d;
}

std::optional<Date> OptionalDay(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  return Day(*it);
}

ProjectMeasures ReadMeasures(const json& j) {
  CheckKeys(j, {"as_of", "period", "progress", "planned_start", "actual_start", "registered", "milestones", "problems"},
            "measures");
  ProjectMeasures m;
  m.as_of = Day(j.at("as_of"));
  m.period = {m.as_of.year, m.as_of.month};
  if (j.contains("period")) {
    Date first = Day(json(j["period"].get<std::string>() + "-01"));
    m.period = {first.year, first.month};
  }
  if (j.contains("progress")) {
    const json& p = j["progress"];
    CheckKeys(p, {"annual_plan", "completed", "monthly_targets"}, "progress");
    m.progress.annual_plan = Money(p.at("annual_plan"));
    m.progress.completed = Money(p.at("completed"));
    if (p.contains("monthly_targets")) {
      if (p["monthly_targets"].size() != 12) throw std::runtime_error("monthly_targets needs 12 amounts");
      std::array<Fen, 12> targets{};
      for (size_t i = 0; i < 12; ++i) targets[i] = Money(p["monthly_targets"][i]);
      m.progress.monthly_targets = targets;
    }
  }
  m.planned_start = OptionalDay(j, "planned_start");
  m.actual_start = OptionalDay(j, "actual_start");
  m.registered = OptionalDay(j, "registered");
  for (const json& n : j.value("milestones", json::array())) {
    CheckKeys(n, {"name", "planned", "actual", "forecast"}, "milestone");
    m.milestones.push_back(
        {n.at("name").get<std::string>(), Day(n.at("planned")), OptionalDay(n, "actual"), OptionalDay(n, "forecast")});
  }
  for (const json& p : j.value("problems", json::array())) {
    CheckKeys(p, {"title", "deadline", "closed"}, "problem");
    m.problems.push_back({p.at("title").get<std::string>(), Day(p.at("deadline")), p.value("closed", false)});
  }
  return m;
}

class WarningCaseTest : public ::testing::TestWithParam<Case> {};

TEST_P(WarningCaseTest, GivesTheExpectedWarnings) {
  const Case& c = GetParam();
  ASSERT_TRUE(c.load_error.empty()) << c.file << ": " << c.load_error;
  const json& d = c.data;
  CheckKeys(d, {"name", "preset", "rule_set", "measures", "expect", "overall"}, c.name);

  RuleSet set;
  if (d.contains("preset")) {
    const RuleSet* preset = FindPreset(d["preset"].get<std::string>());
    ASSERT_NE(preset, nullptr) << "no preset " << d["preset"];
    set = *preset;
  } else {
    auto parsed = api::RuleSetFromJson(d.at("rule_set"));
    ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
    set = std::move(*parsed);
  }
  const ProjectMeasures measures = ReadMeasures(d.at("measures"));
  const std::vector<Warning> got = Evaluate(set, measures);

  std::ostringstream listing;
  for (const Warning& w : got) {
    listing << "\n  " << w.rule_id << " " << ColourName(w.colour) << " " << w.evidence.value << " " << w.reason;
  }
  const json& expect = d.at("expect");
  ASSERT_EQ(got.size(), expect.size()) << "got:" << listing.str();
  for (size_t i = 0; i < got.size(); ++i) {
    const json& e = expect[i];
    const Warning& w = got[i];
    CheckKeys(e, {"measure", "colour", "rule", "value", "item", "reason", "reason_contains"}, "expect");
    SCOPED_TRACE("warning " + std::to_string(i) + ": " + w.reason);
    EXPECT_EQ(MeasureName(w.measure), e.at("measure").get<std::string>());
    EXPECT_EQ(ColourName(w.colour), e.at("colour").get<std::string>());
    if (e.contains("rule")) {
      EXPECT_EQ(w.rule_id, e["rule"].get<std::string>());
    }
    if (e.contains("value")) {
      EXPECT_EQ(w.evidence.value, e["value"].get<int64_t>());
    }
    if (e.contains("item")) {
      EXPECT_EQ(w.evidence.item, e["item"].get<int>());
    }
    if (e.contains("reason")) {
      EXPECT_EQ(w.reason, e["reason"].get<std::string>()) << "got: " << w.reason;
    }
    if (e.contains("reason_contains")) {
      EXPECT_NE(w.reason.find(e["reason_contains"].get<std::string>()), std::string::npos) << "got: " << w.reason;
    }
  }
  if (d.contains("overall")) {
    EXPECT_EQ(ColourName(OverallColour(got)), d["overall"].get<std::string>());
  }
}

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  std::string name = info.param.file + "_" + std::to_string(info.param.index) + "_";
  bool gap = false;
  for (char ch : info.param.name) {
    if (std::isalnum(static_cast<unsigned char>(ch))) {
      if (gap && name.back() != '_') name += '_';
      name += ch;
      gap = false;
    } else {
      gap = true;
    }
  }
  return name.substr(0, 100);
}

INSTANTIATE_TEST_SUITE_P(Testdata, WarningCaseTest, ::testing::ValuesIn(LoadCases()), CaseName);

TEST(WarningCaseFilesTest, EveryPresetHasCases) {
  std::set<std::string> seen;
  for (const Case& c : LoadCases()) {
    if (c.data.is_object() && c.data.contains("preset")) seen.insert(c.data["preset"].get<std::string>());
  }
  for (const RuleSet* p : Presets()) EXPECT_TRUE(seen.count(p->id)) << p->id;
}

// ---- Direct tests of the pieces ----

Date D(const char* text) { return *domain::ParseDate(text); }

TEST(FormatMoneyCnTest, UsesYiFromOneYiUpWithAtMostTwoDecimals) {
  EXPECT_EQ(FormatMoneyCn(21'000'000'000), "2.1亿元");
  EXPECT_EQ(FormatMoneyCn(10'000'000'000), "1亿元");
  EXPECT_EQ(FormatMoneyCn(30'000'000'000), "3亿元");
  EXPECT_EQ(FormatMoneyCn(123'450'000'000), "12.35亿元");  // 12.345 rounds half up
  EXPECT_EQ(FormatMoneyCn(123'440'000'000), "12.34亿元");
  EXPECT_EQ(FormatMoneyCn(20'050'000'000), "2.01亿元");    // 2.005 rounds half up
  EXPECT_EQ(FormatMoneyCn(5'000'000'000'000), "500亿元");
}

TEST(FormatMoneyCnTest, UsesWanBelowOneYi) {
  EXPECT_EQ(FormatMoneyCn(5'000'000'000), "5000万元");
  EXPECT_EQ(FormatMoneyCn(9'999'000'000), "9999万元");
  EXPECT_EQ(FormatMoneyCn(1'234'567'800), "1234.57万元");  // 1234.5678万
  EXPECT_EQ(FormatMoneyCn(50'000'000), "50万元");
  EXPECT_EQ(FormatMoneyCn(500'000), "0.5万元");           // 5000元
  EXPECT_EQ(FormatMoneyCn(5'000), "0.01万元");            // 50元 rounds half up
  EXPECT_EQ(FormatMoneyCn(4'999), "0万元");
  EXPECT_EQ(FormatMoneyCn(0), "0万元");
}

TEST(FormatMoneyCnTest, ChoosesTheUnitAfterRounding) {
  EXPECT_EQ(FormatMoneyCn(9'999'995'000), "1亿元");        // 9999.995万 would read 10000万
  EXPECT_EQ(FormatMoneyCn(9'999'994'999), "9999.99万元");
}

TEST(FormatMoneyCnTest, NegativeAmountsRoundSymmetrically) {
  EXPECT_EQ(FormatMoneyCn(-21'000'000'000), "-2.1亿元");
  EXPECT_EQ(FormatMoneyCn(-5'000), "-0.01万元");
  EXPECT_EQ(FormatMoneyCn(-1'234'567'800), "-1234.57万元");
}

TEST(FormatBasisPointsTest, DropsTrailingZeros) {
  EXPECT_EQ(FormatBasisPoints(3150), "31.5");
  EXPECT_EQ(FormatBasisPoints(1000), "10");
  EXPECT_EQ(FormatBasisPoints(7999), "79.99");
  EXPECT_EQ(FormatBasisPoints(5), "0.05");
  EXPECT_EQ(FormatBasisPoints(0), "0");
  EXPECT_EQ(FormatBasisPoints(-250), "-2.5");
  EXPECT_EQ(FormatBasisPoints(10000), "100");
}

TEST(DaysBetweenTest, CountsCalendarDaysAcrossMonthsYearsAndLeapDays) {
  EXPECT_EQ(DaysBetween(D("2026-05-10"), D("2026-05-22")), 12);
  EXPECT_EQ(DaysBetween(D("2026-05-22"), D("2026-05-10")), -12);
  EXPECT_EQ(DaysBetween(D("2024-02-28"), D("2024-03-01")), 2);
  EXPECT_EQ(DaysBetween(D("2025-12-31"), D("2026-01-01")), 1);
  EXPECT_EQ(DaysBetween(D("2026-01-01"), D("2027-01-01")), 365);
}

TEST(DaysBetweenTest, IsTheInverseOfDateFromDays) {
  const Date epoch{1970, 1, 1};
  for (int64_t days = -30'000; days <= 80'000; days += 37) {
    EXPECT_EQ(DaysBetween(epoch, domain::DateFromDays(days)), days);
  }
}

TEST(FullMonthsTest, CountsAMonthFullOnTheSameDayOfTheMonth) {
  EXPECT_EQ(FullMonths(D("2026-03-15"), D("2026-04-14")), 0);
  EXPECT_EQ(FullMonths(D("2026-03-15"), D("2026-04-15")), 1);
  EXPECT_EQ(FullMonths(D("2026-03-15"), D("2026-05-15")), 2);
  EXPECT_EQ(FullMonths(D("2026-03-15"), D("2027-03-14")), 11);
  EXPECT_EQ(FullMonths(D("2026-03-15"), D("2026-03-15")), 0);
}

TEST(FullMonthsTest, EndsOnTheLastDayWhenTheMonthIsShorter) {
  EXPECT_EQ(FullMonths(D("2026-01-31"), D("2026-02-27")), 0);
  EXPECT_EQ(FullMonths(D("2026-01-31"), D("2026-02-28")), 1);
  EXPECT_EQ(FullMonths(D("2024-01-31"), D("2024-02-29")), 1);
  EXPECT_EQ(FullMonths(D("2026-01-31"), D("2026-03-30")), 1);
  EXPECT_EQ(FullMonths(D("2026-01-31"), D("2026-03-31")), 2);
  EXPECT_EQ(FullMonths(D("2024-02-29"), D("2025-02-28")), 12);
}

TEST(FullMonthsTest, IsZeroBackwards) { EXPECT_EQ(FullMonths(D("2026-05-15"), D("2026-03-15")), 0); }

TEST(OverallColourTest, IsTheWorstOrGreenWhenThereAreNoWarnings) {
  EXPECT_EQ(OverallColour({}), Colour::kGreen);
  std::vector<Warning> w(2);
  w[0].colour = Colour::kYellow;
  w[1].colour = Colour::kYellow;
  EXPECT_EQ(OverallColour(w), Colour::kYellow);
  w[0].colour = Colour::kRed;
  EXPECT_EQ(OverallColour(w), Colour::kRed);
}

ProjectMeasures TenPointsBehind() {
  ProjectMeasures m;
  m.as_of = D("2026-10-31");
  m.period = {2026, 10};
  m.progress.annual_plan = 120'000'000'000;  // 12亿元
  m.progress.completed = 88'000'000'000;     // 8.8亿元, 序时 10亿元
  return m;
}

TEST(EvaluateTest, ProgressEvidenceCarriesThePlanScheduleAndCompletedAmounts) {
  auto got = Evaluate(YinchuanPreset(), TenPointsBehind());
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].rule_id, "progress");
  EXPECT_EQ(got[0].metric, Metric::kPointsBehind);
  EXPECT_EQ(got[0].evidence.annual_plan, 120'000'000'000);
  EXPECT_EQ(got[0].evidence.schedule, 100'000'000'000);
  EXPECT_EQ(got[0].evidence.completed, 88'000'000'000);
  EXPECT_EQ(got[0].evidence.value, 1000);
  EXPECT_EQ(got[0].evidence.item, -1);
  EXPECT_FALSE(got[0].evidence.date.has_value());
}

TEST(EvaluateTest, ScheduleEvidenceIsRoundedToTheFen) {
  ProjectMeasures m = TenPointsBehind();
  m.period = {2026, 1};
  m.progress.annual_plan = 10'000'000'000;  // 1亿元: 序时 833.33…万元
  m.progress.completed = 0;
  auto got = Evaluate(WuhanPreset(), m);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].evidence.schedule, 833'333'333);
  EXPECT_EQ(got[0].reason, "1月完成投资0万元，仅为序时进度833.33万元的0%");
}

TEST(EvaluateTest, AnInvalidPeriodMonthMakesProgressNotApplicable) {
  ProjectMeasures m = TenPointsBehind();
  m.progress.completed = 0;
  for (int month : {0, 13, -1}) {
    m.period.month = month;
    EXPECT_TRUE(Evaluate(YinchuanPreset(), m).empty()) << month;
  }
}

TEST(EvaluateTest, SkipsARuleWhoseMetricDoesNotFitItsMeasure) {
  RuleSet set = YinchuanPreset();
  set.rules[0].metric = Metric::kDaysOverdue;  // a progress rule that ValidateRuleSet would refuse
  EXPECT_TRUE(Evaluate(set, TenPointsBehind()).empty());
}

TEST(EvaluateTest, EvaluateIntoAppendsWithoutClearing) {
  std::vector<Warning> out;
  EvaluateInto(YinchuanPreset(), TenPointsBehind(), out);
  EvaluateInto(YinchuanPreset(), TenPointsBehind(), out);
  EXPECT_EQ(out.size(), 2u);
}

TEST(EvaluateTest, StartEvidenceNamesThePlannedStart) {
  ProjectMeasures m;
  m.as_of = D("2026-05-31");
  m.period = {2026, 5};
  m.planned_start = D("2026-03-10");
  auto got = Evaluate(YinchuanPreset(), m);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].evidence.date, D("2026-03-10"));
  EXPECT_EQ(got[0].evidence.value, 3);
}

// Exactness: the colour at each edge comes from integer arithmetic, so one 分 on either side
// of an edge flips it.
TEST(EvaluateTest, OneFenDecidesAtTheTenPointEdge) {
  ProjectMeasures m = TenPointsBehind();
  EXPECT_EQ(OverallColour(Evaluate(YinchuanPreset(), m)), Colour::kYellow);
  m.progress.completed += 1;
  EXPECT_EQ(OverallColour(Evaluate(YinchuanPreset(), m)), Colour::kGreen);
}

TEST(EvaluateTest, OneFenDecidesAtTheThirtyPointEdge) {
  ProjectMeasures m = TenPointsBehind();
  m.progress.completed = 64'000'000'000;  // exactly 30 points behind
  EXPECT_EQ(OverallColour(Evaluate(YinchuanPreset(), m)), Colour::kYellow);
  m.progress.completed -= 1;
  EXPECT_EQ(OverallColour(Evaluate(YinchuanPreset(), m)), Colour::kRed);
}

TEST(EvaluateTest, OneFenDecidesAtTheWuhanAndSanyaEdges) {
  ProjectMeasures m = TenPointsBehind();  // 序时 10亿元
  m.progress.completed = 80'000'000'000;
  EXPECT_EQ(OverallColour(Evaluate(WuhanPreset(), m)), Colour::kGreen);
  m.progress.completed -= 1;
  EXPECT_EQ(OverallColour(Evaluate(WuhanPreset(), m)), Colour::kYellow);
  m.progress.completed = 60'000'000'000;
  EXPECT_EQ(OverallColour(Evaluate(WuhanPreset(), m)), Colour::kYellow);
  m.progress.completed -= 1;
  EXPECT_EQ(OverallColour(Evaluate(WuhanPreset(), m)), Colour::kRed);
  m.progress.completed = 50'000'000'000;
  EXPECT_EQ(OverallColour(Evaluate(SanyaPreset(), m)), Colour::kYellow);
  m.progress.completed -= 1;
  EXPECT_EQ(OverallColour(Evaluate(SanyaPreset(), m)), Colour::kRed);
  m.progress.completed = 100'000'000'000;
  EXPECT_EQ(OverallColour(Evaluate(SanyaPreset(), m)), Colour::kGreen);
  m.progress.completed -= 1;
  EXPECT_EQ(OverallColour(Evaluate(SanyaPreset(), m)), Colour::kYellow);
}

TEST(EnumNamesTest, RoundTripAndRefuseUnknownNames) {
  for (Colour v : {Colour::kGreen, Colour::kYellow, Colour::kRed}) EXPECT_EQ(ParseColour(ColourName(v)), v);
  for (Measure v : {Measure::kProgress, Measure::kStart, Measure::kRegistration, Measure::kMilestone, Measure::kProblem}) {
    EXPECT_EQ(ParseMeasure(MeasureName(v)), v);
  }
  for (Metric v : {Metric::kPointsBehind, Metric::kPercentOfSchedule, Metric::kShortfall, Metric::kMonthsLate,
                   Metric::kMonthsUnregistered, Metric::kDaysOverdue}) {
    EXPECT_EQ(ParseMetric(MetricName(v)), v);
  }
  for (Op v : {Op::kAtLeast, Op::kMoreThan, Op::kAtMost, Op::kLessThan}) EXPECT_EQ(ParseOp(OpName(v)), v);
  for (ScheduleBasis v : {ScheduleBasis::kMonthlyTargets, ScheduleBasis::kProportional}) {
    EXPECT_EQ(ParseScheduleBasis(ScheduleBasisName(v)), v);
  }
  EXPECT_FALSE(ParseMeasure("Progress"));
  EXPECT_FALSE(ParseOp(">="));
}

}  // namespace
}  // namespace gongjian::engine

// The rule-set JSON codec: pure JSON shaping, tested without a server.
#include "api/warning_rules_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/presets.h"

namespace gongjian::api {
namespace {

using engine::Metric;
using engine::Op;
using engine::RuleSet;
using engine::Threshold;
using nlohmann::json;

TEST(RuleSetJsonTest, EveryPresetSurvivesARoundTrip) {
  for (const RuleSet* preset : engine::Presets()) {
    const json j = RuleSetToJson(*preset);
    auto back = RuleSetFromJson(json::parse(j.dump()));
    ASSERT_TRUE(back.has_value()) << preset->id << ": " << back.error().ToString();
    EXPECT_EQ(*back, *preset) << j.dump(2);
  }
}

TEST(RuleSetJsonTest, WritesThresholdsInTheUsersUnit) {
  const json j = RuleSetToJson(engine::YinchuanPreset());
  EXPECT_EQ(j["id"], "yinchuan");
  const json& progress = j["rules"][0];
  EXPECT_EQ(progress["measure"], "progress");
  EXPECT_EQ(progress["metric"], "points_behind");
  EXPECT_EQ(progress["yellow"], (json{{"op", "at_least"}, {"value", 10}}));
  EXPECT_EQ(progress["red"], (json{{"op", "more_than"}, {"value", 30}}));
  EXPECT_EQ(progress["schedule"], "monthly_targets");
  EXPECT_EQ(progress["min_annual_plan"], 0);
  EXPECT_FALSE(progress.contains("due_soon_days"));
  const json& start = j["rules"][1];
  EXPECT_EQ(start["red"], (json{{"op", "at_least"}, {"value", 3}}));
  EXPECT_FALSE(start.contains("schedule"));
  const json& milestone = j["rules"][3];
  EXPECT_FALSE(milestone.contains("yellow"));
  EXPECT_EQ(milestone["due_soon_days"], 7);
  EXPECT_EQ(RuleSetToJson(engine::SanyaPreset())["rules"][0]["min_annual_plan"], 1'000'000'000);
}

TEST(RuleSetJsonTest, ReadsTheDocumentAnOfficeWrites) {
  const json j = json::parse(R"({
    "id": "yinchuan", "name": "银川市（2025）",
    "rules": [
      {"id": "progress", "measure": "progress", "metric": "points_behind",
       "yellow": {"op": "at_least", "value": 10}, "red": {"op": "more_than", "value": 30}},
      {"id": "start", "measure": "start", "yellow": {"op": "at_least", "value": 1}, "red": {"op": "at_least", "value": 3}},
      {"id": "registration", "measure": "registration",
       "yellow": {"op": "at_least", "value": 1}, "red": {"op": "at_least", "value": 2}},
      {"id": "milestone", "measure": "milestone", "red": {"op": "at_least", "value": 1}, "due_soon_days": 7},
      {"id": "problem", "measure": "problem", "metric": "days_overdue", "red": {"op": "at_least", "value": 1}}
    ]})");
  auto set = RuleSetFromJson(j);
  ASSERT_TRUE(set.has_value()) << set.error().ToString();
  EXPECT_EQ(set->description, "");
  EXPECT_EQ(set->rules, engine::YinchuanPreset().rules);
}

TEST(RuleSetJsonTest, PercentWithTwoDecimalsIsExactInBasisPoints) {
  const json j = json::parse(R"({"id": "w", "name": "武汉（细）", "rules": [
      {"id": "progress", "measure": "progress", "metric": "percent_of_schedule",
       "yellow": {"op": "less_than", "value": 79.99}, "red": {"op": "less_than", "value": 60.5}}]})");
  auto set = RuleSetFromJson(j);
  ASSERT_TRUE(set.has_value()) << set.error().ToString();
  EXPECT_EQ(set->rules[0].yellow, (Threshold{Op::kLessThan, 7999}));
  EXPECT_EQ(set->rules[0].red, (Threshold{Op::kLessThan, 6050}));
  const json out = RuleSetToJson(*set);
  EXPECT_EQ(out["rules"][0]["yellow"]["value"].dump(), "79.99");
  EXPECT_EQ(out["rules"][0]["red"]["value"].dump(), "60.5");
}

TEST(RuleSetJsonTest, ProgressOptionsAreRead) {
  const json j = json::parse(R"({"id": "s", "name": "三亚", "description": "按月均", "rules": [
      {"id": "progress", "measure": "progress", "metric": "shortfall", "schedule": "proportional",
       "min_annual_plan": 1000000000, "red": {"op": "more_than", "value": 50}}]})");
  auto set = RuleSetFromJson(j);
  ASSERT_TRUE(set.has_value()) << set.error().ToString();
  EXPECT_EQ(set->description, "按月均");
  EXPECT_EQ(set->rules[0].metric, Metric::kShortfall);
  EXPECT_EQ(set->rules[0].schedule, engine::ScheduleBasis::kProportional);
  EXPECT_EQ(set->rules[0].min_annual_plan, 1'000'000'000);
  EXPECT_FALSE(set->rules[0].yellow);
}

TEST(RuleSetJsonTest, NullReadsAsAbsent) {
  const json j = json::parse(R"({"id": "n", "name": "空值", "description": null, "rules": [
      {"id": "start", "measure": "start", "metric": null, "yellow": null, "red": {"op": "at_least", "value": 3}}]})");
  auto set = RuleSetFromJson(j);
  ASSERT_TRUE(set.has_value()) << set.error().ToString();
  EXPECT_FALSE(set->rules[0].yellow);
  EXPECT_EQ(set->rules[0].metric, Metric::kMonthsLate);
}

struct ErrorCase {
  const char* name;
  std::string text;
  const char* field;
  const char* key;
  std::vector<std::string> args;
};

// A minimal valid document with one rule spliced in.
std::string WithRule(const std::string& rule) { return R"({"id": "x", "name": "测试", "rules": [)" + rule + "]}"; }

TEST(RuleSetJsonTest, ErrorsNameTheFieldPath) {
  const std::string start_rule = R"({"id": "start", "measure": "start", "red": {"op": "at_least", "value": 3}})";
  const ErrorCase cases[] = {
      {"not an object", "[]", "body", "body_not_object", {}},
      {"unknown top-level field", R"({"id": "x", "name": "测试", "rules": [], "colour": "red"})", "colour",
       "unknown_field", {}},
      {"missing id", R"({"name": "测试", "rules": []})", "id", "required", {}},
      {"id not a string", R"({"id": 7, "name": "测试", "rules": []})", "id", "wrong_type_string", {}},
      {"bad id", R"({"id": "银川", "name": "测试", "rules": []})", "id", "identifier_format", {}},
      {"missing name", R"({"id": "x", "rules": []})", "name", "required", {}},
      {"description not a string", R"({"id": "x", "name": "测试", "description": 1, "rules": []})", "description",
       "wrong_type_string", {}},
      {"missing rules", R"({"id": "x", "name": "测试"})", "rules", "required", {}},
      {"rules not a list", R"({"id": "x", "name": "测试", "rules": {}})", "rules", "wrong_type_list", {}},
      {"rule not an object", R"({"id": "x", "name": "测试", "rules": [)" + start_rule + R"(, 3]})", "rules[1]",
       "wrong_type_object", {}},
      {"unknown rule field", WithRule(R"({"id": "a", "measure": "start", "colour": "red"})"), "rules[0].colour",
       "unknown_field", {}},
      {"missing rule id", WithRule(R"({"measure": "start", "red": {"op": "at_least", "value": 3}})"), "rules[0].id",
       "required", {}},
      {"missing measure", WithRule(R"({"id": "a"})"), "rules[0].measure", "required", {}},
      {"unknown measure", WithRule(R"({"id": "a", "measure": "funds"})"), "rules[0].measure", "invalid_enum",
       {"progress, start, registration, milestone, problem"}},
      {"progress without metric", WithRule(R"({"id": "a", "measure": "progress"})"), "rules[0].metric", "required", {}},
      {"unknown metric", WithRule(R"({"id": "a", "measure": "progress", "metric": "ratio"})"), "rules[0].metric",
       "invalid_enum",
       {"points_behind, percent_of_schedule, shortfall, months_late, months_unregistered, days_overdue"}},
      {"metric of another measure",
       WithRule(R"({"id": "a", "measure": "start", "metric": "days_overdue", "red": {"op": "at_least", "value": 3}})"),
       "rules[0].metric", "not_for_measure", {"start"}},
      {"threshold not an object", WithRule(R"({"id": "a", "measure": "start", "red": 3})"), "rules[0].red",
       "wrong_type_object", {}},
      {"unknown threshold field",
       WithRule(R"({"id": "a", "measure": "start", "red": {"op": "at_least", "value": 3, "unit": "month"}})"),
       "rules[0].red.unit", "unknown_field", {}},
      {"missing op", WithRule(R"({"id": "a", "measure": "start", "red": {"value": 3}})"), "rules[0].red.op", "required",
       {}},
      {"unknown op", WithRule(R"({"id": "a", "measure": "start", "red": {"op": ">=", "value": 3}})"), "rules[0].red.op",
       "invalid_enum", {"at_least, more_than, at_most, less_than"}},
      {"missing value", WithRule(R"({"id": "a", "measure": "start", "red": {"op": "at_least"}})"),
       "rules[0].red.value", "required", {}},
      {"fractional months", WithRule(R"({"id": "a", "measure": "start", "red": {"op": "at_least", "value": 2.5}})"),
       "rules[0].red.value", "wrong_type_integer", {}},
      {"percent as text",
       WithRule(R"({"id": "a", "measure": "progress", "metric": "shortfall", "red": {"op": "more_than", "value": "50"}})"),
       "rules[0].red.value", "wrong_type_number", {}},
      {"percent with three decimals",
       WithRule(R"({"id": "a", "measure": "progress", "metric": "shortfall", "red": {"op": "more_than", "value": 50.005}})"),
       "rules[0].red.value", "percent_precision", {}},
      {"percent far out of range",
       WithRule(R"({"id": "a", "measure": "progress", "metric": "shortfall", "red": {"op": "more_than", "value": 1e300}})"),
       "rules[0].red.value", "out_of_range", {"0", "100"}},
      {"months far out of range",
       WithRule(R"({"id": "a", "measure": "start", "red": {"op": "at_least", "value": 18446744073709551615}})"),
       "rules[0].red.value", "out_of_range", {"0", "120"}},
      {"wrong direction",
       WithRule(R"({"id": "a", "measure": "progress", "metric": "percent_of_schedule", "red": {"op": "more_than", "value": 60}})"),
       "rules[0].red.op", "threshold_direction", {"at_most, less_than"}},
      {"thresholds swapped",
       WithRule(R"({"id": "a", "measure": "progress", "metric": "percent_of_schedule",
                    "yellow": {"op": "less_than", "value": 60}, "red": {"op": "less_than", "value": 80}})"),
       "rules[0].red.value", "threshold_order", {"60"}},
      {"schedule on a start rule",
       WithRule(R"({"id": "a", "measure": "start", "schedule": "proportional", "red": {"op": "at_least", "value": 3}})"),
       "rules[0].schedule", "not_for_measure", {"start"}},
      {"unknown schedule",
       WithRule(R"({"id": "a", "measure": "progress", "metric": "shortfall", "schedule": "weekly",
                    "red": {"op": "more_than", "value": 50}})"),
       "rules[0].schedule", "invalid_enum", {"monthly_targets, proportional"}},
      {"minimum plan on a milestone rule",
       WithRule(R"({"id": "a", "measure": "milestone", "min_annual_plan": 0, "red": {"op": "at_least", "value": 1}})"),
       "rules[0].min_annual_plan", "not_for_measure", {"milestone"}},
      {"minimum plan in yuan text",
       WithRule(R"({"id": "a", "measure": "progress", "metric": "shortfall", "min_annual_plan": "1000万",
                    "red": {"op": "more_than", "value": 50}})"),
       "rules[0].min_annual_plan", "wrong_type_integer", {}},
      {"negative minimum plan",
       WithRule(R"({"id": "a", "measure": "progress", "metric": "shortfall", "min_annual_plan": -1,
                    "red": {"op": "more_than", "value": 50}})"),
       "rules[0].min_annual_plan", "money_negative", {}},
      {"due-soon days on a progress rule",
       WithRule(R"({"id": "a", "measure": "progress", "metric": "shortfall", "due_soon_days": 7,
                    "red": {"op": "more_than", "value": 50}})"),
       "rules[0].due_soon_days", "not_for_measure", {"progress"}},
      {"due-soon days negative", WithRule(R"({"id": "a", "measure": "problem", "due_soon_days": -3})"),
       "rules[0].due_soon_days", "out_of_range", {"0", "366"}},
      {"due-soon days as text", WithRule(R"({"id": "a", "measure": "problem", "due_soon_days": "7"})"),
       "rules[0].due_soon_days", "wrong_type_integer", {}},
      {"rule without a threshold", WithRule(R"({"id": "a", "measure": "problem"})"), "rules[0]",
       "rule_without_threshold", {}},
      {"repeated rule id", R"({"id": "x", "name": "测试", "rules": [)" + start_rule + ", " + start_rule + "]}",
       "rules[1].id", "repeated_value", {"start"}},
  };
  for (const auto& c : cases) {
    json j;
    ASSERT_NO_THROW(j = json::parse(c.text)) << c.name;
    auto got = RuleSetFromJson(j);
    ASSERT_FALSE(got.has_value()) << c.name;
    EXPECT_EQ(got.error().code(), core::Code::kInvalidArgument) << c.name;
    EXPECT_EQ(got.error().field(), c.field) << c.name << ": " << got.error().ToString();
    EXPECT_EQ(got.error().key(), c.key) << c.name;
    EXPECT_EQ(got.error().args(), c.args) << c.name;
  }
}

TEST(RuleSetJsonTest, RefusesMoreThanFiftyRulesBeforeReadingThem) {
  json j = {{"id", "x"}, {"name", "测试"}, {"rules", json::array()}};
  for (int i = 0; i < 51; ++i) j["rules"].push_back(nullptr);
  auto got = RuleSetFromJson(j);
  ASSERT_FALSE(got.has_value());
  EXPECT_EQ(got.error().field(), "rules");
  EXPECT_EQ(got.error().key(), "too_many");
}

}  // namespace
}  // namespace gongjian::api

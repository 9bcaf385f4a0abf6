#include "engine/presets.h"

#include <gtest/gtest.h>

#include <functional>

namespace gongjian::engine {
namespace {

const Rule* FindRule(const RuleSet& set, std::string_view id) {
  for (const Rule& r : set.rules) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

TEST(PresetsTest, ShipYinchuanWuhanAndSanyaInThatOrder) {
  auto all = Presets();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0]->id, "yinchuan");
  EXPECT_EQ(all[1]->id, "wuhan");
  EXPECT_EQ(all[2]->id, "sanya");
  EXPECT_EQ(FindPreset("wuhan"), &WuhanPreset());
  EXPECT_EQ(FindPreset("beijing"), nullptr);
}

TEST(PresetsTest, EveryPresetIsValid) {
  for (const RuleSet* p : Presets()) {
    core::Status s = ValidateRuleSet(*p);
    EXPECT_TRUE(s.ok()) << p->id << ": " << s.ToString();
    EXPECT_FALSE(p->name.empty());
    EXPECT_FALSE(p->description.empty());
  }
}

TEST(PresetsTest, EveryPresetCarriesTheMilestoneAndProblemRules) {
  for (const RuleSet* p : Presets()) {
    const Rule* milestone = FindRule(*p, "milestone");
    ASSERT_NE(milestone, nullptr) << p->id;
    EXPECT_EQ(milestone->measure, Measure::kMilestone);
    EXPECT_EQ(milestone->red, (Threshold{Op::kAtLeast, 1}));
    EXPECT_FALSE(milestone->yellow);
    EXPECT_EQ(milestone->due_soon_days, 7);
    const Rule* problem = FindRule(*p, "problem");
    ASSERT_NE(problem, nullptr) << p->id;
    EXPECT_EQ(problem->measure, Measure::kProblem);
    EXPECT_EQ(problem->red, (Threshold{Op::kAtLeast, 1}));
    EXPECT_EQ(problem->due_soon_days, 0);
  }
}

TEST(PresetsTest, YinchuanCountsTenAndThirtyPointsAsYellow) {
  const Rule* r = FindRule(YinchuanPreset(), "progress");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->metric, Metric::kPointsBehind);
  EXPECT_EQ(r->yellow, (Threshold{Op::kAtLeast, 1000}));
  EXPECT_EQ(r->red, (Threshold{Op::kMoreThan, 3000}));
  EXPECT_EQ(r->schedule, ScheduleBasis::kMonthlyTargets);
  EXPECT_EQ(FindRule(YinchuanPreset(), "start")->red, (Threshold{Op::kAtLeast, 3}));
  EXPECT_EQ(FindRule(YinchuanPreset(), "registration")->red, (Threshold{Op::kAtLeast, 2}));
}

TEST(PresetsTest, WuhanCardsAreStrictlyBelowEightyAndSixtyPercent) {
  const Rule* r = FindRule(WuhanPreset(), "progress");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->metric, Metric::kPercentOfSchedule);
  EXPECT_EQ(r->yellow, (Threshold{Op::kLessThan, 8000}));
  EXPECT_EQ(r->red, (Threshold{Op::kLessThan, 6000}));
  EXPECT_EQ(FindRule(WuhanPreset(), "start"), nullptr);
}

TEST(PresetsTest, SanyaCountsAFiftyPercentShortfallAsYellowForPlansOfTenMillionYuan) {
  const Rule* r = FindRule(SanyaPreset(), "progress");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->metric, Metric::kShortfall);
  EXPECT_EQ(r->yellow, (Threshold{Op::kMoreThan, 0}));
  EXPECT_EQ(r->red, (Threshold{Op::kMoreThan, 5000}));
  EXPECT_EQ(r->min_annual_plan, 1'000'000'000);  // 1000万元 in 分
}

struct InvalidCase {
  const char* name;
  std::function<void(RuleSet&)> change;
  const char* field;
  const char* key;
  std::vector<std::string> args;
};

TEST(ValidateRuleSetTest, NamesTheOffendingFieldAsAPath) {
  const InvalidCase cases[] = {
      {"blank id", [](RuleSet& s) { s.id = ""; }, "id", "required", {}},
      {"upper-case id", [](RuleSet& s) { s.id = "Yinchuan"; }, "id", "identifier_format", {}},
      {"id starting with a dash", [](RuleSet& s) { s.id = "-x"; }, "id", "identifier_format", {}},
      {"id too long", [](RuleSet& s) { s.id = std::string(65, 'a'); }, "id", "identifier_format", {}},
      {"blank name", [](RuleSet& s) { s.name = "　"; }, "name", "required", {}},
      {"long name", [](RuleSet& s) { s.name = std::string(101, 'n'); }, "name", "too_long", {"100"}},
      {"long description", [](RuleSet& s) { s.description = std::string(1001, 'd'); }, "description", "too_long", {"1000"}},
      {"too many rules", [](RuleSet& s) {
         const Rule copy = s.rules[3];
         s.rules.resize(51, copy);
       }, "rules", "too_many", {"50"}},
      {"rule id blank", [](RuleSet& s) { s.rules[1].id = ""; }, "rules[1].id", "required", {}},
      {"rule id with a space", [](RuleSet& s) { s.rules[1].id = "st art"; }, "rules[1].id", "identifier_format", {}},
      {"repeated rule id", [](RuleSet& s) { s.rules[2].id = "progress"; }, "rules[2].id", "repeated_value", {"progress"}},
      {"metric of another measure", [](RuleSet& s) { s.rules[1].metric = Metric::kPointsBehind; }, "rules[1].metric",
       "not_for_measure", {"start"}},
      {"no threshold at all",
       [](RuleSet& s) {
         s.rules[1].yellow.reset();
         s.rules[1].red.reset();
       },
       "rules[1]", "rule_without_threshold", {}},
      {"points behind compared downwards", [](RuleSet& s) { s.rules[0].yellow->op = Op::kAtMost; }, "rules[0].yellow.op",
       "threshold_direction", {"at_least, more_than"}},
      {"percent of schedule compared upwards",
       [](RuleSet& s) {
         s.rules[0].metric = Metric::kPercentOfSchedule;
         s.rules[0].yellow = Threshold{Op::kLessThan, 8000};
         s.rules[0].red = Threshold{Op::kMoreThan, 6000};
       },
       "rules[0].red.op", "threshold_direction", {"at_most, less_than"}},
      {"percent above 100", [](RuleSet& s) { s.rules[0].red->value = 10001; }, "rules[0].red.value", "out_of_range",
       {"0", "100"}},
      {"negative months", [](RuleSet& s) { s.rules[1].yellow->value = -1; }, "rules[1].yellow.value", "out_of_range",
       {"0", "120"}},
      {"days beyond ten years", [](RuleSet& s) { s.rules[3].red->value = 3651; }, "rules[3].red.value", "out_of_range",
       {"0", "3650"}},
      {"red milder than yellow", [](RuleSet& s) { s.rules[0].red = Threshold{Op::kMoreThan, 500}; }, "rules[0].red.value",
       "threshold_order", {"10"}},
      {"red the same as yellow", [](RuleSet& s) { s.rules[1].red = Threshold{Op::kAtLeast, 1}; }, "rules[1].red.value",
       "threshold_order", {"1"}},
      {"red more_than 1 month is yellow's at_least 2 months",
       [](RuleSet& s) {
         s.rules[1].yellow = Threshold{Op::kAtLeast, 2};
         s.rules[1].red = Threshold{Op::kMoreThan, 1};
       },
       "rules[1].red.value", "threshold_order", {"2"}},
      {"due-soon days on a progress rule", [](RuleSet& s) { s.rules[0].due_soon_days = 7; }, "rules[0].due_soon_days",
       "not_for_measure", {"progress"}},
      {"due-soon days beyond a year", [](RuleSet& s) { s.rules[3].due_soon_days = 367; }, "rules[3].due_soon_days",
       "out_of_range", {"0", "366"}},
      {"minimum plan on a start rule", [](RuleSet& s) { s.rules[1].min_annual_plan = 100; }, "rules[1].min_annual_plan",
       "not_for_measure", {"start"}},
      {"negative minimum plan", [](RuleSet& s) { s.rules[0].min_annual_plan = -1; }, "rules[0].min_annual_plan",
       "money_negative", {}},
      {"absurd minimum plan", [](RuleSet& s) { s.rules[0].min_annual_plan = domain::kMaxMoney + 1; },
       "rules[0].min_annual_plan", "money_too_large", {}},
  };
  for (const auto& c : cases) {
    RuleSet s = YinchuanPreset();
    c.change(s);
    core::Status status = ValidateRuleSet(s);
    EXPECT_EQ(status.code(), core::Code::kInvalidArgument) << c.name;
    EXPECT_EQ(status.field(), c.field) << c.name << ": " << status.ToString();
    EXPECT_EQ(status.key(), c.key) << c.name;
    EXPECT_EQ(status.args(), c.args) << c.name;
  }
}

TEST(ValidateRuleSetTest, AcceptsTheUsualEdits) {
  RuleSet s = YinchuanPreset();
  s.rules[0].yellow = Threshold{Op::kMoreThan, 1000};  // exclusive 10 points
  s.rules[0].red = Threshold{Op::kAtLeast, 3000};      // inclusive 30 points
  s.rules[0].schedule = ScheduleBasis::kProportional;
  s.rules[1].yellow.reset();                           // red only
  s.rules[3].due_soon_days = 0;                        // no reminder, red still there
  s.rules.pop_back();                                  // no problem rule
  EXPECT_TRUE(ValidateRuleSet(s).ok()) << ValidateRuleSet(s).ToString();
  s.rules.clear();  // an office may switch warnings off
  EXPECT_TRUE(ValidateRuleSet(s).ok());
}

TEST(ValidateRuleSetTest, AcceptsADueSoonWindowAsTheOnlyThreshold) {
  RuleSet s = YinchuanPreset();
  s.rules[3].red.reset();
  EXPECT_TRUE(ValidateRuleSet(s).ok());
  s.rules[3].due_soon_days = 0;
  EXPECT_EQ(ValidateRuleSet(s).key(), "rule_without_threshold");
}

}  // namespace
}  // namespace gongjian::engine

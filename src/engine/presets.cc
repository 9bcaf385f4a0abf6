#include "engine/presets.h"

#include <array>

namespace gongjian::engine {
namespace {

// Thresholds follow the published wording read as the civil code reads it (民法典 第1259条):
// 以上/以内 include the number, 超过/低于 exclude it.

Rule MilestoneRule() {
  Rule r;
  r.id = "milestone";
  r.measure = Measure::kMilestone;
  r.metric = Metric::kDaysOverdue;
  r.red = Threshold{Op::kAtLeast, 1};  // the planned day passed and the node is not met
  r.due_soon_days = 7;                 // 7天内到期 → yellow, 7 included
  return r;
}

Rule ProblemRule() {
  Rule r;
  r.id = "problem";
  r.measure = Measure::kProblem;
  r.metric = Metric::kDaysOverdue;
  r.red = Threshold{Op::kAtLeast, 1};  // past its handling deadline and not closed
  return r;
}

RuleSet MakeYinchuan() {
  RuleSet s;
  s.id = "yinchuan";
  s.name = "银川市（2025）";
  s.description =
      "投资进度低于序时进度10至30个百分点（含）亮黄灯，超过30个百分点亮红灯；"
      "计划当月未开工亮黄灯，延后3个月未开工亮红灯；开工满1个月未入库亮黄灯，满2个月未入库亮红灯；"
      "关键节点逾期亮红灯、7天内到期亮黄灯；问题超过办理时限亮红灯。";
  Rule progress;
  progress.id = "progress";
  progress.measure = Measure::kProgress;
  progress.metric = Metric::kPointsBehind;
  progress.yellow = Threshold{Op::kAtLeast, 1'000};  // 10个百分点, included
  progress.red = Threshold{Op::kMoreThan, 3'000};    // 超过30个百分点: exactly 30 stays yellow
  Rule start;
  start.id = "start";
  start.measure = Measure::kStart;
  start.metric = Metric::kMonthsLate;
  start.yellow = Threshold{Op::kAtLeast, 1};  // the planned month ended without a start
  start.red = Threshold{Op::kAtLeast, 3};     // 连续3个月应开未开
  Rule registration;
  registration.id = "registration";
  registration.measure = Measure::kRegistration;
  registration.metric = Metric::kMonthsUnregistered;
  registration.yellow = Threshold{Op::kAtLeast, 1};  // 开工满1个月未入库
  registration.red = Threshold{Op::kAtLeast, 2};     // 2个月以上未入库, 2 included
  s.rules = {progress, start, registration, MilestoneRule(), ProblemRule()};
  return s;
}

RuleSet MakeWuhan() {
  RuleSet s;
  s.id = "wuhan";
  s.name = "武汉市";
  s.description =
      "完成投资低于序时进度80%亮黄牌，低于60%亮红牌；关键节点逾期亮红灯、7天内到期亮黄灯；问题超过办理时限亮红灯。";
  Rule progress;
  progress.id = "progress";
  progress.measure = Measure::kProgress;
  progress.metric = Metric::kPercentOfSchedule;
  progress.yellow = Threshold{Op::kLessThan, 8'000};  // 低于80%: exactly 80% is green
  progress.red = Threshold{Op::kLessThan, 6'000};     // 低于60%: exactly 60% is yellow
  s.rules = {progress, MilestoneRule(), ProblemRule()};
  return s;
}

RuleSet MakeSanya() {
  RuleSet s;
  s.id = "sanya";
  s.name = "三亚市（2022）";
  s.description =
      "年度计划投资1000万元以上的项目，累计完成投资低于序时进度、差距在50%以内（含）亮黄灯，差距超过50%亮红灯；"
      "关键节点逾期亮红灯、7天内到期亮黄灯；问题超过办理时限亮红灯。";
  Rule progress;
  progress.id = "progress";
  progress.measure = Measure::kProgress;
  progress.metric = Metric::kShortfall;
  progress.yellow = Threshold{Op::kMoreThan, 0};   // any shortfall below 序时
  progress.red = Threshold{Op::kMoreThan, 5'000};  // 50%以内 is yellow, so red starts above 50%
  progress.min_annual_plan = 1'000'000'000;        // 1000万元
  s.rules = {progress, MilestoneRule(), ProblemRule()};
  return s;
}

}  // namespace

const RuleSet& YinchuanPreset() {
  static const RuleSet kSet = MakeYinchuan();
  return kSet;
}

const RuleSet& WuhanPreset() {
  static const RuleSet kSet = MakeWuhan();
  return kSet;
}

const RuleSet& SanyaPreset() {
  static const RuleSet kSet = MakeSanya();
  return kSet;
}

std::span<const RuleSet* const> Presets() {
  static const std::array<const RuleSet*, 3> kAll = {&YinchuanPreset(), &WuhanPreset(), &SanyaPreset()};
  return kAll;
}

const RuleSet* FindPreset(std::string_view id) {
  for (const RuleSet* s : Presets()) {
    if (s->id == id) return s;
  }
  return nullptr;
}

}  // namespace gongjian::engine

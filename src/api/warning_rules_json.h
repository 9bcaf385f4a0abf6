#pragma once

#include <nlohmann/json_fwd.hpp>

#include "core/status.h"
#include "engine/warning.h"

namespace gongjian::api {

// A rule set as JSON, the document an office chooses and edits:
//
//   {"id": "yinchuan", "name": "银川市（2025）", "description": "…",
//    "rules": [{"id": "progress", "measure": "progress", "metric": "points_behind",
//               "yellow": {"op": "at_least", "value": 10}, "red": {"op": "more_than", "value": 30},
//               "schedule": "monthly_targets", "min_annual_plan": 0},
//              {"id": "milestone", "measure": "milestone", "metric": "days_overdue",
//               "red": {"op": "at_least", "value": 1}, "due_soon_days": 7}, …]}
//
// Threshold values are in the metric's user unit: percent (up to two decimals, 79.99) for
// percent metrics, whole months or days otherwise. Money (min_annual_plan) is integer 分.
// "schedule" and "min_annual_plan" appear on progress rules only, "due_soon_days" on milestone
// and problem rules only; absent thresholds are omitted.
nlohmann::json RuleSetToJson(const engine::RuleSet& set);

// Reads a rule set written as above. "metric" may be omitted for measures that have only one;
// "description", "yellow", "red", "schedule" (default monthly_targets), "min_annual_plan"
// (default 0) and "due_soon_days" (default 0) are optional. Refuses unknown fields, wrong types,
// unknown names and percent values with more than two decimals, then applies
// engine::ValidateRuleSet. Every error is kInvalidArgument naming the offending field as a path,
// e.g. "rules[1].yellow.value"; a non-object document names "body".
core::Result<engine::RuleSet> RuleSetFromJson(const nlohmann::json& json);

}  // namespace gongjian::api

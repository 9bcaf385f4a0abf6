#pragma once

#include <span>
#include <string_view>

#include "engine/warning.h"

namespace gongjian::engine {

// The shipped rule sets, from published local rules (SPEC §5; domain research §3.2). Each is a
// process-lifetime constant that passes ValidateRuleSet; the office starts from one and may edit
// a copy. Every preset also carries rule "milestone" (overdue by a day or more → red; due within
// 7 days → yellow) and rule "problem" (past its deadline by a day or more → red).
//
// Yinchuan (银川, 2025), id "yinchuan":
//   "progress"      points_behind: 10 to 30 points inclusive → yellow; more than 30 → red.
//   "start"         months_late: at least 1 (the planned month ended without a start) → yellow;
//                   at least 3 → red.
//   "registration"  months_unregistered: at least 1 full month → yellow; at least 2 → red.
// Wuhan (武汉), id "wuhan":
//   "progress"      percent_of_schedule: below 80% → yellow card; below 60% → red card
//                   (exactly 80% is green, exactly 60% yellow).
// Sanya (三亚, 2022), id "sanya":
//   "progress"      shortfall: above 0 and up to 50% inclusive → yellow; more than 50% → red;
//                   only for annual plans of at least 1000万元.
// Progress rules take 序时进度 from monthly targets where the plan has them.
const RuleSet& YinchuanPreset();
const RuleSet& WuhanPreset();
const RuleSet& SanyaPreset();

// All presets, Yinchuan, Wuhan, Sanya in that order.
std::span<const RuleSet* const> Presets();

// The preset with this id; nullptr when there is none.
const RuleSet* FindPreset(std::string_view id);

}  // namespace gongjian::engine

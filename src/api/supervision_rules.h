#pragma once

#include <cstdint>

#include "api/context.h"
#include "core/status.h"
#include "domain/approval.h"
#include "domain/problem.h"
#include "http/router.h"
#include "store/database.h"

namespace gongjian::api {

// The project office's supervision rules (督办规则, SPEC §6): after how many working days past
// its deadline an overdue problem climbs each step of the ladder, and at what share of its time
// limit an approval item's code turns red. Kept as one setting; version 0 is the built-in default
// nobody has stored yet.
struct SupervisionRules {
  domain::EscalationRule escalation;
  int approval_red_percent = domain::kDefaultRedPercent;
  int64_t version = 0;
};

inline constexpr const char* kSupervisionRulesKey = "supervision_rules";

// The rules in force: the stored setting, or the defaults. A stored value that no longer reads
// (it was validated when saved) falls back to the defaults field by field.
core::Result<SupervisionRules> LoadSupervisionRules(store::Connection& c);

// GET /api/supervision-rules (every business user) and PUT /api/supervision-rules (the project
// office, If-Match; audited).
void AddSupervisionRuleRoutes(http::Router& router, const ApiContext& ctx);

}  // namespace gongjian::api

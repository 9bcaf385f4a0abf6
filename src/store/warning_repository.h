#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/report.h"
#include "store/database.h"

namespace gongjian::store {

// What the warning rules look at for one project, as stored: its approved annual plan of
// the period's year, the accepted investment of that year up to the period's month, its
// planned and actual start. (Milestones and problems join when their issues land.)
struct WarningInputs {
  std::optional<domain::AnnualPlan> plan;  // only an approved plan counts
  domain::Fen completed = 0;
  std::optional<domain::Date> planned_start;
  std::optional<domain::Date> actual_start;
};
Result<WarningInputs> LoadWarningInputs(Connection& c, int64_t project_id, domain::Period period);

// One finding as stored; colours and measures by their API names ("red", "progress").
struct WarningRow {
  std::string rule_id;
  std::string measure;
  std::string colour;
  std::string reason;
  int64_t value = 0;
  std::string computed_at;  // filled by ListWarnings
};

// Replaces the project's current findings and records `colour` (the overall one) for
// `period` in the history and on the project row. Call inside Database::Write, in the
// transaction that changed the inputs.
Status SaveWarnings(Connection& c, int64_t project_id, domain::Period period, const std::vector<WarningRow>& rows,
                    const std::string& colour, const std::string& now);

// A project's current findings, in rule order.
Result<std::vector<WarningRow>> ListWarnings(Connection& c, int64_t project_id);

}  // namespace gongjian::store

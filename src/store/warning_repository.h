#pragma once

#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/report.h"
#include "engine/warning.h"
#include "store/database.h"

namespace gongjian::store {

// What the warning rules look at for one project on `as_of`, for the progress of `period`:
// its approved annual plan of the period's year, the accepted investment of that year up to
// the period's month, its planned and actual start. (Milestones and problems join when
// their issues land.)
Result<engine::ProjectMeasures> LoadMeasures(Connection& c, int64_t project_id, domain::Period period,
                                             domain::Date as_of);

// Replaces the project's current warnings, records its colour for `period` in the
// history and on the project row. Call inside Database::Write, in the transaction that
// changed the inputs.
Status SaveWarnings(Connection& c, int64_t project_id, domain::Period period,
                    const std::vector<engine::Warning>& warnings, const std::string& now);

// A project's current warnings, in rule order.
struct StoredWarning {
  std::string rule_id;
  std::string measure;
  engine::Colour colour = engine::Colour::kGreen;
  std::string reason;
  int64_t value = 0;
  std::string computed_at;
};
Result<std::vector<StoredWarning>> ListWarnings(Connection& c, int64_t project_id);

}  // namespace gongjian::store

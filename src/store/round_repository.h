#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/report.h"
#include "store/database.h"
#include "store/page.h"
#include "store/project_repository.h"

namespace gongjian::store {

// A dispatch round (调度任务): the office asks for the reports of one month within a
// fill-in window.
struct DispatchRound {
  int64_t id = 0;
  std::string name;  // "2026年10月调度"
  domain::Period period;
  domain::Date opens_on;
  domain::Date closes_on;
  int64_t version = 0;
};

// Validates (a name, opens_on ≤ closes_on) and inserts; kConflict "round_exists" (field
// "period") when the month has a round already. Call inside Database::Write.
Result<DispatchRound> CreateRound(Connection& c, DispatchRound round, int64_t user_id, const std::string& now);

// Newest period first.
Result<Page<DispatchRound>> ListRounds(Connection& c, const PageRequest& page);

// kNotFound "round_not_found".
Result<DispatchRound> GetRound(Connection& c, int64_t id);
Result<std::optional<DispatchRound>> RoundForPeriod(Connection& c, domain::Period period);

// One project that must report in a round, and how far its report got.
struct RoundEntry {
  int64_t project_id = 0;
  std::string project_name;
  std::string owner_name;
  std::optional<domain::ReportStatus> status;  // nullopt: not reported at all
  std::optional<domain::Date> extended_until;
  std::string reminded_at;  // the office's latest reminder (催报), empty if none
};

// The projects in the viewer's scope that must report in the round (those in 前期, 在建 or
// 停缓建), with the status of their newest report for its month, ordered by project id.
Result<std::vector<RoundEntry>> RoundStatus(Connection& c, const Viewer& viewer, const DispatchRound& round);

// Lets the project report for the round until `until` (inclusive), replacing an earlier grant.
Status GrantExtension(Connection& c, int64_t round_id, int64_t project_id, domain::Date until, int64_t user_id,
                      const std::string& now);

// Whether the project may report for `period` on `today`: a round for the month is open
// (opens_on ≤ today ≤ closes_on), or the office extended it for the project. kConflict
// "round_not_open" (field "period") otherwise.
Status CheckReportingWindow(Connection& c, int64_t project_id, domain::Period period, domain::Date today);

}  // namespace gongjian::store

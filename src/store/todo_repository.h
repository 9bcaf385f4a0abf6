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

// What waits on a user (工作台), each list in the viewer's scope, at most `limit` items with
// the total count.

// A month a project must still report for: a round open today (or extended for the project)
// whose newest report is missing, a draft or returned. Soonest closing first.
struct ReportToFill {
  int64_t project_id = 0;
  std::string project_name;
  int64_t round_id = 0;
  domain::Period period;
  domain::Date closes_on;                       // the round's, or the project's extension
  std::optional<domain::ReportStatus> status;   // nullopt: not started
  std::optional<int64_t> report_id;
  std::string reminded_at;                      // the office's latest reminder, empty if none
};
Result<Page<ReportToFill>> ReportsToFill(Connection& c, const Viewer& viewer, domain::Date today, int64_t limit);

// A submitted report or annual plan waiting for the office's review. Oldest first.
struct ReviewItem {
  std::string kind;  // "report" or "plan"
  int64_t id = 0;
  int64_t project_id = 0;
  std::string project_name;
  std::string period;  // "2026-10" for reports, "2026" for plans
  std::string submitted_at;
};
Result<Page<ReviewItem>> ItemsToReview(Connection& c, const Viewer& viewer, int64_t limit);

// An unmet milestone planned on or before `until`. Earliest first.
struct MilestoneDue {
  int64_t id = 0;
  int64_t project_id = 0;
  std::string project_name;
  std::string name;
  domain::Date planned;
  std::string responsible_person;
};
Result<Page<MilestoneDue>> MilestonesDue(Connection& c, const Viewer& viewer, domain::Date until, int64_t limit);

// A project showing a red or yellow light, with its first finding. Red first.
struct WarnedProject {
  int64_t project_id = 0;
  std::string project_name;
  std::string colour;
  std::string reason;
};
Result<Page<WarnedProject>> WarnedProjects(Connection& c, const Viewer& viewer, int64_t limit);

// Records that the office reminded these projects to report for the round (催报).
Status RecordReminders(Connection& c, int64_t round_id, const std::vector<int64_t>& project_ids, int64_t user_id,
                       const std::string& now);

}  // namespace gongjian::store

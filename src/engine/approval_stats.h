#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/approval.h"
#include "domain/calendar.h"
#include "domain/date.h"

namespace gongjian::engine {

// Approval analytics (前期手续分析, SPEC §6): where approval is slow, for one year.
//
// Which items a year covers. `as_of` is the year's last day, or today when the year is not over.
//  - Finished in the year: obtained items with an application date and an approval date from
//    1 January to as_of. Their durations (application to approval) give count, median and p90.
//  - Open at as_of: items applied on or before as_of and not approved by then (in progress now, or
//    obtained after as_of). They give `open` and the yellow/red codes as they stood on as_of
//    (today's codes for the current year). They have no duration yet and stay out of the median.
//  - Overdue: finished items that took longer than their limit (in the item's own unit), plus open
//    items whose limit was reached on as_of (a yellow or red code).
// Durations for median and p90 are in working days for every item, whatever the unit of its limit,
// so that departments can be compared; the limit itself is judged in its own unit.
// Percentiles use the nearest-rank method: the p-th percentile of n sorted values is the value at
// rank ceil(p/100 × n) (1-based). The median is the 50th percentile by that rule, so for an even
// count it is the lower of the two middle values.

// One row: a department or an item name (or the whole).
struct ApprovalGroupStats {
  std::string name;  // the department's name, or the item's; empty for items without a department
  std::optional<int64_t> department_org_id;  // for department rows
  int count = 0;                     // finished in the year
  std::optional<int> median_days;    // none when count == 0
  std::optional<int> p90_days;
  int overdue = 0;
  int open = 0;
  int yellow = 0;
  int red = 0;

  bool operator==(const ApprovalGroupStats&) const = default;
};

struct ApprovalStats {
  int year = 0;
  domain::Date as_of;
  ApprovalGroupStats total;
  // Slowest first: by median descending (rows without a median last), then p90 descending, then
  // overdue descending, then name.
  std::vector<ApprovalGroupStats> by_department;
  std::vector<ApprovalGroupStats> by_item;
};

// The statistics of `items` for `year` as described above. `department_names` names the
// departments (by org id); a department missing from it is shown by an empty name. Pure.
ApprovalStats ComputeApprovalStats(const std::vector<domain::ApprovalItem>& items,
                                   const std::map<int64_t, std::string>& department_names, int year,
                                   domain::Date today, const domain::WorkCalendar& calendar,
                                   int red_percent = domain::kDefaultRedPercent);

// The nearest-rank p-th percentile (0 < p <= 100) of `sorted` (ascending, not empty).
int NearestRankPercentile(const std::vector<int>& sorted, int p);

}  // namespace gongjian::engine

#include "engine/approval_stats.h"

#include <algorithm>
#include <stdexcept>

namespace gongjian::engine {
namespace {

using domain::ApprovalCode;
using domain::ApprovalItem;
using domain::ApprovalStatus;
using domain::Date;

struct Accumulator {
  ApprovalGroupStats stats;
  std::vector<int> days;
};

void Finish(Accumulator& a) {
  std::sort(a.days.begin(), a.days.end());
  a.stats.count = static_cast<int>(a.days.size());
  if (!a.days.empty()) {
    a.stats.median_days = NearestRankPercentile(a.days, 50);
    a.stats.p90_days = NearestRankPercentile(a.days, 90);
  }
}

bool Slower(const ApprovalGroupStats& a, const ApprovalGroupStats& b) {
  if (a.median_days.has_value() != b.median_days.has_value()) return a.median_days.has_value();
  if (a.median_days != b.median_days) return *a.median_days > *b.median_days;
  if (a.p90_days != b.p90_days) return *a.p90_days > *b.p90_days;
  if (a.overdue != b.overdue) return a.overdue > b.overdue;
  return a.name < b.name;
}

}  // namespace

int NearestRankPercentile(const std::vector<int>& sorted, int p) {
  if (sorted.empty() || p <= 0 || p > 100) throw std::invalid_argument("NearestRankPercentile");
  const size_t n = sorted.size();
  size_t rank = (static_cast<size_t>(p) * n + 99) / 100;  // ceil(p × n / 100)
  if (rank < 1) rank = 1;
  return sorted[rank - 1];
}

ApprovalStats ComputeApprovalStats(const std::vector<ApprovalItem>& items,
                                   const std::map<int64_t, std::string>& department_names, int year, Date today,
                                   const domain::WorkCalendar& calendar, int red_percent) {
  ApprovalStats out;
  out.year = year;
  const Date year_start{year, 1, 1};
  const Date year_end{year, 12, 31};
  out.as_of = std::min(year_end, today);
  const Date as_of = out.as_of;

  Accumulator total;
  std::map<int64_t, Accumulator> departments;  // 0: no department
  std::map<std::string, Accumulator> names;
  for (const ApprovalItem& a : items) {
    if (!a.applied_on || *a.applied_on > as_of) continue;
    const bool obtained = a.status == ApprovalStatus::kObtained && a.approved_on;
    const bool finished = obtained && *a.approved_on >= year_start && *a.approved_on <= as_of;
    const bool open = (a.status == ApprovalStatus::kInProgress && !a.approved_on) || (obtained && *a.approved_on > as_of);
    if (!finished && !open) continue;
    const int64_t dept = a.department_org_id.value_or(0);
    Accumulator& d = departments[dept];
    Accumulator& n = names[a.name];
    if (d.stats.name.empty() && dept != 0) {
      auto it = department_names.find(dept);
      if (it != department_names.end()) d.stats.name = it->second;
    }
    if (dept != 0) d.stats.department_org_id = dept;
    if (n.stats.name.empty()) n.stats.name = a.name;
    const Date end = finished ? *a.approved_on : as_of;
    const int own_days = domain::ElapsedDays(*a.applied_on, end, a.limit_kind, calendar);
    ApprovalCode code = ApprovalCode::kNone;
    if (a.limit_days) code = domain::CodeForDays(own_days, *a.limit_days, finished, red_percent);
    for (Accumulator* acc : {&total, &d, &n}) {
      if (finished) {
        acc->days.push_back(domain::ElapsedDays(*a.applied_on, end, domain::LimitKind::kWorking, calendar));
      } else {
        ++acc->stats.open;
        if (code == ApprovalCode::kYellow) ++acc->stats.yellow;
        if (code == ApprovalCode::kRed) ++acc->stats.red;
      }
      if (code != ApprovalCode::kNone) ++acc->stats.overdue;
    }
  }
  Finish(total);
  out.total = total.stats;
  for (auto& [id, acc] : departments) {
    Finish(acc);
    out.by_department.push_back(acc.stats);
  }
  for (auto& [name, acc] : names) {
    Finish(acc);
    out.by_item.push_back(acc.stats);
  }
  std::sort(out.by_department.begin(), out.by_department.end(), Slower);
  std::sort(out.by_item.begin(), out.by_item.end(), Slower);
  return out;
}

}  // namespace gongjian::engine

#include "engine/schedule.h"

#include <algorithm>
#include <unordered_map>

namespace gongjian::engine {
namespace {

using domain::Date;

// Node indices in an order where every predecessor comes before its successors (Kahn), or
// nullopt when the links form a cycle. `preds[i]` lists (predecessor index, lag).
std::optional<std::vector<size_t>> TopologicalOrder(const std::vector<std::vector<std::pair<size_t, int>>>& preds) {
  const size_t n = preds.size();
  std::vector<std::vector<size_t>> succs(n);
  std::vector<size_t> waiting(n, 0);
  for (size_t i = 0; i < n; ++i) {
    waiting[i] = preds[i].size();
    for (const auto& [p, lag] : preds[i]) succs[p].push_back(i);
  }
  std::vector<size_t> order;
  order.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (waiting[i] == 0) order.push_back(i);
  }
  for (size_t k = 0; k < order.size(); ++k) {
    for (size_t s : succs[order[k]]) {
      if (--waiting[s] == 0) order.push_back(s);
    }
  }
  if (order.size() != n) return std::nullopt;
  return order;
}

}  // namespace

MilestoneState MilestoneStateOf(Date planned, std::optional<Date> actual, Date forecast, Date today) {
  if (actual) return MilestoneState::kDone;
  if (planned < today) return MilestoneState::kOverdue;
  if (planned <= domain::AddDays(today, kDueSoonDays)) return MilestoneState::kDueSoon;
  if (forecast > planned) return MilestoneState::kLateForecast;
  return MilestoneState::kPending;
}

std::string_view MilestoneStateName(MilestoneState state) {
  switch (state) {
    case MilestoneState::kDone: return "done";
    case MilestoneState::kOverdue: return "overdue";
    case MilestoneState::kDueSoon: return "due_soon";
    case MilestoneState::kLateForecast: return "late_forecast";
    case MilestoneState::kPending: return "pending";
  }
  return "pending";
}

core::Result<std::vector<NodeSchedule>> ComputeSchedule(std::span<const ScheduleNode> nodes, Date today,
                                                        const domain::WorkCalendar& calendar) {
  const size_t n = nodes.size();
  std::unordered_map<int64_t, size_t> index;
  index.reserve(n);
  for (size_t i = 0; i < n; ++i) index.emplace(nodes[i].id, i);
  std::vector<std::vector<std::pair<size_t, int>>> preds(n);
  std::vector<std::vector<std::pair<size_t, int>>> succs(n);
  for (size_t i = 0; i < n; ++i) {
    for (const auto& d : nodes[i].deps) {
      auto it = index.find(d.predecessor_id);
      if (it == index.end()) continue;
      preds[i].emplace_back(it->second, d.lag_days);
      succs[it->second].emplace_back(i, d.lag_days);
    }
  }
  auto order = TopologicalOrder(preds);
  if (!order) return core::Fail(core::Status::Conflict("milestone_cycle", "deps"));

  std::vector<NodeSchedule> out(n);
  for (size_t i : *order) {  // forward pass: forecasts
    const ScheduleNode& node = nodes[i];
    NodeSchedule& s = out[i];
    s.id = node.id;
    if (node.actual) {
      s.forecast = *node.actual;
      continue;
    }
    s.forecast = std::max(node.planned, today);
    for (const auto& [p, lag] : preds[i]) {
      s.forecast = std::max(s.forecast, calendar.AddWorkingDays(out[p].forecast, lag));
    }
  }
  for (auto it = order->rbegin(); it != order->rend(); ++it) {  // backward pass: latest dates
    const size_t i = *it;
    const ScheduleNode& node = nodes[i];
    NodeSchedule& s = out[i];
    if (!node.actual) {
      std::optional<Date> late;
      for (const auto& [k, lag] : succs[i]) {
        if (!out[k].late) continue;
        const Date by_successor = calendar.SubtractWorkingDays(*out[k].late, lag);
        late = late ? std::min(*late, by_successor) : by_successor;
      }
      s.late = late ? *late : calendar.SubtractWorkingDays(node.planned, 0);
      s.float_days = calendar.WorkingDaysBetween(s.forecast, *s.late);
      s.delay_days = std::max(0, calendar.WorkingDaysBetween(node.planned, s.forecast));
      s.critical = s.float_days <= 0;
    }
    s.state = MilestoneStateOf(node.planned, node.actual, s.forecast, today);
  }
  return out;
}

}  // namespace gongjian::engine

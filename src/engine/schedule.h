#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/calendar.h"
#include "domain/date.h"
#include "domain/milestone.h"

namespace gongjian::engine {

// One node of a schedule network: a milestone with its finish-to-start links.
struct ScheduleNode {
  int64_t id = 0;
  domain::Date planned;
  std::optional<domain::Date> actual;  // met on that day
  std::vector<domain::MilestoneDependency> deps;
};

// How a milestone stands on a day (the API's "status").
enum class MilestoneState {
  kDone,          // met
  kOverdue,       // not met and its planned date has passed
  kDueSoon,       // not met, planned within kDueSoonDays
  kLateForecast,  // not met, not yet due, but a predecessor's slip forecasts it after its plan
  kPending,       // otherwise
};
std::string_view MilestoneStateName(MilestoneState state);  // "done", "overdue", "due_soon", …

inline constexpr int kDueSoonDays = 14;  // calendar days

// A node's state on `today` from its plan, its actual date (when met) and its forecast: what
// ComputeSchedule gives, for a schedule read back from storage.
MilestoneState MilestoneStateOf(domain::Date planned, std::optional<domain::Date> actual, domain::Date forecast,
                                domain::Date today);

// A node's computed schedule (SPEC §4).
struct NodeSchedule {
  int64_t id = 0;
  // The actual date when met; else the earliest day it can be met: not before its planned date,
  // not before today, and not before each predecessor's forecast plus the link's lag in working
  // days (AddWorkingDays; lag 0 means the first working day on or after the predecessor).
  domain::Date forecast;
  // Unmet nodes: the latest working day it can be met without making a node at the end of its
  // chains miss its planned date (a backward pass with SubtractWorkingDays: a node without unmet
  // successors ends a chain and its late date is its own planned date, moved back to a working
  // day; the others' intermediate planned dates are targets, not constraints).
  std::optional<domain::Date> late;
  // Total float: working days from forecast to late; how far the node may slip before an end of
  // its chains is late. Negative: the chain will miss its plan by that much. 0 when met.
  int float_days = 0;
  int delay_days = 0;   // working days from planned to forecast when positive, else 0
  bool critical = false;  // not met and float_days <= 0
  MilestoneState state = MilestoneState::kPending;
};

// Computes the schedule of a network, in the order of `nodes`. Dependencies on ids not in
// `nodes` are ignored (pass the whole connected component). kConflict "milestone_cycle" (field
// "deps") when the links form a cycle. O((nodes + links) · log) time; pure and thread-safe.
core::Result<std::vector<NodeSchedule>> ComputeSchedule(std::span<const ScheduleNode> nodes, domain::Date today,
                                                        const domain::WorkCalendar& calendar);

}  // namespace gongjian::engine

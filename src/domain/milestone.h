#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/calendar.h"
#include "domain/date.h"

namespace gongjian::domain {

// A finish-to-start link: the node may be met no earlier than `lag_days` working days after
// its predecessor is met.
struct MilestoneDependency {
  int64_t predecessor_id = 0;
  int lag_days = 0;

  bool operator==(const MilestoneDependency&) const = default;
};

// A 关键节点 of a project (SPEC §4): a dated point the project must reach.
struct Milestone {
  int64_t id = 0;
  int64_t project_id = 0;
  int position = 0;  // order on the project's page
  std::string name;  // "施工许可"
  Date planned;
  std::optional<Date> actual;  // met on that day
  std::optional<int64_t> responsible_org_id;
  std::string responsible_person;
  std::string note;
  std::vector<MilestoneDependency> deps;
  int64_t version = 0;
};

inline constexpr size_t kMilestoneNameMaxChars = 50;
inline constexpr size_t kMilestonePersonMaxChars = 50;
inline constexpr size_t kMilestoneNoteMaxChars = 500;
inline constexpr size_t kMaxMilestoneDeps = 20;
inline constexpr int kMaxLagDays = 2000;
inline constexpr int kMaxMilestonesPerProject = 100;

// Checks the fields a user gives (trimming the texts): a name, a planned date, an actual date
// not after `today`, a person and note within their lengths, at most kMaxMilestoneDeps
// dependencies on distinct other nodes with lags in 0..kMaxLagDays. Errors name the field
// ("deps[1].lag_days").
core::Status ValidateMilestone(Milestone& m, Date today);

// Where a template node's planned date is counted from: the project's planned start or
// planned completion.
enum class MilestoneAnchor { kStart, kEnd };
std::string_view MilestoneAnchorName(MilestoneAnchor anchor);  // "start", "end"
std::optional<MilestoneAnchor> ParseMilestoneAnchor(std::string_view name);

struct TemplateNode {
  std::string name;
  MilestoneAnchor anchor = MilestoneAnchor::kStart;
  int offset_days = 0;  // calendar days after the anchor (before it when negative)

  bool operator==(const TemplateNode&) const = default;
};

// An editable list of nodes a project's milestones are generated from.
struct MilestoneTemplate {
  int64_t id = 0;
  std::string name;  // "产业项目"
  std::vector<TemplateNode> nodes;
  int64_t version = 0;
};

inline constexpr size_t kMaxTemplateNodes = 30;
inline constexpr int kMaxTemplateOffsetDays = 3650;

// A name; 1..kMaxTemplateNodes nodes with distinct names; offsets within ±kMaxTemplateOffsetDays.
core::Status ValidateMilestoneTemplate(MilestoneTemplate& t);

// The nodes of `t` for a project planned from `start` to `end`, in template order: each dated
// by its anchor and offset, positions 0.., and each after the first depending on the one before
// with the planned gap between them as its lag (so a slip moves the rest by as much), or lag 0
// where the template dates a node before its predecessor (then it gets no dependency at all).
// Lags are counted in `calendar`'s working days. Ids are left 0 and dependencies name
// predecessors by position (predecessor_id = position).
std::vector<Milestone> MilestonesFromTemplate(const MilestoneTemplate& t, Date start, Date end,
                                              const WorkCalendar& calendar);

}  // namespace gongjian::domain

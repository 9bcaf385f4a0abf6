#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/date.h"
#include "domain/milestone.h"
#include "domain/project.h"
#include "store/database.h"

namespace gongjian::demo {

// The milestone nodes (关键节点, SPEC §4) of one demo project, from the shipped template of its
// kind (infrastructure, social, or industry for the rest), dated by its planned start and
// completion. Projects in 谋划, 储备 or 退库, or without planned dates, have none.
// Nodes whose date has passed are met, mostly within days of their plan and sometimes weeks
// late; a project that started has met every node before 开工 (开工 itself on its actual start),
// a completed one every node to 竣工验收. About one project in eight has a node past its date and
// not met (overdue), the rest meet theirs. Deterministic for (project, index, seed). Dependencies
// name predecessors by position, as MilestonesFromTemplate returns them.
std::vector<domain::Milestone> GenerateMilestones(const domain::Project& project, size_t index,
                                                  const std::vector<domain::MilestoneTemplate>& templates,
                                                  domain::Date today, uint64_t seed);

// Inserts the nodes of every project (ids set) in batches, the responsible unit and person
// filled in, and links a quarter of the industrial projects not yet started to an
// infrastructure project of their town planned to finish its main works before they start
// (开工 waits a week after its 主体完工). Returns the number of nodes.
core::Result<int64_t> InsertMilestones(store::Connection& c, const std::vector<domain::Project>& projects,
                                       domain::Date today, uint64_t seed, const std::string& now);

}  // namespace gongjian::demo

#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/approval.h"
#include "domain/date.h"
#include "domain/project.h"
#include "store/database.h"

namespace gongjian::demo {

// How long a demo department takes, as a multiple of an item's time limit (the median of its
// durations): 自然资源和规划局 and 生态环境局 are slower than their limits, 发展和改革局 and
// 住房和城乡建设局 faster, so that the analytics show where approval is slow. 1.0 for others.
double DepartmentPace(const std::string& department);

// The approval items (前期手续, SPEC §6) of one demo project past 储备, from the template matching
// its category (domain::DefaultApprovalTemplateFor), with a realistic history: the stages follow
// one another towards the start (the actual one, or the planned one), the items of a stage are
// applied for within a few weeks of each other, each takes its department's pace times its limit
// with a log-normal spread, and some are not applicable. Items applied after `today` are not
// started; items not approved by `today` are in progress (and overdue when slow). A project that
// started has every item before 施工许可 obtained before its start; 竣工验收 items only follow a
// completed project. Departments are resolved among `departments`. Deterministic for (project,
// index, seed); every item passes domain::ValidateApprovalItem for `today`. Projects in 谋划, 储备
// or 退库, or without a planned start, get none.
std::vector<domain::ApprovalItem> GenerateApprovals(const domain::Project& project, size_t index,
                                                    const std::vector<domain::ApprovalTemplate>& templates,
                                                    const std::vector<domain::DepartmentName>& departments,
                                                    domain::Date today, uint64_t seed);

// Inserts the items of every project (ids set) in batches; returns how many.
core::Result<int64_t> InsertApprovals(store::Connection& c, const std::vector<domain::Project>& projects,
                                      domain::Date today, uint64_t seed, const std::string& now);

}  // namespace gongjian::demo

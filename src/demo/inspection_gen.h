#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/date.h"
#include "domain/project.h"
#include "store/database.h"

namespace gongjian::demo {

// The demo's inspections (督查/走访, SPEC §6): a dozen at district scale (a few more at larger
// scales, never more than kMaxDemoInspections), spread over the last year — the leaders' 走访
// (with the leader named) alternating with the office's 督查 — each visiting 1–4 projects in
// preparation or under construction in one town, with findings. Where a problem was raised on a
// visited project after the visit, the first such one is linked to it (problems.inspection_id), so
// the link shows both ways. `projects` carry their ids. Deterministic for `seed`. Returns how
// many inspections were recorded.
inline constexpr int64_t kMaxDemoInspections = 30;
core::Result<int64_t> InsertInspections(store::Connection& c, const std::vector<domain::Project>& projects,
                                        int64_t office_user_id, const std::vector<int64_t>& leader_user_ids,
                                        domain::Date today, uint64_t seed, const std::string& now);

}  // namespace gongjian::demo

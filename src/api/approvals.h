#pragma once

#include <cstdint>
#include <optional>

#include <nlohmann/json_fwd.hpp>

#include "api/context.h"
#include "http/router.h"
#include "store/database.h"

namespace gongjian::api {

// Pre-construction approvals (前期手续, SPEC §6): GET /api/approval-templates,
// GET/POST /api/projects/{id}/approvals, POST …/approvals/from-template,
// PATCH/DELETE /api/approvals/{id}, GET /api/approvals/analytics and GET /api/approvals/overdue.
void AddApprovalRoutes(http::Router& router, const ApiContext& ctx);

// The items in progress whose code is yellow or red today, visible to the request's user (their
// projects, or their department's items), grouped by department with the reddest departments
// first: {"today", "yellow", "red", "departments": [{"department_org_id", "department_name",
// "yellow", "red", "items": [at most `limit_per_department`, red first, then longest open]}]}.
// `department_org_id` narrows to one department. For GET /api/approvals/overdue and the to-do.
core::Result<nlohmann::json> OverdueApprovals(const ApiContext& ctx, store::Connection& c,
                                              const http::Request& request, std::optional<int64_t> department_org_id,
                                              int64_t limit_per_department);

}  // namespace gongjian::api

#pragma once

#include "api/context.h"
#include "domain/date.h"
#include "http/router.h"
#include "store/database.h"

namespace gongjian::api {

// Milestone nodes and their schedule (SPEC §4): GET/POST /api/projects/{id}/milestones,
// POST …/milestones/from-template, PATCH/DELETE /api/milestones/{id}, GET /api/milestones/search,
// the templates (/api/milestone-templates), the portfolio Gantt (GET /api/gantt) and the
// working-day calendar (GET/PUT /api/calendar).
void AddMilestoneRoutes(http::Router& router, const ApiContext& ctx);

// Recomputes every milestone's schedule as of `today` and stores the forecasts that moved
// (a node still unmet pushes its successors a day further each working day); returns how many.
// The daily recompute calls it before the warnings, which read the stored forecasts. Call
// inside Database::Write.
core::Result<int64_t> RefreshAllSchedules(store::Connection& c, domain::Date today);

}  // namespace gongjian::api

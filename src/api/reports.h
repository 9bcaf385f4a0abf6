#pragma once

#include "api/context.h"
#include "http/router.h"

namespace gongjian::api {

// Annual plans and monthly reports of the projects in the caller's scope: read with their
// derived figures, fill and submit (units and owners), return or accept (the office),
// correct an accepted report by a new version.
void AddReportRoutes(http::Router& router, const ApiContext& ctx);

// Dispatch rounds: open a month's round with its fill-in window (the office), the board of
// who has reported, extensions for late projects.
void AddRoundRoutes(http::Router& router, const ApiContext& ctx);

}  // namespace gongjian::api

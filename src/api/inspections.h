#pragma once

#include "api/context.h"
#include "http/router.h"

namespace gongjian::api {

// Inspections (督查/走访, SPEC §6): the leaders' and the office's site visits with the projects
// they visited, their findings and photos, and the problems raised from them.
// GET/POST /api/inspections, GET/PATCH /api/inspections/{id}, POST /api/inspections/{id}/photos,
// GET /api/inspections/{id}/photos/{photo}[/thumbnail]. An inspection is visible to whoever sees
// one of its projects; the office and leaders record and edit them (auth::Action::kInspectionWrite).
void AddInspectionRoutes(http::Router& router, const ApiContext& ctx);

}  // namespace gongjian::api

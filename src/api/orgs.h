#pragma once

#include "api/context.h"
#include "http/router.h"

namespace gongjian::api {

// GET/POST /api/orgs, GET/PATCH /api/orgs/{id}: the organisation tree.
void AddOrgRoutes(http::Router& router, const ApiContext& ctx);

}  // namespace gongjian::api

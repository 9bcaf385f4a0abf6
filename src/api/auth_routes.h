#pragma once

#include "api/context.h"
#include "http/router.h"

namespace gongjian::api {

// POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me, POST /api/auth/password,
// POST /api/auth/totp/setup, POST /api/auth/totp/enable.
void AddAuthRoutes(http::Router& router, const ApiContext& ctx);

}  // namespace gongjian::api

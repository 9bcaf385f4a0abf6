#pragma once

#include "api/context.h"
#include "http/router.h"

namespace gongjian::api {

// Accounts (system administrator): GET/POST /api/users, GET/PATCH /api/users/{id}.
// Grants (security administrator): PUT /api/users/{id}/grants, POST …/unlock, POST …/reset-password.
// Security policy: GET/PUT /api/security/policy. Audit (audit administrator): GET /api/audit,
// GET /api/audit/export (CSV, or format=xlsx).
void AddUserRoutes(http::Router& router, const ApiContext& ctx);

// A new one-time password that satisfies the default policy (20 characters, 4 classes).
std::string NewOneTimePassword();

}  // namespace gongjian::api

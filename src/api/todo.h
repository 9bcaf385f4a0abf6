#pragma once

#include "api/context.h"
#include "http/router.h"

namespace gongjian::api {

// The to-do page (GET /api/todo) and the office's reminders to report
// (POST /api/rounds/{id}/reminders).
void AddTodoRoutes(http::Router& router, const ApiContext& ctx);

}  // namespace gongjian::api

#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "api/context.h"
#include "core/embedded.h"
#include "http/router.h"

namespace gongjian::api {

// Every API route of the server, with its middleware. `ctx` must outlive the router.
std::shared_ptr<http::Router> BuildRouter(const ApiContext& ctx);

// The OpenAPI 3 document served at /api/openapi.json.
std::string_view OpenApiDocument();

}  // namespace gongjian::api
